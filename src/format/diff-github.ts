/** `spx diff` as GitHub Actions workflow commands: a note on the line of each change, an error where the version is too low. */
import { summaryLine, type Change, type ProcessDiff } from '../diff/diff.js';
import { flow, type DiffReport } from './diff.js';
import { escapeData, escapeProperty } from './github.js';

/**
 * One annotation `::KIND file=F,line=L,col=C,title=…::message` per change (a removal sits on the closest line that
 * is still there; a deleted file gets a file-level annotation): a `::notice` when the file's version was raised
 * enough for its changes — nothing to fix — and a `::warning` when it was not, with one `::error` at
 * `metadata.version` saying what to set. Then one `::notice` with each file's summary line.
 */
export function formatDiffGithub(report: DiffReport): string {
  let out = '';
  for (const { file, diff } of report.entries) {
    const kind = diff.ok ? 'notice' : 'warning';
    for (const change of diff.changes) out += command(kind, file, change.anchor, `spx diff: needs ${change.bump}`, changeText(change));
    if (!diff.ok) out += command('error', file, diff.versionAt, 'version-not-bumped', versionText(diff));
    out += command('notice', file, undefined, 'spx diff', `${file}: ${summaryLine(diff)} (${diff.impact.summary})`);
  }
  return out;
}

function command(kind: 'warning' | 'error' | 'notice', file: string, at: { line: number; column: number } | undefined, title: string, message: string): string {
  const properties = [`file=${escapeProperty(file)}`];
  if (at) properties.push(`line=${at.line}`, `col=${at.column}`);
  properties.push(`title=${escapeProperty(title)}`);
  return `::${kind} ${properties.join(',')}::${escapeData(message)}\n`;
}

function changeText(change: Change): string {
  const values = change.kind === 'changed' ? `: ${flow(change.before)} → ${flow(change.after)}` : '';
  const was = change.side === 'old' ? ` (was line ${change.line})` : '';
  return `${change.message}${values}${was}`;
}

function versionText(diff: ProcessDiff): string {
  const suggestion = diff.suggestedVersion ? `; set metadata.version to ${diff.suggestedVersion} or higher` : '';
  if (diff.declared === 'downgrade') return `version went down from ${diff.old!.version} to ${diff.new!.version}${suggestion}`;
  return `the changes need a ${diff.needed} bump but ${diff.old!.version} → ${diff.new!.version} declares ${diff.declared}${suggestion}`;
}
