/** ESLint's stylish layout: findings grouped under each file in aligned columns, then a one-line summary; wraps to a width on a terminal. */
import { Chalk } from 'chalk';
import type { LintResult } from '../lint/engine.js';

export interface StylishOptions {
  readonly color: boolean;
  /**
   * Terminal columns to fit: long messages wrap under the message column (a hanging indent) so that no line is
   * wider. Undefined: one line per finding, however long, as ESLint prints it (for grep and other tools).
   */
  readonly width?: number | undefined;
}

/** A wrapped message column narrower than this reads worse than a long line; it does not shrink further. */
const MIN_MESSAGE_WIDTH = 24;

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
    // The message column starts after "  line:column  severity  "; the rule ids follow it after two spaces.
    const messageStart = 2 + width.line + 1 + width.column + 2 + width.severity + 2;
    const ruleWidth = Math.max(...rows.map((r) => r.ruleId.length));
    if (options.width !== undefined) {
      width.message = Math.min(width.message, Math.max(MIN_MESSAGE_WIDTH, options.width - messageStart - 2 - ruleWidth));
    }
    output += `${chalk.underline(result.file)}\n`;
    for (const row of rows) {
      if (row.severity === 'error') errors += 1;
      else warnings += 1;
      const severity = row.severity === 'error' ? chalk.red(row.severity) : chalk.yellow(row.severity);
      // Padding stays outside the colour codes so the columns line up whether or not colour is on.
      const [first = '', ...rest] = options.width === undefined ? [row.message] : wrapWords(row.message, width.message);
      const cells = [
        `  ${pad(width.line - row.line.length)}${chalk.dim(`${row.line}:${row.column}`)}${pad(width.column - row.column.length)}`,
        `${severity}${pad(width.severity - row.severity.length)}`,
        `${first}${pad(width.message - displayWidth(first))}`,
        chalk.dim(row.ruleId),
      ];
      output += `${cells.join('  ').trimEnd()}\n`;
      for (const line of rest) output += `${pad(messageStart)}${line}\n`;
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

/** The narrowest column wrapWords wraps to (a wide character takes two). */
const MIN_WRAP_WIDTH = 4;

/**
 * Splits a message into lines of at most `width` columns, breaking at spaces; a word wider than a line (a long id
 * or path) is cut, since a line over the width is what wrapping exists to prevent.
 */
export function wrapWords(text: string, width: number): string[] {
  // A terminal narrower than the indent leaves no room: wrap at a readable minimum rather than never finishing.
  width = Math.max(width, MIN_WRAP_WIDTH);
  // A printable-ASCII message (nearly every one) is one column a character: no need to measure word by word.
  const ascii = PRINTABLE_ASCII.test(text);
  if (ascii && text[0] !== ' ' && !text.includes('  ')) {
    const lines = wrapAsciiWords(text, width);
    if (lines !== undefined) return lines;
  }
  const lines: string[] = [];
  let line = '';
  // The width of `line`, kept as words are added: widths add up over a concatenation, and measuring the line
  // again for every word made long messages quadratic.
  let lineWidth = 0;
  for (let word of text.split(' ')) {
    let wordWidth = ascii ? word.length : displayWidth(word);
    while (wordWidth > width) {
      // After other words, go on only to a break at a dash; otherwise start the word on a line of its own.
      const split = line === '' ? splitAtWidth(word, width, false) : splitAtWidth(word, width - lineWidth - 1, true);
      if (split === undefined) {
        lines.push(line);
        line = '';
        lineWidth = 0;
        continue;
      }
      lines.push(line === '' ? split[0] : `${line} ${split[0]}`);
      line = '';
      lineWidth = 0;
      word = split[1];
      wordWidth -= displayWidth(split[0]); // not the rest measured again: a million-character word made that quadratic
    }
    if (line === '') {
      line = word;
      lineWidth = wordWidth;
    } else if (lineWidth + 1 + wordWidth <= width) {
      line += ` ${word}`;
      lineWidth += 1 + wordWidth;
    } else {
      lines.push(line);
      line = word;
      lineWidth = wordWidth;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * {@link wrapWords} of printable ASCII with words one space apart: the same lines, cut out of `text` where the
 * spaces fall instead of built word by word. Undefined when a word is wider than a line (it must be cut).
 */
function wrapAsciiWords(text: string, width: number): string[] | undefined {
  const lines: string[] = [];
  let start = 0; // the current line is text[start, end); end -1 while it has no word
  let end = -1;
  let at = 0;
  for (;;) {
    let space = text.indexOf(' ', at);
    if (space < 0) space = text.length;
    if (space - at > width) return undefined;
    if (end < 0) {
      start = at;
      end = space;
    } else if (space - start <= width) end = space;
    else {
      lines.push(text.slice(start, end));
      start = at;
      end = space;
    }
    if (space === text.length) break;
    at = space + 1;
  }
  lines.push(text.slice(start, end));
  return lines;
}

/**
 * The longest prefix of `word` at most `width` columns wide, and the rest — ending after a dash when one falls in the
 * second half of the prefix, so a kebab-case id breaks between its words. With `dashOnly`, undefined when there is
 * no such dash; otherwise a hard cut (at least one character).
 */
function splitAtWidth(word: string, width: number, dashOnly: boolean): [string, string] | undefined {
  // Only the prefix's characters are taken apart: the rest stays one slice, so cutting a long word is linear.
  const chars: string[] = [];
  let offset = 0; // of the prefix's end in `word`, in UTF-16 units
  let columns = 0;
  while (offset < word.length) {
    const char = String.fromCodePoint(word.codePointAt(offset)!);
    const charWidth = displayWidth(char);
    if (columns + charWidth > width) break;
    columns += charWidth;
    chars.push(char);
    offset += char.length;
  }
  const taken = chars.length;
  if (taken === 0) {
    if (dashOnly) return undefined;
    const first = String.fromCodePoint(word.codePointAt(0)!);
    return [first, word.slice(first.length)];
  }
  const dash = chars.lastIndexOf('-');
  if (dash >= 0 && dash + 1 >= taken / 2 && (dash < taken - 1 || offset < word.length)) {
    const head = chars.slice(0, dash + 1).join('');
    return [head, word.slice(head.length)];
  }
  if (dashOnly) return undefined;
  return [word.slice(0, offset), word.slice(offset)];
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
    // Latin-1 and Latin Extended letters and signs (U+00A0–U+02FF, but the soft hyphen U+00AD) are one column:
    // no regex for the "·" or "é" of a mostly ASCII line.
    const code = char.charCodeAt(0);
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code < 0x300 && code !== 0xad)) {
      width++;
      continue;
    }
    unicodeClasses ??= {
      zeroWidth: /^[\p{Mn}\p{Me}\p{Cc}\p{Default_Ignorable_Code_Point}]$/u,
      wide: /^[\p{Emoji_Presentation}\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]$/u,
    };
    if (unicodeClasses.zeroWidth.test(char)) continue;
    width += unicodeClasses.wide.test(char) ? 2 : 1;
  }
  return width;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Made on first use: V8 builds a Unicode property class when the regex is created (~0.1 ms each start otherwise). */
let unicodeClasses: { readonly zeroWidth: RegExp; readonly wide: RegExp } | undefined;
