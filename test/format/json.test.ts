// The json format: ESLint's results shape, key order and absolute paths, on one compact line.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/format/json.js';
import type { LintResult } from '../../src/lint/engine.js';
import { CWD, DEAL, RESULTS, SMB, TRICKY } from './results.js';

const RESULT_KEYS = ['filePath', 'messages', 'errorCount', 'warningCount', 'fatalErrorCount', 'fixableErrorCount', 'fixableWarningCount'];
const MESSAGE_KEYS = ['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'messageId', 'data', 'path', 'ruleUrl'];
const URL = 'https://github.com/spx-dev/spx/blob/main/docs/rules';

describe('json', () => {
  const output = formatJson(RESULTS, { cwd: CWD });
  const parsed = JSON.parse(output) as Record<string, unknown>[];

  it('prints compact JSON on one line, like ESLint', () => {
    expect(output.endsWith(']\n')).toBe(true);
    expect(output.indexOf('\n')).toBe(output.length - 1);
  });

  it('prints one result per file, clean files included, in ESLint’s key order', () => {
    expect(parsed).toHaveLength(3);
    for (const result of parsed) {
      expect(Object.keys(result)).toEqual(RESULT_KEYS);
      for (const message of result['messages'] as Record<string, unknown>[]) expect(Object.keys(message)).toEqual(MESSAGE_KEYS);
    }
  });

  it('prints the exact text of a result', () => {
    expect(formatJson([RESULTS[1]!], { cwd: CWD })).toBe(
      `[{"filePath":${JSON.stringify(resolve(CWD, DEAL))},"messages":[{"ruleId":"no-owner","severity":1,` +
        '"message":"step \\"intro\\" has no owner; add `owner: <role>`","line":3,"column":1,"endLine":3,"endColumn":8,' +
        `"messageId":"stepWithoutOwner","data":{"step":"intro"},"path":["steps","intro"],"ruleUrl":"${URL}/no-owner.md"}],` +
        '"errorCount":0,"warningCount":1,"fatalErrorCount":0,"fixableErrorCount":0,"fixableWarningCount":0}]\n',
    );
  });

  it('maps severities to 2 and 1, keeps messages intact and counts each file', () => {
    expect(parsed[0]).toEqual({
      filePath: resolve(CWD, SMB),
      messages: [
        {
          ruleId: 'unknown-reference', severity: 2, message: 'step "demo" goes to "clsoe", which is not a step; fix the id', line: 9, column: 7, endLine: 9, endColumn: 12,
          messageId: 'unknownToNear', data: { id: 'clsoe', suggestion: 'close' }, path: ['steps', 'demo', 'next', 0, 'to'], ruleUrl: `${URL}/unknown-reference.md`,
        },
        {
          ruleId: 'unscheduled-next-step', severity: 1, message: TRICKY, line: 12, column: 9, endLine: 13, endColumn: 30,
          messageId: 'noWithin', data: { to: 'démo' }, path: ['steps', 'qualify', 'next', 0], ruleUrl: `${URL}/unscheduled-next-step.md`,
        },
        {
          ruleId: 'probability-sum', severity: 2, message: 'odds of "qualify" sum to 0.9; make them sum to 1.', line: 104, column: 3, endLine: 104, endColumn: 20,
          messageId: 'sumNotOne', data: { step: 'qualify', sum: 0.9 }, path: ['steps', 'qualify', 'next'], ruleUrl: `${URL}/probability-sum.md`,
        },
      ],
      errorCount: 2,
      warningCount: 1,
      fatalErrorCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    });
    expect(parsed[2]).toMatchObject({ filePath: resolve(CWD, 'clean.yaml'), messages: [], errorCount: 0, warningCount: 0 });
  });

  it('resolves relative paths against cwd and keeps absolute ones', () => {
    const elsewhere = resolve('/tmp/elsewhere/p.yaml');
    const result: LintResult = { file: elsewhere, diagnostics: [], errorCount: 0, warningCount: 0, process: undefined };
    const other: LintResult = { ...result, file: '../sibling/p.yaml' };
    const [a, b] = JSON.parse(formatJson([result, other], { cwd: CWD })) as { filePath: string }[];
    expect(a!.filePath).toBe(elsewhere);
    expect(b!.filePath).toBe(resolve(CWD, '..', 'sibling', 'p.yaml'));
  });

  it('counts the messages it prints, even when a caller filtered diagnostics but not the counts', () => {
    const [smb] = RESULTS;
    const errorsOnly: LintResult = { ...smb!, diagnostics: smb!.diagnostics.filter((d) => d.severity === 'error') };
    expect(JSON.parse(formatJson([errorsOnly], { cwd: CWD }))[0]).toMatchObject({ errorCount: 2, warningCount: 0 });
  });

  it('prints an empty array when nothing was linted', () => {
    expect(formatJson([], { cwd: CWD })).toBe('[]\n');
  });
});
