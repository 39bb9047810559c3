// The stylish format: ESLint's layout, exact text without colour, the same text under the colour codes.
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { displayWidth, formatStylish, wrapWords } from '../../src/format/stylish.js';
import type { LintResult } from '../../src/lint/engine.js';
import { CLEAN, RESULTS } from './results.js';

const EXPECTED = [
  '',
  'processes/smb.yaml',
  '    9:7  error    step "demo" goes to "clsoe", which is not a step; fix the id  unknown-reference',
  "   12:9  warning  step \"démo\": 50% odds, then <&> 'maybe' add within: 3         unscheduled-next-step",
  '  104:3  error    odds of "qualify" sum to 0.9; make them sum to 1              probability-sum',
  '',
  'deals/über deal.yaml',
  '  3:1  warning  step "intro" has no owner; add `owner: <role>`  no-owner',
  '',
  '✖ 4 problems (2 errors, 2 warnings)',
  '',
].join('\n');

describe('stylish', () => {
  it('aligns each file’s findings in columns and ends with the summary', () => {
    expect(formatStylish(RESULTS, { color: false })).toBe(EXPECTED);
  });

  it('prints nothing at all when there are no findings', () => {
    expect(formatStylish([], { color: false })).toBe('');
    expect(formatStylish(RESULTS.filter((r) => r.file === CLEAN), { color: true })).toBe('');
  });

  it('uses the singular for one of a kind', () => {
    const [, deal] = RESULTS;
    expect(formatStylish([deal!], { color: false })).toContain('\n✖ 1 problem (0 errors, 1 warning)\n');
  });

  it('counts what it shows, even when the caller filtered the diagnostics but not the counts', () => {
    const [smb] = RESULTS;
    const errorsOnly: LintResult = { ...smb!, diagnostics: smb!.diagnostics.filter((d) => d.severity === 'error') };
    expect(formatStylish([errorsOnly], { color: false })).toContain('✖ 2 problems (2 errors, 0 warnings)');
  });

  it('colours severities, dims positions and rule ids, and keeps the layout under the codes', () => {
    const coloured = formatStylish(RESULTS, { color: true });
    expect(stripVTControlCharacters(coloured)).toBe(EXPECTED);
    expect(coloured).toContain('\u001b[4mprocesses/smb.yaml\u001b[24m');
    expect(coloured).toContain('  \u001b[2m104:3\u001b[22m  \u001b[31merror\u001b[39m    odds');
    expect(coloured).toContain('\u001b[33mwarning\u001b[39m');
    expect(coloured).toContain('\u001b[2mno-owner\u001b[22m');
    expect(coloured).toContain('\u001b[31m\u001b[1m✖ 4 problems (2 errors, 2 warnings)\u001b[22m\u001b[39m');
  });

  it('colours the summary yellow when there are only warnings', () => {
    const [, deal] = RESULTS;
    expect(formatStylish([deal!], { color: true })).toContain('\u001b[33m\u001b[1m✖ 1 problem');
  });

  it('aligns the rule column after wide and combining characters', () => {
    const wide: LintResult = {
      file: 'a.yaml',
      diagnostics: [
        { file: 'a.yaml', ruleId: 'no-owner', severity: 'error', message: '見込み客', messageId: 'stepWithoutOwner', line: 1, column: 1, endLine: 1, endColumn: 2 },
        { file: 'a.yaml', ruleId: 'no-buyer', severity: 'error', message: 'de\u0301mo 12', messageId: 'noBuyer', line: 2, column: 1, endLine: 2, endColumn: 2 },
      ],
      errorCount: 2,
      warningCount: 0,
      process: undefined,
    };
    expect(formatStylish([wide], { color: false }).split('\n').slice(2, 4)).toEqual([
      '  1:1  error  見込み客  no-owner',
      // 'de\u0301mo 12' is 8 code units but 7 columns wide, one short of the 8 columns of '見込み客'.
      '  2:1  error  de\u0301mo 12   no-buyer',
    ]);
  });

  it('measures terminal columns, not UTF-16 code units', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('démo')).toBe(4);
    expect(displayWidth('de\u0301mo')).toBe(4);
    expect(displayWidth('見込み')).toBe(6);
    expect(displayWidth('🚀 go')).toBe(5);
    expect(displayWidth('a\u200Db')).toBe(2);
  });
});

