// The classifier on the crm block and calendar.timeZone: crm changes are minor (like appliesTo), the time zone patch.
import { describe, expect, it } from 'vitest';
import { compareProcesses } from '../../src/diff/changes.js';
import { diffProcesses } from '../../src/diff/diff.js';
import { edit, FIXTURE, source } from './fixture.js';

/** The fixture with a crm block (after the outcomes). */
const WITH_CRM = `${FIXTURE}crm:
  pipeline: default
  stages:
    appointmentscheduled: discovery
    qualifiedtobuy: [demo, review]
    contractsent: close
    closedwon: won
    closedlost: lost
  roles:
    Decision Maker: owner
    Technical Buyer: it
`;

function summary(after: string, before = WITH_CRM): string[] {
  const o = source(before, 'old.yaml');
  const n = source(after);
  return compareProcesses({ process: o.process, data: o.parsed.data }, { process: n.process, data: n.parsed.data }).map(
    (c) => `${c.kind} ${c.location} ${c.bump}: ${c.message}`,
  );
}

const cases: [name: string, after: string, expected: string[]][] = [
  ['nothing changed', WITH_CRM, []],
  ['the crm block added', WITH_CRM, ['added crm minor: crm added']],
  ['the pipeline changed', edit(WITH_CRM, ['pipeline: default', 'pipeline: enterprise']), ['changed crm minor: crm.pipeline changed']],
  ['the pipeline removed (the process now claims every deal)', edit(WITH_CRM, ['  pipeline: default\n', '']), ['changed crm minor: crm.pipeline changed']],
  ['a stage added', edit(WITH_CRM, ['    closedwon: won\n', '    closedwon: won\n    "Closed Won": won\n']), ['added crm minor: CRM stage Closed Won added']],
  ['a stage removed', edit(WITH_CRM, ['    closedlost: lost\n', '']), ['removed crm minor: CRM stage closedlost removed']],
  ['a stage retargeted', edit(WITH_CRM, ['qualifiedtobuy: [demo, review]', 'qualifiedtobuy: demo']), ['changed crm minor: CRM stage qualifiedtobuy: target changed']],
  ['a stage list reordered, or a one-item list for its id: no change', edit(WITH_CRM, ['qualifiedtobuy: [demo, review]', 'qualifiedtobuy: [review, demo]'], ['contractsent: close', 'contractsent: [close]']), []],
  ['a CRM role added', edit(WITH_CRM, ['    Technical Buyer: it\n', '    Technical Buyer: it\n    Champion: champion\n']), ['added crm minor: CRM role Champion added']],
  ['a CRM role remapped', edit(WITH_CRM, ['Technical Buyer: it', 'Technical Buyer: champion']), ['changed crm minor: CRM role Technical Buyer: buyer role changed']],
  ['a CRM role removed', edit(WITH_CRM, ['    Decision Maker: owner\n', '']), ['removed crm minor: CRM role Decision Maker removed']],
  [
    'a renamed step is followed into crm.stages: one change',
    WITH_CRM.replace(/\bclose(?=[:,\]}\n])/g, (m, offset: number, all: string) => (all.slice(offset - 6, offset) === 'kind: ' ? m : 'ask')),
    ['renamed step major: step close renamed to ask'],
  ],
  ['a renamed buyer role is followed into crm.roles: one change', WITH_CRM.replace(/\bit\b(?=[:,\]\n])/g, 'infosec').replace('it: IT', 'infosec: IT'), ['renamed role minor: buyer role it renamed to infosec']],
  ['the time zone set', edit(WITH_CRM, ['holidays: [2026-12-25] }', 'holidays: [2026-12-25], timeZone: Europe/Berlin }']), ['changed calendar patch: calendar.timeZone changed']],
  ['UTC written out: no change (it is the default)', edit(WITH_CRM, ['holidays: [2026-12-25] }', 'holidays: [2026-12-25], timeZone: UTC }']), []],
];

describe('compareProcesses: crm and time zone', () => {
  it.each(cases)('%s', (name, after, expected) => {
    expect(summary(after, name === 'the crm block added' ? FIXTURE : WITH_CRM)).toEqual(expected);
  });

  it('the crm block removed is minor', () => {
    expect(summary(FIXTURE)).toEqual(['removed crm minor: crm removed']);
  });

  it('values as written and paths: a retargeted stage', () => {
    const o = source(WITH_CRM, 'old.yaml');
    const n = source(edit(WITH_CRM, ['qualifiedtobuy: [demo, review]', 'qualifiedtobuy: demo']));
    const [change] = compareProcesses({ process: o.process, data: o.parsed.data }, { process: n.process, data: n.parsed.data });
    expect(change).toMatchObject({ path: ['crm', 'stages', 'qualifiedtobuy'], before: ['demo', 'review'], after: 'demo', bump: 'minor' });
  });

  it('spx diff needs a minor bump for a crm change, and finds a patch bump too small', () => {
    const o = source(WITH_CRM, 'old.yaml');
    const n = source(edit(WITH_CRM, ['version: 1.0.0', 'version: 1.0.1'], ['    closedlost: lost\n', '']));
    const diff = diffProcesses(o, n);
    expect([diff.needed, diff.declared, diff.ok, diff.suggestedVersion]).toEqual(['minor', 'patch', false, '1.1.0']);
  });
});
