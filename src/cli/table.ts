/** The one table style of spx's human output: compact (no rule between rows), plain headings, at most 100 columns. */
import type { PathStep } from '../index.js';
import Table from 'cli-table3';

/** The widest a line of terminal output may be. */
export const TERMINAL_WIDTH = 100;
/** Narrowest a wrapped column gets. */
const MIN_COLUMN = 12;

export function table(head: readonly string[]): InstanceType<typeof Table> {
  return new Table({
    head: [...head],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}

/**
 * A table that fits `width` columns: when the natural widths are too wide, the widest of the `wrappable` columns
 * narrows first and its cells wrap at spaces (a longer word is cut across lines, never elided). Cells may hold
 * several lines (`\n`).
 */
export function fittedTable(head: readonly string[], rows: readonly (readonly string[])[], wrappable: readonly number[], width = TERMINAL_WIDTH): string {
  const natural = head.map((h, c) => Math.max(...[h, ...rows.map((r) => r[c] ?? '')].flatMap((cell) => cell.split('\n')).map((line) => line.length)));
  const total = (widths: readonly number[]): number => widths.reduce((sum, w) => sum + w + 3, 1); // "│ " + cell + " "
  const widths = [...natural];
  while (total(widths) > width) {
    let widest = -1;
    for (const c of wrappable) if (widths[c]! > MIN_COLUMN && (widest < 0 || widths[c]! > widths[widest]!)) widest = c;
    if (widest < 0) break; // as narrow as it goes
    widths[widest]!--;
  }
  const out = table(head.map((h, c) => wrapText(h, widths[c]!)));
  for (const row of rows) out.push(row.map((cell, c) => wrapText(cell, widths[c]!)));
  return out.toString();
}

/** `text` broken at spaces into lines of at most `width` characters; a longer word is cut. Existing newlines stay. */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (let word of paragraph.split(' ')) {
        while (word.length > width) {
          if (line) lines.push(line);
          lines.push(word.slice(0, width));
          word = word.slice(width);
          line = '';
        }
        if (!line) line = word;
        else if (line.length + 1 + word.length <= width) line += ` ${word}`;
        else {
          lines.push(line);
          line = word;
        }
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}

/** `prefix` then the items joined by ", ", continued on indented lines so no line passes `width`. */
export function wrapList(prefix: string, items: readonly string[], width = TERMINAL_WIDTH): string[] {
  const indent = ' '.repeat(prefix.length);
  const lines: string[] = [];
  let line = prefix;
  items.forEach((item, i) => {
    const piece = i < items.length - 1 ? `${item},` : item;
    const fresh = line === prefix || line === indent;
    if (!fresh && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = indent + piece;
    } else line += fresh ? piece : ` ${piece}`;
  });
  if (items.length === 0) line += '—';
  lines.push(line);
  return lines;
}

/**
 * The steps of a path, as `spx path` and `spx next` show them; with `final`, a last row for the wait between the
 * last step and the outcome, so the gaps and days add up to the path's expected length.
 */
export function pathStepsTable(steps: readonly PathStep[], final?: { readonly gap: number; readonly outcome: string }): string {
  const rows = steps.map((s, i) => [String(i + 1), `${s.title} (${s.id})`, s.sellers.join(', '), s.internal ? '(internal)' : s.buyers.join(', '), s.gapBefore.toFixed(1), s.expectedDays.toFixed(1)]);
  if (final) rows.push(['', `→ ${final.outcome}`, '', '', final.gap.toFixed(1), '']);
  return fittedTable(['#', 'step', 'our side', 'buyer side', 'gap\nbefore', 'expected\ndays'], rows, [1, 2, 3]);
}
