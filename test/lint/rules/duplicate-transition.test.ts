// duplicate-transition: two transitions of one step to the same place for the same reason (a warning).
import { BASE, testRule } from '../rule-tester.js';

testRule('duplicate-transition', {
  valid: [
    { name: 'the base process (lost from two different steps)', yaml: BASE },
    {
      name: 'two ways to lose with different reasons are a loss breakdown',
      yaml: BASE.replace('{ to: lost, p: 0.4, reason: no-fit }', '{ to: lost, p: 0.3, reason: no-fit }\n      - { to: lost, p: 0.1, reason: no-budget }'),
    },
  ],
  invalid: [
    {
      name: 'the same step twice, neither with a reason: reported at the second',
      yaml: BASE.replace('{ to: close, p: 0.6, within: 2 }', '{ to: close, p: 0.4, within: 2 }\n      - { to: close, p: 0.2, within: 5 }'),
      errors: [{ line: 18, column: 9, message: 'step "call" already goes to "close" (transition 1); merge the two into one transition and add up their p' }],
    },
    {
      name: 'the same outcome twice for the same reason',
      yaml: BASE.replace('{ to: lost, p: 0.5, reason: no-decision }', '{ to: lost, p: 0.25, reason: no-decision }\n      - { to: lost, p: 0.25, reason: no-decision }'),
      errors: [{ line: 32, column: 9, message: 'step "close" already goes to "lost" for reason no-decision (transition 2); merge the two into one transition and add up their p' }],
    },
  ],
});
