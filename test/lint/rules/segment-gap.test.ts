// segment-gap: prospects no process covers, by interval reasoning on employees (integers) and arr (reals).
import { scopedProcess as scoped, testRule } from '../rule-tester.js';

// Columns on line 5: `appliesTo: { employees: { max: 49 } }` puts 49 at 32; `{ employees: { min: 100, max: 999 } }`
// puts 100 at 32 and 999 at 42.
testRule('segment-gap', {
  valid: [
    {
      name: 'the bundled tiling: a max of 49 and a min of 50 are adjacent head counts',
      yaml:
        scoped('smb', '{ employees: { max: 49 }, industries: [any] }') +
        scoped('mid-market', '{ employees: { min: 50, max: 999 }, industries: [any] }') +
        scoped('enterprise', '{ employees: { min: 1000 } }'),
    },
    {
      name: 'one process alone is not checked',
      yaml: scoped('mid-market', '{ employees: { min: 50, max: 999 } }'),
    },
    {
      name: 'processes without appliesTo are ignored, so one scoped process is still alone',
      yaml: scoped('a', undefined) + scoped('mid-market', '{ employees: { min: 50, max: 999 } }'),
    },
    {
      name: 'arr bounds that share a value leave no gap; an unbounded process covers every head count',
      yaml: scoped('mid', '{ arr: { max: 100000 } }') + scoped('strategic', '{ arr: { min: 100000 } }'),
    },
    {
      name: 'an industry process fills its part of the any gap without a report of its own',
      yaml: scoped('all', '{ employees: { min: 1 } }') + scoped('health', '{ employees: { min: 50, max: 99 }, industries: [healthcare] }'),
    },
    {
      name: 'a partner process for part of the range fills nothing for other sources, but a direct range covers partner leads',
      yaml:
        scoped('smb', '{ employees: { max: 49 } }') +
        scoped('mid-market', '{ employees: { min: 50 } }') +
        scoped('partner-mid-market', '{ employees: { min: 100, max: 999 }, sources: [partner] }'),
    },
  ],
  invalid: [
    {
      name: 'a gap between two ranges: reported at the max just before it',
      yaml: scoped('smb', '{ employees: { max: 49 } }') + scoped('mid-market', '{ employees: { min: 100 } }'),
      errors: [
        {
          file: 'processes/smb.yaml',
          line: 5,
          column: 32,
          message: 'no process covers employees 50–99 (industry any): widen smb (max 49) or mid-market (min 100)',
        },
      ],
    },
    {
      name: 'gaps at the start and at the end',
      yaml: scoped('mid-market', '{ employees: { min: 100, max: 999 } }') + scoped('smb', '{ employees: { min: 10, max: 99 } }'),
      errors: [
        { file: 'processes/mid-market.yaml', line: 5, column: 42, message: 'no process covers employees 1000+ (industry any): widen mid-market (max 999) or add a process for them' },
        { file: 'processes/smb.yaml', line: 5, column: 32, message: 'no process covers employees 1–9 (industry any): widen smb (min 10) or add a process for them' },
      ],
    },
    {
      name: 'arr max 99999 and min 100000 leave (99999, 100000) uncovered',
      yaml: scoped('mid', '{ arr: { max: 99999 } }') + scoped('strategic', '{ arr: { min: 100000 } }'),
      errors: [
        {
          file: 'processes/mid.yaml',
          line: 5,
          column: 26,
          message: 'no process covers arr above 99999 and below 100000 (industry any): widen mid (max 99999) or strategic (min 100000)',
        },
      ],
    },
    {
      name: 'no process for any industry: each industry is checked alone, one report per gap',
      yaml:
        scoped('small', '{ employees: { max: 49 }, industries: [healthcare, fintech] }') +
        scoped('large', '{ employees: { min: 100 }, industries: [healthcare, fintech] }'),
      errors: [{ file: 'processes/small.yaml', line: 5, column: 32, message: 'no process covers employees 50–99 (industries healthcare, fintech)' }],
    },
    {
      name: 'a partner-only process does not cover direct leads: the gap names the sources left out',
      yaml:
        scoped('smb', '{ employees: { max: 49 } }') +
        scoped('partner-mid-market', '{ employees: { min: 50, max: 999 }, sources: [partner] }') +
        scoped('enterprise', '{ employees: { min: 1000 } }'),
      errors: [
        {
          file: 'processes/smb.yaml',
          line: 5,
          column: 32,
          message: 'no process covers employees 50–999 (industry any, sources other than partner): widen smb (max 49) or enterprise (min 1000)',
        },
      ],
    },
    {
      name: 'every process names its sources: a source left uncovered is named',
      yaml:
        scoped('direct', '{ sources: [inbound, outbound] }') +
        scoped('partner-small', '{ employees: { max: 49 }, sources: [partner] }') +
        scoped('partner-large', '{ employees: { min: 100 }, sources: [partner] }'),
      errors: [
        {
          file: 'processes/partner-small.yaml',
          line: 5,
          column: 32,
          message: 'no process covers employees 50–99 (industry any, source partner): widen partner-small (max 49) or partner-large (min 100)',
        },
      ],
    },
  ],
});
