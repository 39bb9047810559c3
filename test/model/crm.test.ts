// The observed mapping: groups, their ids and stages, silent steps and stage resolution, one case per row.
import { describe, expect, it } from 'vitest';
import { observedMapping, type ObservedMapping } from '../../src/model/crm.js';
import { loadProcess } from '../../src/model/process-file.js';

/** Four steps in the file order a, b, c, d (a chain) and three outcomes; `crm` is appended as written. */
const processWith = (crm: string) => {
  const yaml = `apiVersion: spx/v1
kind: SalesProcess
metadata: { name: t, version: 1.0.0, segment: smb }
roles: { seller: { ae: AE }, buyer: { owner: { title: Owner, decisionMaker: true } } }
start: a
steps:
  a: { duration: 1, next: [{ to: b, p: 0.5 }, { to: lost, p: 0.5 }] }
  b: { duration: 1, next: [{ to: c }] }
  c: { duration: 1, next: [{ to: d }] }
  d: { ask: true, duration: 1, next: [{ to: won, p: 0.5 }, { to: lost-to-competitor, p: 0.5 }] }
outcomes: { won: { result: won }, lost: { result: lost }, lost-to-competitor: { result: lost } }
${crm}`;
  const loaded = loadProcess('t.yaml', yaml);
  expect(loaded.diagnostics).toEqual([]);
  return loaded.process!;
};

/** The mapping as plain data: groups as `id [stages] → steps`, then the silent steps. */
const shape = (mapping: ObservedMapping) => ({
  groups: mapping.groups.map((g) => `${g.id} [${g.stages.join(', ')}] → ${g.steps.join(', ')}`),
  groupOfStep: Object.fromEntries(mapping.groupOfStep),
  silent: mapping.silentSteps,
});

/** What each stage resolves to: `group ID`, `outcome ID`, or `-` for nothing. */
const resolved = (mapping: ObservedMapping, stages: readonly string[]) =>
  Object.fromEntries(
    stages.map((s) => {
      const t = mapping.resolveStage(s);
      return [s, !t ? '-' : t.kind === 'group' ? `group ${t.group.id}` : `outcome ${t.outcome}`];
    }),
  );

const cases: {
  name: string;
  crm: string;
  groups: string[];
  groupOfStep: Record<string, string>;
  silent: string[];
  resolves: Record<string, string>;
}[] = [
  {
    name: 'no crm block: every step is its own group, outcome ids are outcomes',
    crm: '',
    groups: ['a [a] → a', 'b [b] → b', 'c [c] → c', 'd [d] → d'],
    groupOfStep: { a: 'a', b: 'b', c: 'c', d: 'd' },
    silent: [],
    resolves: { a: 'group a', d: 'group d', won: 'outcome won', 'lost-to-competitor': 'outcome lost-to-competitor', closedwon: '-', A: '-' },
  },
  {
    name: 'a crm block with only a pipeline behaves like no stages',
    crm: 'crm: { pipeline: default }',
    groups: ['a [a] → a', 'b [b] → b', 'c [c] → c', 'd [d] → d'],
    groupOfStep: { a: 'a', b: 'b', c: 'c', d: 'd' },
    silent: [],
    resolves: { b: 'group b', lost: 'outcome lost' },
  },
  {
    name: 'one stage per step, ids and labels of the same stage share the group (id = first name)',
    crm: `crm:
  stages:
    appointmentscheduled: a
    "Appointment Scheduled": a
    qualifiedtobuy: b
    presentationscheduled: c
    contractsent: d
    closedwon: won
    "Closed Won": won
    closedlost: lost`,
    groups: ['appointmentscheduled [appointmentscheduled, Appointment Scheduled] → a', 'qualifiedtobuy [qualifiedtobuy] → b', 'presentationscheduled [presentationscheduled] → c', 'contractsent [contractsent] → d'],
    groupOfStep: { a: 'appointmentscheduled', b: 'qualifiedtobuy', c: 'presentationscheduled', d: 'contractsent' },
    silent: [],
    resolves: {
      'Appointment Scheduled': 'group appointmentscheduled',
      contractsent: 'group contractsent',
      'Closed Won': 'outcome won',
      closedlost: 'outcome lost',
      a: '-',
      won: '-',
      'lost-to-competitor': '-',
    },
  },
  {
    name: 'a stage recording several steps; the same set in another order is the same group; steps in file order',
    crm: `crm:
  stages:
    working: [c, b]
    "In progress": [b, c]
    start: a
    closedwon: [won]`,
    groups: ['working [working, In progress] → b, c', 'start [start] → a'],
    groupOfStep: { a: 'start', b: 'working', c: 'working' },
    silent: ['d'],
    resolves: { working: 'group working', 'In progress': 'group working', start: 'group start', closedwon: 'outcome won', d: '-' },
  },
  {
    name: 'silent steps: steps no stage names',
    crm: `crm:
  stages:
    contractsent: d
    closedwon: won`,
    groups: ['contractsent [contractsent] → d'],
    groupOfStep: { d: 'contractsent' },
    silent: ['a', 'b', 'c'],
    resolves: { contractsent: 'group contractsent', closedwon: 'outcome won' },
  },
  {
    name: 'stages naming nothing resolve to nothing (unknown id, an outcome among steps, an outcome list)',
    crm: `crm:
  stages:
    ghost: nowhere
    mixed: [a, won]
    partly: [a, nowhere]
    outcomes: [won, lost]
    fine: b`,
    groups: ['fine [fine] → b'],
    groupOfStep: { b: 'fine' },
    silent: ['a', 'c', 'd'],
    resolves: { ghost: '-', mixed: '-', partly: '-', outcomes: '-', fine: 'group fine' },
  },
  {
    name: 'overlapping step sets: two groups, the shared step belongs to the first',
    crm: `crm:
  stages:
    early: [a, b]
    middle: [b, c]`,
    groups: ['early [early] → a, b', 'middle [middle] → b, c'],
    groupOfStep: { a: 'early', b: 'early', c: 'middle' },
    silent: ['d'],
    resolves: { early: 'group early', middle: 'group middle' },
  },
];

describe('observedMapping', () => {
  for (const c of cases) {
    it(c.name, () => {
      const mapping = observedMapping(processWith(c.crm));
      expect(shape(mapping)).toEqual({ groups: c.groups, groupOfStep: c.groupOfStep, silent: c.silent });
      expect(resolved(mapping, Object.keys(c.resolves))).toEqual(c.resolves);
    });
  }

  it('a stage resolves to the very group object listed in `groups`', () => {
    const mapping = observedMapping(processWith('crm: { stages: { x: [a, b], y: [b, a] } }'));
    const target = mapping.resolveStage('y');
    expect(target?.kind === 'group' && target.group).toBe(mapping.groups[0]);
  });
});
