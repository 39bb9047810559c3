// crm-step-in-two-stages: stages whose step sets overlap must name the same set; reported at the later stage.
import { testRule } from '../rule-tester.js';

/** Steps a, b, c, d (file order) and outcomes won, lost; the crm block starts on line 13. */
const withStages = (stages: string): string => `apiVersion: spx/v1
kind: SalesProcess
metadata: { name: t, version: 1.0.0, segment: smb }
roles: { seller: { ae: AE }, buyer: { owner: { title: Owner, decisionMaker: true } } }
start: a
steps:
  a: { duration: 1, next: [{ to: b }] }
  b: { duration: 1, next: [{ to: c }] }
  c: { duration: 1, next: [{ to: d }] }
  d: { ask: true, duration: 1, next: [{ to: won, p: 0.5 }, { to: lost, p: 0.5 }] }
outcomes: { won: { result: won }, lost: { result: lost } }
crm:
  stages:
${stages.split('\n').map((l) => `    ${l}\n`).join('')}`;

testRule('crm-step-in-two-stages', {
  valid: [
    { name: 'one stage per step', yaml: withStages('s1: a\ns2: b\ns3: c\ns4: d\nclosedwon: won') },
    { name: 'the same step set under two names, in any order', yaml: withStages('working: [b, c]\n"In progress": [c, b]\nclosedwon: won') },
    { name: 'disjoint groups and silent steps', yaml: withStages('early: [a, b]\nlate: d\nclosedwon: won') },
  ],
  invalid: [
    {
      name: 'a step alone and in a group',
      yaml: withStages('demo: b\nworking: [b, c]\nclosedwon: won'),
      errors: [{ line: 15, column: 14, message: 'stage "working" maps to [b, c] and stage "demo" to [b]: step b would be in two groups; map both stages to the same steps, or to steps that do not overlap' }],
    },
    {
      name: 'two overlapping groups, and a third overlapping both: one finding per later stage',
      yaml: withStages('early: [a, b, c]\nmiddle: [b, c, d]\nlate: [d, a]'),
      errors: [
        { line: 15, column: 13, message: 'steps b, c would be in two groups' },
        { line: 16, column: 11, message: 'stage "late" maps to [a, d] and stage "early" to [a, b, c]: step a' },
      ],
    },
  ],
});
