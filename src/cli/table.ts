/** The one table style of spx's human output: compact (no rule between rows), plain headings. */
import type { PathStep } from '../index.js';
import Table from 'cli-table3';

export function table(head: readonly string[]): InstanceType<typeof Table> {
  return new Table({
    head: [...head],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}

/** The steps of a path, as `spx path` and `spx next` show them. */
export function pathStepsTable(steps: readonly PathStep[]): string {
  const rows = table(['#', 'step', 'our side', 'buyer side', 'gap before', 'expected days']);
  steps.forEach((s, i) =>
    rows.push([String(i + 1), `${s.title} (${s.id})`, s.sellers.join(', '), s.buyers.join(', '), s.gapBefore.toFixed(1), s.expectedDays.toFixed(1)]),
  );
  return rows.toString();
}
