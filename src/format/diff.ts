/** The `spx diff` report formats, what they share, and the one entry point that picks between them. */
import type { ProcessDiff } from '../diff/diff.js';
import { SpxError } from '../model/errors.js';
import type { Process } from '../model/types.js';
import { formatDiffGithub } from './diff-github.js';
import { formatDiffJson } from './diff-json.js';
import { formatDiffMarkdown } from './diff-markdown.js';
import { formatDiffText } from './diff-text.js';

/** The output formats of {@link formatDiff}. */
export const DIFF_FORMATS = ['text', 'markdown', 'json', 'github'] as const;

/** One of {@link DIFF_FORMATS}. */
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** One compared file. */
export interface DiffEntry {
  /** The file's path (relative to the working directory): where it is now, or where it was if deleted. */
  readonly file: string;
  readonly diff: ProcessDiff;
  /** The new version's model (for the diagram); undefined for a deleted process. */
  readonly process: Process | undefined;
}

/** What {@link formatDiff} renders: the compared files and, with `--base`, the revision. */
export interface DiffReport {
  /** The revision compared against (`--base`), or undefined for two named files. */
  readonly base: string | undefined;
  readonly entries: readonly DiffEntry[];
}

/** How {@link formatDiff} renders (colours). */
export interface DiffFormatOptions {
  /** ANSI colours (text only). */
  readonly color: boolean;
}

/** Renders a diff report; pure, so the caller decides where it goes. */
export function formatDiff(format: DiffFormat, report: DiffReport, options: DiffFormatOptions): string {
  switch (format) {
    case 'text':
      return formatDiffText(report, options);
    case 'markdown':
      return formatDiffMarkdown(report);
    case 'json':
      return formatDiffJson(report);
    case 'github':
      return formatDiffGithub(report);
    default:
      throw new SpxError('E_USAGE', `unknown format "${String(format)}"; use one of ${DIFF_FORMATS.join(', ')}`);
  }
}

/**
 * A value as compact YAML flow text for people: `{ min: 3, likely: 5, max: 15 }`, `[champion, it]`, `(none)`.
 * Strings are quoted only when they would read ambiguously; long output is cut at `max` characters with "…".
 */
export function flow(value: unknown, max = 80): string {
  const text = flowText(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function flowText(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return /^[^\s,:{}[\]"'#&*!|>%@`][^,:{}[\]#]*$/.test(value) && value.trim() === value ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(flowText).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${k}: ${flowText(v)}`).join(', ')} }`;
  }
  return String(value);
}

/** Totals over a report, for the last line of text and the markdown header. */
export function reportTotals(report: DiffReport) {
  const diffs = report.entries.map((e) => e.diff);
  return {
    files: diffs.length,
    added: diffs.filter((d) => d.status === 'added').length,
    removed: diffs.filter((d) => d.status === 'removed').length,
    modified: diffs.filter((d) => d.status === 'modified' && d.changes.length > 0).length,
    unchanged: diffs.filter((d) => d.status === 'modified' && d.changes.length === 0).length,
    notBumped: diffs.filter((d) => !d.ok).length,
  };
}

/** "no process files changed since REV" or "… in these files". */
export function nothingChanged(report: DiffReport): string {
  return report.base === undefined ? 'no process files to compare' : `no process files changed since ${report.base}`;
}

/** Step ids the diagram marks: added steps, and steps with any other change (renamed, or a field, track, gate or transition changed). */
export function markedSteps(diff: ProcessDiff): { added: Set<string>; changed: Set<string> } {
  const added = new Set<string>();
  const changed = new Set<string>();
  for (const change of diff.changes) {
    const [section, id] = change.path;
    if (section !== 'steps' || typeof id !== 'string') continue;
    if (change.side === 'new') (change.location === 'step' && change.kind === 'added' ? added : changed).add(id);
    // A part removed from a step that is still there (a transition, a track, the gate) changes that step.
    else if (change.location !== 'step') changed.add(id);
  }
  for (const id of added) changed.delete(id);
  return { added, changed };
}
