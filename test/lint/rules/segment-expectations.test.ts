// segment-expectations: the enterprise buying committee is involved; an SMB process stays short.
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { BASE, testRule } from '../rule-tester.js';

/** An enterprise process whose tracks involve the whole committee; `buyer:` is line 6, column 3. */
const ENTERPRISE = `apiVersion: spx/v1
kind: SalesProcess
metadata: { name: ent, version: 1.0.0, segment: enterprise }
roles:
  seller: { ae: AE }
  buyer:
    sponsor: { title: Executive sponsor, decisionMaker: true }
    users: End users
    it: IT
    security: Security / InfoSec
    legal: Legal
    procurement: Procurement
    finance: Finance
start: review
steps:
  review:
    title: Reviews
    kind: review
    owner: ae
    parallel:
      tech: { owner: ae, with: [it, security, users], duration: 5 }
      paper: { owner: ae, with: [legal, procurement, finance], duration: 5 }
    exitCriteria: [Approved]
    next: [{ to: close, p: 0.8, within: 1 }, { to: lost, p: 0.2, reason: failed-review }]
  close: { title: Close, kind: close, ask: true, owner: ae, with: [sponsor], duration: 1, exitCriteria: [Signed], next: [{ to: won, p: 0.5 }, { to: lost, p: 0.5, reason: no-decision }] }
outcomes: { won: { result: won }, lost: { result: lost } }
`;

/** An SMB process of `count` steps in a row (s1 … close), one business day each plus a day between. */
const smbChain = (count: number) => {
  const ids = [...Array.from({ length: count - 1 }, (_, i) => `s${i + 1}`), 'close'];
  const steps = ids.slice(0, -1).map(
    (id, i) => `  ${id}: { title: Step ${i + 1}, kind: discovery, owner: ae, with: [owner], duration: 1, exitCriteria: [Done], next: [{ to: ${ids[i + 1]}, within: 1 }] }`,
  );
  return `apiVersion: spx/v1
kind: SalesProcess
metadata: { name: long, version: 1.0.0, segment: smb }
roles: { seller: { ae: AE }, buyer: { owner: { title: Owner, decisionMaker: true } } }
start: ${ids[0]}
steps:
${steps.join('\n')}
  close: { title: Close, kind: close, ask: true, owner: ae, with: [owner], duration: 1, exitCriteria: [Signed], next: [{ to: won, p: 0.5 }, { to: lost, p: 0.5, reason: no-fit }] }
outcomes: { won: { result: won }, lost: { result: lost } }
`;
};

// BASE's `segment: smb` is line 3, column 50.
testRule('segment-expectations', {
  valid: [
    { name: 'enterprise with the whole committee and a decision-maker involved', yaml: ENTERPRISE },
    { name: 'a short SMB process (2 steps, 4 days)', yaml: BASE },
    { name: 'an SMB process of exactly 5 steps', yaml: smbChain(5) },
    { name: 'mid-market is not checked', yaml: smbChain(9).replace('segment: smb', 'segment: mid-market') },
    {
      name: 'an SMB minimal path of 6 steps, one of them internal (deal desk): 5 with the buyer',
      yaml: smbChain(6).replace('s5: { title: Step 5, kind: discovery, owner: ae, with: [owner],', 's5: { title: Deal desk, kind: internal, owner: ae,'),
    },
    {
      name: 'role words match at the start of a word of the id or title, case-insensitively',
      yaml: ENTERPRISE.replace('it: IT', 'tech: { title: IT operations }').replace('[it, security, users]', '[tech, security, users]'),
    },
  ],
  invalid: [
    {
      name: 'a committee role defined but never involved',
      yaml: ENTERPRISE.replace('[it, security, users]', '[security, users]'),
      errors: [{ line: 6, column: 3, message: 'enterprise process never involves buyer role "it"; add it to the `with` of the step' }],
    },
    {
      name: '"it" is not satisfied by "security", and no decision-maker takes part',
      yaml: ENTERPRISE.replace('    it: IT\n', '').replace('[it, security, users]', '[security, users]').replace('decisionMaker: true', 'decisionMaker: false'),
      errors: [
        { line: 6, column: 3, message: 'enterprise process has no "it" buyer role; define one' },
        { line: 6, column: 3, message: 'enterprise process never involves a decision-maker' },
      ],
    },
    {
      name: 'an SMB minimal path of 6 steps',
      yaml: smbChain(6),
      errors: [{ line: 3, column: 50, message: 'SMB process needs at least 6 steps to win (s1 → s2 → s3 → s4 → s5 → close), over 5;' }],
    },
    {
      name: 'an SMB minimal path of 7 steps, one internal: 6 with the buyer, and the internal one is not listed',
      yaml: smbChain(7).replace('s3: { title: Step 3, kind: discovery, owner: ae, with: [owner],', 's3: { title: Deal desk, kind: internal, owner: ae,'),
      errors: [{ line: 3, column: 50, message: 'SMB process needs at least 6 steps to win (s1 → s2 → s4 → s5 → s6 → close), over 5;' }],
    },
    {
      name: 'an SMB won cycle of 53 business days',
      yaml: BASE.replace('duration: 1\n    next:\n      - { to: close', 'duration: 50\n    next:\n      - { to: close'),
      errors: [{ line: 3, column: 50, message: "SMB process's expected cycle of won deals is 53 business days, over 45;" }],
    },
  ],
});

describe('segment-expectations options', () => {
  const run = (yaml: string, options: Record<string, unknown>) =>
    lint([{ file: 'test.yaml', contents: yaml }], { file: undefined, rules: { 'segment-expectations': options }, ignore: [] })
      .flatMap((r) => r.diagnostics)
      .filter((d) => d.ruleId === 'segment-expectations')
      .map((d) => d.message);

  it('reads smbMaxSteps and smbMaxCycleDays', () => {
    expect(run(smbChain(6), { smbMaxSteps: 6 })).toEqual([]);
    expect(run(BASE, { smbMaxSteps: 1, smbMaxCycleDays: 3.5 })).toEqual([
      'SMB process needs at least 2 steps to win (call → close), over 1; merge or drop steps, or raise smbMaxSteps',
      "SMB process's expected cycle of won deals is 4 business days, over 3.5; shorten steps, or raise smbMaxCycleDays",
    ]);
  });
  it('reads enterpriseRoles', () => {
    expect(run(ENTERPRISE, { enterpriseRoles: ['security', 'champion'] })).toEqual([
      'enterprise process has no "champion" buyer role; define one (its id or title containing the word "champion") and add it to a step\'s `with`',
    ]);
    expect(run(ENTERPRISE.replace('[legal, procurement, finance]', '[procurement]'), { enterpriseRoles: ['Procurement', 'executive sponsor'] })).toEqual([]);
    expect(run(ENTERPRISE.replace('[it, security, users]', '[it, users]'), { enterpriseRoles: ['infosec'] })).toEqual([
      'enterprise process never involves buyer role "security" (for "infosec"); add it to the `with` of the step where it takes part',
    ]);
  });
});
