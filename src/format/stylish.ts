/** ESLint's stylish layout: findings grouped under each file in aligned columns, then a one-line summary. */
import { Chalk } from 'chalk';
import type { LintResult } from '../lint/engine.js';

export interface StylishOptions {
  readonly color: boolean;
}

interface Row {
  readonly line: string;
  readonly column: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly ruleId: string;
}

/** Renders like ESLint's stylish formatter; returns '' when there is nothing to report, as ESLint does. */
export function formatStylish(results: readonly LintResult[], options: StylishOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  let errors = 0;
  let warnings = 0;
  let output = '\n';

  for (const result of results) {
    if (result.diagnostics.length === 0) continue;
    const rows: Row[] = result.diagnostics.map((d) => ({
      line: String(d.line),
      column: String(d.column),
      severity: d.severity,
      message: stylishMessage(d.message),
      ruleId: d.ruleId,
    }));
    const width = {
      line: Math.max(...rows.map((r) => r.line.length)),
      column: Math.max(...rows.map((r) => r.column.length)),
      severity: Math.max(...rows.map((r) => r.severity.length)),
      message: Math.max(...rows.map((r) => displayWidth(r.message))),
    };
    output += `${chalk.underline(result.file)}\n`;
    for (const row of rows) {
      if (row.severity === 'error') errors += 1;
      else warnings += 1;
      const severity = row.severity === 'error' ? chalk.red(row.severity) : chalk.yellow(row.severity);
      // Padding stays outside the colour codes so the columns line up whether or not colour is on.
      const cells = [
        `  ${pad(width.line - row.line.length)}${chalk.dim(`${row.line}:${row.column}`)}${pad(width.column - row.column.length)}`,
        `${severity}${pad(width.severity - row.severity.length)}`,
        `${row.message}${pad(width.message - displayWidth(row.message))}`,
        chalk.dim(row.ruleId),
      ];
      output += `${cells.join('  ').trimEnd()}\n`;
    }
    output += '\n';
  }

  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `\u2716 ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  return `${output}${errors > 0 ? chalk.red.bold(summary) : chalk.yellow.bold(summary)}\n`;
}

/** A table row must stay one row; ESLint also drops a message's final period. */
function stylishMessage(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').replace(/([^ ])\.$/u, '$1');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function pad(count: number): string {
  return ' '.repeat(Math.max(0, count));
}

/**
 * Terminal columns a string takes (a close approximation of wcwidth): combining marks and invisible
 * characters take none, East Asian wide characters and emoji take two, so non-ASCII messages stay aligned.
 */
export function displayWidth(text: string): number {
  // Printable ASCII, nearly every message, is one column a character; the Unicode classes below cost
  // milliseconds to compile on first use and a regex test per character.
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const char of text) {
    if (ZERO_WIDTH.test(char)) continue;
    width += WIDE.test(char) ? 2 : 1;
  }
  return width;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cc}\p{Default_Ignorable_Code_Point}]$/u;
const WIDE =
  /^[\p{Emoji_Presentation}\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]$/u;
