// value-not-presented: a path reaches an ask step with no earlier demo, trial or proposal step (a warning).
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...lines: string[]): string => processDoc(lines);

testRule('value-not-presented', {
  valid: [
    { name: 'the base process (a demo first)', yaml: BASE },
    {
      name: 'a demo on one branch and a proposal on the other',
      yaml: doc(
        'a: { kind: discovery, duration: 1, next: [{ to: demo, p: 0.5 }, { to: offer, p: 0.5 }] }',
        'demo: { kind: demo, duration: 1, next: [{ to: ask }] }',
        'offer: { kind: proposal, duration: 1, next: [{ to: ask }] }',
        'ask: { kind: close, ask: true, duration: 1, next: [{ to: won }] }',
      ),
    },
    {
      name: 'a trial presents the value: the buyer uses the product (a product-led motion)',
      yaml: doc(
        'a: { kind: discovery, duration: 1, next: [{ to: trial }] }',
        'trial: { kind: trial, duration: 10, next: [{ to: ask }] }',
        'ask: { kind: close, ask: true, duration: 1, next: [{ to: won }] }',
      ),
    },
    { name: 'no ask step (no-ask-step reports it)', yaml: doc('a: { kind: discovery, duration: 1, next: [{ to: won }] }') },
  ],
  invalid: [
    {
      name: 'no demo or proposal at all',
      yaml: doc('a: { kind: discovery, duration: 1, next: [{ to: ask }] }', 'ask: { kind: close, ask: true, duration: 1, next: [{ to: won }] }'),
      errors: [{ line: 8, column: 3, message: 'a path a → ask reaches the ask with no demo, trial or proposal before it; add a step of kind demo, trial or proposal on every path to "ask"' }],
    },
    {
      name: 'a shortcut past the demo; the ask step being a demo itself does not count',
      yaml: doc(
        'a: { kind: discovery, duration: 1, next: [{ to: demo, p: 0.8 }, { to: ask, p: 0.2 }] }',
        'demo: { kind: demo, duration: 1, next: [{ to: ask }] }',
        'ask: { kind: demo, ask: true, duration: 1, next: [{ to: won }] }',
      ),
      errors: [{ line: 9, column: 3, message: /a path a → ask / }],
    },
  ],
});
