// The cause first: a typo gives the finding that names it, not the findings that only follow from it; load errors
// that leave rules unrun do not make directives look unused; common YAML slips get a message that says the fix.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/engine.js';
import { RULES } from '../../src/lint/rules/index.js';
import { BASE } from './rule-tester.js';

const all = (yaml: string, rules = RULES) =>
  lint([{ file: 'test.yaml', contents: yaml }], { file: undefined, rules: {}, ignore: [] }, rules)[0]!.diagnostics.map(
    (d) => `${d.ruleId} ${d.line}:${d.column} ${d.message}`,
  );
const ruleIds = (yaml: string, config: Record<string, 'off'> = {}) =>
  lint([{ file: 'test.yaml', contents: yaml }], { file: undefined, rules: config, ignore: [] })[0]!.diagnostics.map((d) => d.ruleId);

/** BASE with `comment` inserted as line `line`. */
const withLine = (line: number, comment: string): string => {
  const lines = BASE.split('\n');
  lines.splice(line - 1, 0, comment);
  return lines.join('\n');
};

describe('cause first: unknown references make path and involvement findings moot', () => {
  const typo = BASE.replace('{ to: close, p: 0.6, within: 2 }', '{ to: clsoe, p: 0.6, within: 2 }');

  it('one typo in next.to gives one finding, with the id it meant', () => {
    expect(all(typo)).toEqual(['unknown-reference 17:15 "clsoe" is neither a step nor an outcome; did you mean "close"?']);
  });

  it('the bundled enterprise process with one misspelt next.to: one finding, not a cascade and a 0% win rate', () => {
    const enterprise = readFileSync('processes/enterprise.yaml', 'utf8');
    const line = enterprise.split('\n').findIndex((l) => l.includes('{ to: solution-demos')) + 1;
    const found = all(enterprise.replace('{ to: solution-demos', '{ to: solution-demo'));
    expect(found).toEqual([expect.stringMatching(new RegExp(`^unknown-reference ${line}:\\d+ "solution-demo" is neither a step nor an outcome; did you mean "solution-demos"\\?$`))]);
  });

  it('without the cause reported (unknown-reference off), the path rules report what they see', () => {
    expect(ruleIds(typo, { 'unknown-reference': 'off' })).toEqual(['no-path-to-won', 'unreachable-step']);
  });

  it('a misspelt buyer role in `with` silences the involvement rules too', () => {
    const role = BASE.replace('    with: [owner]\n    duration: 1\n    exitCriteria: [Order signed]', '    with: [ownr]\n    duration: 1\n    exitCriteria: [Order signed]');
    expect(all(role)).toEqual(['unknown-reference 26:12 "ownr" is not a buyer role; did you mean "owner"?']);
  });

  it('a misspelt seller owner changes no path: the path rules still run', () => {
    const owner = BASE.replace('  close:\n    title: Ask for the order\n    kind: close\n    ask: true\n    requires: { involved: [owner] }\n    owner: ae', '  close:\n    title: Ask for the order\n    kind: close\n    ask: true\n    requires: { involved: [owner] }\n    owner: aee');
    expect(ruleIds(owner.replace('kind: demo', 'kind: discovery'))).toEqual(['value-not-presented', 'unknown-reference']);
  });
});

describe('unused-disable-directive only when the rules ran', () => {
  const directive = '    # spx-disable-next-line no-owner -- assigned per deal';

  it('is reported on a file that loads and where the rule ran', () => {
    expect(ruleIds(withLine(13, directive))).toEqual(['unused-disable-directive']);
  });

  it('is not reported on a file with a schema error: no rule ran', () => {
    expect(ruleIds(withLine(13, directive).replace('kind: demo', 'kind: demo\n    colour: red'))).toEqual(['schema']);
  });

  it('is not reported on a file with a YAML syntax error', () => {
    const found = ruleIds(`${withLine(13, directive)}  bad: [\n`);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set(['yaml-syntax']));
  });

  it('is not reported for a rule skipped because an unknown reference made it moot', () => {
    const yaml = withLine(10, '  # spx-disable-next-line unreachable-step -- reached from another process').replace('{ to: close, p: 0.6', '{ to: clsoe, p: 0.6');
    expect(ruleIds(yaml)).toEqual(['unknown-reference']);
  });

  it('a misspelt rule id is reported whatever else is wrong, with the rule it was meant to be', () => {
    const yaml = withLine(13, '    # spx-disable-next-line no-ownr').replace('kind: demo', 'kind: demo\n    colour: red');
    expect(all(yaml).filter((d) => d.startsWith('unused'))).toEqual(['unused-disable-directive 14:5 unknown rule no-ownr; did you mean no-owner?']);
  });

  it('naming a loader rule is always wrong: its findings cannot be silenced', () => {
    expect(all(`${BASE}# spx-disable-next-line schema\n`)).toEqual([
      'unused-disable-directive 33:1 schema findings cannot be silenced (the file has no model until they are fixed); remove schema from this directive',
    ]);
  });
});

describe('YAML slips, one message each that says the fix', () => {
  it('one tab in the indentation is one diagnostic, not one per later line', () => {
    const yaml = BASE.replace('    kind: demo\n    owner: ae\n', '    kind: demo\n\towner: ae\n');
    expect(all(yaml)).toEqual(['yaml-syntax 13:1 Tabs are not allowed as indentation; fix the YAML syntax']);
  });

  it('a comma inside { } ends the value: quote it', () => {
    const yaml = BASE.replace('{ to: lost, p: 0.4, reason: no-fit }', '{ to: lost, p: 0.4, reason: no-fit, no-budget }');
    expect(all(yaml)).toEqual([
      'schema 18:45 unknown field "no-budget" in steps.call.next[1]: a comma inside { } ends the value; quote it (reason: "no-fit, no-budget")',
    ]);
  });

  it('p: 65 and p: 65% are percentages: write 0.65', () => {
    expect(all(BASE.replace('{ to: close, p: 0.6,', '{ to: close, p: 60,'))).toEqual([
      'schema 17:25 steps.call.next[0].p is a probability from 0 to 1, not a percentage: write 0.6',
    ]);
    expect(all(BASE.replace('{ to: close, p: 0.6,', '{ to: close, p: 65%,'))).toEqual([
      'schema 17:25 steps.call.next[0].p is a probability from 0 to 1, not a percentage: write 0.65',
    ]);
  });

  it('targets.winRate: 25% likewise; a p of 150 is no percentage and keeps the plain message', () => {
    expect(all(BASE.replace('start: call', 'targets: { winRate: 25% }\nstart: call'))).toEqual([
      'schema 8:21 targets.winRate is a probability from 0 to 1, not a percentage: write 0.25',
    ]);
    expect(all(BASE.replace('{ to: close, p: 0.6,', '{ to: close, p: 150,'))).toEqual(['schema 17:25 steps.call.next[0].p must be <= 1']);
  });
});
