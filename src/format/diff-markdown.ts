/** `spx diff` as a pull-request comment: a summary table, each file's changes and impact, and a Mermaid diagram. */
import { countsText, type Change, type ProcessDiff } from '../diff/diff.js';
import { pathStepsList } from '../diff/impact.js';
import { flow, markedSteps, nothingChanged, type DiffEntry, type DiffReport } from './diff.js';
import { formatMermaid } from './mermaid.js';

/** A hidden first line, so a CI job can find its earlier comment and update it instead of adding another. */
export const DIFF_COMMENT_MARKER = '<!-- spx-diff -->';

/** Processes larger than this are not drawn: the diagram would be unreadable and may exceed GitHub's limits. */
export const MAX_DIAGRAM_STEPS = 150;

const MARKER: Record<Change['kind'], string> = { added: '`+`', removed: '`-`', changed: '`~`', renamed: '`~`' };

export function formatDiffMarkdown(report: DiffReport): string {
  const out = [DIFF_COMMENT_MARKER, `### spx diff${report.base === undefined ? '' : ` against ${code(report.base)}`}`, ''];
  if (report.entries.length === 0) {
    out.push(`${capitalize(nothingChanged(report))}.`, '');
    return out.join('\n');
  }
  out.push('| Process | Version | Changes | Needs | Declared | |', '|---|---|---|---|---|---|');
  for (const { file, diff } of report.entries) {
    out.push(row([code(file), versionCell(diff), countsText(diff.counts), diff.needed, diff.declared ?? '—', diff.status === 'modified' ? (diff.ok ? '✅' : '❌') : '—']));
  }
  out.push('');
  for (const entry of report.entries) if (entry.diff.changes.length > 0) out.push(...section(entry));
  return out.join('\n');
}

function section({ file, diff, process }: DiffEntry): string[] {
  const out = [`#### ${code(file)}: ${heading(diff)}`, ''];
  out.push(`**${countsText(diff.counts)} — ${diff.verdict}**${!diff.ok && diff.suggestedVersion ? ` Set \`metadata.version\` to ${code(diff.suggestedVersion)} or higher.` : ''}`, '');
  out.push('| | Change | Bump | Line | Before | After |', '|---|---|---|---|---|---|');
  for (const change of diff.changes) {
    const line = change.side === 'old' ? `(was ${change.line})` : String(change.line);
    const values = change.kind === 'changed' ? [code(flow(change.before, 60)), code(flow(change.after, 60))] : ['', ''];
    out.push(row([MARKER[change.kind], escapeCell(change.message), change.bump, line, ...values]));
  }
  out.push('', `**Impact:** ${escapeCell(diff.impact.summary)}`, '');
  const { before, after } = diff.impact;
  if (before && after) {
    const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : 'n/a');
    const days = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : `${n.toFixed(1)} days`);
    const signed = (n: number | undefined, digits: number, unit: string) => (n === undefined ? '—' : `${n < 0 ? '-' : '+'}${Math.abs(n).toFixed(digits)}${unit}`);
    const steps = (n: typeof before) => (n.minimalPath.kind === 'path' ? `${n.minimalPath.count} ${n.minimalPath.count === 1 ? 'step' : 'steps'}` : 'none');
    const { pathStepsAdded: added, pathStepsRemoved: removed } = diff.impact;
    const which = pathStepsList(added, removed);
    out.push(
      '| | Before | After | Δ |',
      '|---|---|---|---|',
      row(['Win rate', pct(before.winRate), pct(after.winRate), signed(diff.impact.winRateDelta === undefined ? undefined : diff.impact.winRateDelta * 100, 1, ' points')]),
      row(['Expected cycle of won deals', days(before.expectedCycleWon), days(after.expectedCycleWon), signed(diff.impact.expectedCycleWonDelta, 1, ' days')]),
      row(['Minimal path', steps(before), steps(after), `${signed(diff.impact.minimalPathStepsDelta, 0, '')}${which ? ` (${escapeCell(which)})` : ''}`]),
      '',
    );
  }
  if (process) {
    if (process.steps.size > MAX_DIAGRAM_STEPS) {
      out.push(`_No diagram: ${process.steps.size} steps are more than a comment can draw (limit ${MAX_DIAGRAM_STEPS})._`, '');
    } else {
      out.push(
        '<details open><summary>The new version: added steps in green, changed steps in amber</summary>',
        '',
        '```mermaid',
        formatMermaid(process, undefined, markedSteps(diff)).trimEnd(),
        '```',
        '',
        '</details>',
        '',
      );
    }
  }
  return out;
}

function heading(diff: ProcessDiff): string {
  if (diff.status === 'added') return `new process ${diff.new!.name} ${diff.new!.version}`;
  if (diff.status === 'removed') return `deleted process ${diff.old!.name} ${diff.old!.version}`;
  return `${diff.new!.name} ${diff.old!.version} → ${diff.new!.version}`;
}

function versionCell(diff: ProcessDiff): string {
  if (diff.status === 'added') return `new (${diff.new!.version})`;
  if (diff.status === 'removed') return `deleted (was ${diff.old!.version})`;
  return diff.old!.version === diff.new!.version ? diff.new!.version : `${diff.old!.version} → ${diff.new!.version}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Table cells end at `|` and at line breaks. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code, with a fence long enough for any backticks inside (GitHub's rule), safe in a table cell. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${escapeCell(text)}${pad}${fence}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
