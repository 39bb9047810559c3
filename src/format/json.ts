/** ESLint's JSON results shape, so tools that read `eslint --format json` read spx's findings too. */
import { resolve } from 'node:path';
import type { LintResult } from '../lint/engine.js';
import { docsUrl } from '../lint/rule.js';
import { RULES } from '../lint/rules/index.js';
import type { MessageData } from '../model/diagnostic.js';
import type { DocPath } from '../model/types.js';

export interface JsonOptions {
  /** ESLint's filePath is absolute: relative file names are resolved against this directory. */
  readonly cwd: string;
}

export interface EslintMessage {
  readonly ruleId: string;
  /** 2 is an error, 1 a warning. */
  readonly severity: 1 | 2;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Which entry of the rule's message table the message came from (ESLint's messageId). */
  readonly messageId: string;
  /** The values interpolated into the message. */
  readonly data: MessageData;
  /** The document path the finding is about, when it has one. */
  readonly path?: DocPath;
  /** The rule's docs page, for rules of spx's catalog. */
  readonly ruleUrl?: string;
}

export interface EslintResult {
  readonly filePath: string;
  readonly messages: readonly EslintMessage[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly fatalErrorCount: 0;
  readonly fixableErrorCount: 0;
  readonly fixableWarningCount: 0;
}

/** One compact line of JSON, as ESLint prints it; the keys are built in ESLint's order. */
export function formatJson(results: readonly LintResult[], options: JsonOptions): string {
  return `${JSON.stringify(results.map((result) => toEslintResult(result, options.cwd)))}\n`;
}

const CATALOG = new Set(RULES.map((rule) => rule.id));

export function toEslintResult(result: LintResult, cwd: string): EslintResult {
  const messages = result.diagnostics.map(
    (d): EslintMessage => ({
      ruleId: d.ruleId,
      severity: d.severity === 'error' ? 2 : 1,
      message: d.message,
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
      // ESLint's fields come first, in its order; spx's additions follow.
      messageId: d.messageId,
      data: d.data ?? {},
      ...(d.path !== undefined ? { path: d.path } : {}),
      ...(CATALOG.has(d.ruleId) ? { ruleUrl: docsUrl(d.ruleId) } : {}),
    }),
  );
  // Counted from the messages shown, so a caller that filtered diagnostics (--quiet) gets consistent counts.
  const errorCount = messages.filter((m) => m.severity === 2).length;
  return {
    filePath: resolve(cwd, result.file),
    messages,
    errorCount,
    warningCount: messages.length - errorCount,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
}