describe('stylish with a width (a terminal)', () => {
  it('wraps long messages under the message column, the rule id on the first line', () => {
    // 70 columns: 18 before the message, 2 and the 21-column rule id after it, leave 29 for the message.
    const text = formatStylish(RESULTS, { color: false, width: 70 });
    expect(text.split('\n')).toEqual([
      '',
      'processes/smb.yaml',
      '    9:7  error    step "demo" goes to "clsoe",   unknown-reference',
      '                  which is not a step; fix the',
      '                  id',
      '   12:9  warning  step "démo": 50% odds, then    unscheduled-next-step',
      "                  <&> 'maybe' add within: 3",
      '  104:3  error    odds of "qualify" sum to 0.9;  probability-sum',
      '                  make them sum to 1',
      '',
      'deals/über deal.yaml',
      '  3:1  warning  step "intro" has no owner; add `owner:        no-owner',
      '                <role>`',
      '',
      '✖ 4 problems (2 errors, 2 warnings)',
      '',
    ]);
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(70);
  });
  it('leaves rows that fit as they are', () => {
    expect(formatStylish(RESULTS, { color: false, width: 200 })).toBe(EXPECTED);
  });
  it('keeps the same layout under the colour codes', () => {
    const plain = formatStylish(RESULTS, { color: false, width: 70 });
    expect(stripVTControlCharacters(formatStylish(RESULTS, { color: true, width: 70 }))).toBe(plain);
  });
});

describe('wrapWords', () => {
  it('breaks at spaces and never exceeds the width', () => {
    expect(wrapWords('one two three four five', 9)).toEqual(['one two', 'three', 'four five']);
  });
  it('cuts a word wider than a line, on a line of its own', () => {
    expect(wrapWords('id abcdefghijklmnopqrstuvwxyz end', 10)).toEqual(['id', 'abcdefghij', 'klmnopqrst', 'uvwxyz end']);
    expect(wrapWords('a longer abcdefghijklmnop', 10)).toEqual(['a longer', 'abcdefghij', 'klmnop']);
  });
  it('counts wide characters as two columns', () => {
    expect(wrapWords('見込み 見込み', 6)).toEqual(['見込み', '見込み']);
    expect(wrapWords('見込み見込み', 5)).toEqual(['見込', 'み見', '込み']);
  });
  it('cuts a kebab-case id after a dash when it can', () => {
    expect(wrapWords('step security-questionnaire-review', 12)).toEqual(['step', 'security-', 'questionnair', 'e-review']);
  });
  it('cuts a word of a million characters in linear time (an owner or deal id from a CRM export)', () => {
    // Each cut used to copy and measure the whole rest of the word: minutes for this one; milliseconds now.
    const started = performance.now();
    const ascii = wrapWords(`owner ${'a'.repeat(1_000_000)}`, 80);
    const wide = wrapWords(`見${'é'.repeat(300_000)}-x`, 81);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(ascii.length).toBe(1 + 12_500);
    expect(ascii.slice(0, 2)).toEqual(['owner', 'a'.repeat(80)]);
    expect(ascii.every((line) => line.length <= 80)).toBe(true);
    expect(wide[0]).toBe(`見${'é'.repeat(79)}`);
    expect(wide.at(-1)).toBe(`${'é'.repeat((300_000 - 79) % 81)}-x`);
    expect(wide.join('')).toBe(`見${'é'.repeat(300_000)}-x`);
  });
});

describe('wrapWords on a very narrow terminal', () => {
  it('finishes, wrapping at 4 columns at the least', () => {
    const lines = wrapWords('stalled: 23 business days in Demo; the process expects 90% of deals to leave it within 9', 0);
    expect(lines.every((line) => line.length <= 4)).toBe(true);
    expect(lines.join('').replace(/ /g, '')).toBe('stalled: 23 business days in Demo; the process expects 90% of deals to leave it within 9'.replace(/ /g, ''));
  });
});
