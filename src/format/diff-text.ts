/** `spx diff` for people, in the manner of `terraform plan`: each change with a +/-/~ marker, then one summary line. */
import { Chalk } from 'chalk';
import { summaryLine, type Change, type ProcessDiff } from '../diff/diff.js';
import type { ImpactNumbers } from '../diff/impact.js';
import { flow, nothingChanged, reportTotals, type DiffFormatOptions, type DiffReport } from './diff.js';

type Paint = InstanceType<typeof Chalk>;

/** Markers: + added, - removed, ~ changed or renamed (in place). */
const MARKER: Record<Change['kind'], string> = { added: '+', removed: '-', changed: '~', renamed: '~' };

export function formatDiffText(report: DiffReport, options: DiffFormatOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  if (report.entries.length === 0) return `${nothingChanged(report)}\n`;
  const blocks = report.entries.map((entry) => fileBlock(entry.file, entry.diff, chalk));
  let text = blocks.join('\n');
  if (report.entries.length > 1) {
    const t = reportTotals(report);
    const counts = [`${t.modified} changed`, `${t.added} new`, `${t.removed} deleted`];
    if (t.unchanged > 0) counts.push(`${t.unchanged} unchanged`);
    const verdict = t.notBumped > 0 ? chalk.red(`${t.notBumped} not bumped enough ✗`) : chalk.green('versions ok ✓');
    text += `\n${chalk.bold(`${t.files} process files: ${counts.join(', ')}`)} — ${verdict}\n`;
  }
  return text;
}

function fileBlock(file: string, diff: ProcessDiff, chalk: Paint): string {
  const lines = [`${chalk.bold(file)} ${chalk.dim('·')} ${heading(diff)}`];
  const width = Math.min(72, Math.max(0, ...diff.changes.map((c) => c.message.length)));
  for (const change of diff.changes) {
    const marker = paintMarker(change.kind, chalk);
    const where = change.side === 'old' ? chalk.dim(`(was ${change.line}:${change.column})`) : chalk.dim(`${change.line}:${change.column}`);
    lines.push(`  ${marker} ${change.message.padEnd(width)}  ${change.bump.padEnd(5)}  ${where}`.trimEnd());
    if (change.kind === 'changed') lines.push(`      ${chalk.red(flow(change.before))} → ${chalk.green(flow(change.after))}`);
  }
  if (diff.changes.length > 0) {
    const [first, ...rest] = wrapWords(diff.impact.summary, LINE_WIDTH - '  impact: '.length);
    lines.push(`  ${chalk.bold('impact:')} ${first}`, ...rest.map((line) => `          ${line}`));
    const { before, after } = diff.impact;
    if (before && after) lines.push(chalk.dim(`    ${numbers(before, after)}`));
  }
  const summary = summaryLine(diff);
  lines.push(`  ${diff.ok ? summary : chalk.red(summary)}`);
  if (!diff.ok && diff.suggestedVersion) lines.push(chalk.red(`  set metadata.version to ${diff.suggestedVersion} or higher`));
  return `${lines.join('\n')}\n`;
}

function heading(diff: ProcessDiff): string {
  if (diff.status === 'added') return `new process ${diff.new!.name} ${diff.new!.version}`;
  if (diff.status === 'removed') return `deleted process ${diff.old!.name} ${diff.old!.version}`;
  const name = diff.old!.name === diff.new!.name ? diff.new!.name : `${diff.old!.name} → ${diff.new!.name}`;
  return `${name} ${diff.old!.version} → ${diff.new!.version}`;
}

function paintMarker(kind: Change['kind'], chalk: Paint): string {
  const marker = MARKER[kind];
  return kind === 'added' ? chalk.green(marker) : kind === 'removed' ? chalk.red(marker) : chalk.yellow(marker);
}

/** "win rate 23.5% → 22.1% · expected cycle 103.5 → 116.0 business days · minimal path 6 → 7 steps". */
export function numbers(before: ImpactNumbers, after: ImpactNumbers): string {
  const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : 'n/a');
  const days = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(1));
  const steps = (n: ImpactNumbers) => (n.minimalPath.kind === 'path' ? String(n.minimalPath.count) : 'none');
  return [
    `win rate ${pct(before.winRate)} → ${pct(after.winRate)}`,
    `expected cycle ${days(before.expectedCycleWon)} → ${days(after.expectedCycleWon)} business days`,
    `minimal path ${steps(before)} → ${steps(after)} ${after.minimalPath.kind === 'path' && after.minimalPath.count === 1 ? 'step' : 'steps'}`,
  ].join(' · ');
}

/** The width terminal output keeps within. */
const LINE_WIDTH = 100;

/**
 * A comma-separated summary in lines of at most `width` characters, broken after the commas between its parts (not
 * those inside parentheses); a part longer than a line stays whole on its own line.
 */
function wrapWords(text: string, width: number): string[] {
  const parts: string[] = [];
  for (const piece of text.split(', ')) {
    const last = parts[parts.length - 1];
    const open = last === undefined ? 0 : (last.match(/\(/g)?.length ?? 0) - (last.match(/\)/g)?.length ?? 0);
    if (last !== undefined && open > 0) parts[parts.length - 1] = `${last}, ${piece}`;
    else parts.push(piece);
  }
  const lines: string[] = [];
  let line = '';
  parts.forEach((part, i) => {
    const piece = i < parts.length - 1 ? `${part},` : part;
    if (line && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = piece;
    } else line = line ? `${line} ${piece}` : piece;
  });
  lines.push(line);
  return lines;
}
