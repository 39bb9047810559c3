// Hand-built lint results shared by the formatter tests: two files with findings (errors and warnings) and a clean one.
import type { LintResult } from '../../src/lint/engine.js';
import type { Diagnostic, Severity } from '../../src/model/diagnostic.js';

/** Everything an output format must escape: `,` `:` `%`, a line break, `<&>`, quotes and a non-ASCII character. */
export const TRICKY = `step "démo": 50% odds, then <&> 'maybe'\nadd within: 3`;

export const CWD = '/home/ci/repo';

function finding(
  file: string,
  ruleId: string,
  severity: Severity,
  at: [number, number, number, number],
  message: string,
  what: Pick<Diagnostic, 'messageId' | 'data' | 'path'>,
): Diagnostic {
  const [line, column, endLine, endColumn] = at;
  return { file, ruleId, severity, message, ...what, line, column, endLine, endColumn };
}

function result(file: string, diagnostics: Diagnostic[]): LintResult {
  return {
    file,
    diagnostics,
    errorCount: diagnostics.filter((d) => d.severity === 'error').length,
    warningCount: diagnostics.filter((d) => d.severity === 'warning').length,
    process: undefined,
  };
}

export const SMB = 'processes/smb.yaml';
export const DEAL = 'deals/über deal.yaml';
export const CLEAN = 'clean.yaml';

export const RESULTS: LintResult[] = [
  result(SMB, [
    finding(SMB, 'unknown-reference', 'error', [9, 7, 9, 12], 'step "demo" goes to "clsoe", which is not a step; fix the id', {
      messageId: 'unknownToNear',
      data: { id: 'clsoe', suggestion: 'close' },
      path: ['steps', 'demo', 'next', 0, 'to'],
    }),
    finding(SMB, 'unscheduled-next-step', 'warning', [12, 9, 13, 30], TRICKY, { messageId: 'noWithin', data: { to: 'démo' }, path: ['steps', 'qualify', 'next', 0] }),
    finding(SMB, 'probability-sum', 'error', [104, 3, 104, 20], 'odds of "qualify" sum to 0.9; make them sum to 1.', {
      messageId: 'sumNotOne',
      data: { step: 'qualify', sum: 0.9 },
      path: ['steps', 'qualify', 'next'],
    }),
  ]),
  result(DEAL, [finding(DEAL, 'no-owner', 'warning', [3, 1, 3, 8], 'step "intro" has no owner; add `owner: <role>`', { messageId: 'stepWithoutOwner', data: { step: 'intro' }, path: ['steps', 'intro'] })]),
  result(CLEAN, []),
];
