// duration-order: durations and waits are non-negative, sensible, and ordered min ≤ likely ≤ max.
import { BASE, processDoc, testRule } from '../rule-tester.js';

const doc = (...lines: string[]): string => processDoc(lines);

testRule('duration-order', {
  valid: [
    { name: 'the base process', yaml: BASE },
    {
      name: 'zero, min = likely = max, likely at a bound, uniform, weeks',
      yaml: doc(
        'a: { duration: 0, next: [{ to: b, within: { min: 2, likely: 2, max: 2 } }] }',
        'b: { duration: { min: 0, likely: 0, max: 3 }, next: [{ to: c, within: "2w" }] }',
        'c: { duration: { min: 1, max: 4, dist: uniform }, next: [{ to: d, within: { min: 1, likely: 4, max: 4, dist: triangular } }] }',
        'd: { parallel: { x: { duration: 1 }, y: { duration: { min: 1, likely: 2, max: 3 } } }, next: [{ to: won }] }',
      ),
    },
    { name: 'uniform ignores a likely outside its bounds', yaml: doc('a: { duration: { min: 1, likely: 9, max: 4, dist: uniform }, next: [{ to: won }] }') },
  ],
  invalid: [
    {
      name: 'a negative step duration in the base process',
      yaml: BASE.replace('    duration: 1\n    next', '    duration: -1\n    next'),
      errors: [{ line: 15, column: 15, message: 'duration is negative; business days must be 0 or more' }],
    },
    {
      name: 'min greater than likely: reported at the estimate',
      yaml: doc('a: { duration: { min: 5, likely: 3, max: 10 }, next: [{ to: won }] }'),
      errors: [{ line: 7, column: 18, message: 'min (5) is greater than likely (3); order them min ≤ likely ≤ max' }],
    },
    {
      name: 'a calendar-day estimate out of order: quoted in its calendar days, as written',
      yaml: doc('a: { duration: { min: 3, likely: 10, max: 7, unit: calendar-days }, next: [{ to: won }] }'),
      errors: [{ line: 7, column: 18, message: 'likely (10) is greater than max (7); order them min ≤ likely ≤ max' }],
    },
    {
      name: 'likely greater than max on a within',
      yaml: BASE.replace('within: 2', 'within: { min: 1, likely: 8, max: 5 }'),
      errors: [{ line: 17, column: 38, message: 'likely (8) is greater than max (5); order them min ≤ likely ≤ max' }],
    },
    {
      name: 'a uniform track whose min is above its max',
      yaml: doc('a:', '  parallel:', '    x: { duration: 1 }', '    y: { duration: { min: 6, max: 2, dist: uniform } }', '  next: [{ to: won }]'),
      errors: [{ line: 10, column: 22, message: 'min (6) is greater than max (2); swap them' }],
    },
    {
      name: 'an absurd number of days, and a negative wait',
      yaml: doc('a: { duration: 1e9, next: [{ to: b, within: -2 }] }', 'b: { duration: 1, next: [{ to: won }] }'),
      errors: [
        { line: 7, column: 18, message: 'duration is not a sensible number of business days (at most 1,000,000); fix the estimate' },
        { line: 7, column: 47, message: /negative/ },
      ],
    },
  ],
});
