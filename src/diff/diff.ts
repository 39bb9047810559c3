/** `spx diff`'s core: two versions of a process → located, fingerprinted changes, the semver verdict and the impact. */
import type { SourceRange } from '../model/diagnostic.js';
import { sha256Hex } from '../model/hash.js';
import { locate, type ParsedFile } from '../model/load.js';
import type { Process } from '../model/types.js';
import { bumpSuffices, declaredBump, maxBump, suggestedVersion, type DeclaredBump, type NeededBump } from './bump.js';
import { compareProcesses, key, type ChangeKind, type ClassifiedChange } from './changes.js';
import { processImpact, type Impact } from './impact.js';

/** One version of a process: its model and its parsed file (positions and plain data). `parsed.file` names it. */
export interface DiffSource {
  readonly process: Process;
  readonly parsed: Pick<ParsedFile, 'file' | 'document' | 'lineCounter' | 'data'>;
}

/** A classified change, located in its file. */
export interface Change extends ClassifiedChange {
  /** 1-based position of `path` in the file `side` names: the new file, or the old one for removals. */
  readonly line: number;
  readonly column: number;
  /**
   * Where to annotate the change in the new file: the change itself, or for a removal the closest place that
   * is still there (the step a transition was removed from, the `steps` map…). Undefined without a new file.
   */
  readonly anchor: SourceRange | undefined;
  /** 16 hex digits of sha256(kind, location, path, before, after): the same change always has the same one. */
  readonly fingerprint: string;
}

export interface DiffVersion {
  /** The file as named (for a git base, `REV:path`). */
  readonly file: string;
  readonly name: string;
  readonly version: string;
}

/** What changed between two versions of a process, the semver bump the changes need, and whether the version says so. */
export interface ProcessDiff {
  /** `modified` covers unchanged files too (then `changes` is empty). */
  readonly status: 'added' | 'removed' | 'modified';
  readonly old: DiffVersion | undefined;
  readonly new: DiffVersion | undefined;
  readonly changes: readonly Change[];
  readonly counts: Readonly<Record<ChangeKind, number>>;
  /** The largest bump any change needs. */
  readonly needed: NeededBump;
  /** What `metadata.version` old → new declares; undefined for an added or removed process. */
  readonly declared: DeclaredBump | undefined;
  /** The declared bump covers the needed one (always true for an added or removed process). */
  readonly ok: boolean;
  /** The smallest version that would be enough, when `ok` is false. */
  readonly suggestedVersion: string | undefined;
  /** e.g. "needs minor, declared patch ✗". */
  readonly verdict: string;
  /** Where `metadata.version` is in the new file (where a version-not-bumped annotation goes). */
  readonly versionAt: SourceRange | undefined;
  readonly impact: Impact;
}

/**
 * Compares two versions of a process: pass `undefined` for the old side of a new process or the new side of a
 * deleted one. Pure; the only cost beyond the comparison is solving both versions' exact metrics and minimal paths.
 */
export function diffProcesses(old: DiffSource | undefined, next: DiffSource | undefined): ProcessDiff {
  if (!old && !next) throw new TypeError('diffProcesses needs at least one side');
  const version = (source: DiffSource | undefined): DiffVersion | undefined =>
    source && { file: source.parsed.file, name: source.process.name, version: source.process.version };

  let classified: ClassifiedChange[];
  if (old && next) {
    classified = compareProcesses({ process: old.process, data: old.parsed.data }, { process: next.process, data: next.parsed.data });
  } else {
    const source = (old ?? next)!;
    const added = !old;
    classified = [
      {
        kind: added ? 'added' : 'removed',
        location: 'process',
        subject: `process ${source.process.name}`,
        field: undefined,
        path: [],
        side: added ? 'new' : 'old',
        oldPath: added ? undefined : [],
        before: null,
        after: null,
        // A deleted process breaks whatever routes deals to it; a new one is like a new step.
        bump: added ? 'minor' : 'major',
        message: added ? `process ${source.process.name} added (new file)` : `process ${source.process.name} removed (file deleted)`,
      },
    ];
  }

  const changes = classified.map((change): Change => {
    const source = change.side === 'new' ? next! : old!;
    // A whole step, role, track or outcome is shown at its key (`security-review:`), a field at its value.
    const target = change.kind !== 'changed' && typeof change.path[change.path.length - 1] === 'string' ? 'key' : 'value';
    const { range } = locate(source.parsed, change.path, target);
    // A removal is annotated on its parent's key in the new file: `next:` for a transition, `steps:` for a step.
    const anchor = !next ? undefined : change.side === 'new' ? range : locate(next.parsed, change.path.slice(0, -1), 'key').range;
    return { ...change, line: range.line, column: range.column, anchor, fingerprint: fingerprint(change) };
  });

  const counts: Record<ChangeKind, number> = { added: 0, changed: 0, renamed: 0, removed: 0 };
  for (const change of changes) counts[change.kind]++;
  const needed = maxBump(changes.map((c) => c.bump));
  const declared = old && next ? declaredBump(old.process.version, next.process.version) : undefined;
  const ok = declared === undefined || bumpSuffices(needed, declared);

  const renames = new Map(classified.filter((c) => c.kind === 'renamed' && c.location === 'step').map((c) => [String(c.before), String(c.after)]));
  return {
    status: !old ? 'added' : !next ? 'removed' : 'modified',
    old: version(old),
    new: version(next),
    changes,
    counts,
    needed,
    declared,
    ok,
    suggestedVersion: ok || !old ? undefined : suggestedVersion(old.process.version, needed),
    verdict: verdictText(!old ? 'added' : !next ? 'removed' : 'modified', needed, declared, ok),
    versionAt: next && locate(next.parsed, ['metadata', 'version']).range,
    impact: processImpact(old?.process, next?.process, renames),
  };
}

/** "2 added, 1 changed, 1 removed" (renamed only when there are some); "no changes" when there are none. */
export function countsText(counts: Readonly<Record<ChangeKind, number>>): string {
  if (counts.added + counts.changed + counts.renamed + counts.removed === 0) return 'no changes';
  const parts = [`${counts.added} added`, `${counts.changed} changed`];
  if (counts.renamed > 0) parts.push(`${counts.renamed} renamed`);
  parts.push(`${counts.removed} removed`);
  return parts.join(', ');
}

/** The one-line summary of a diff: "2 added, 1 changed, 1 removed — needs minor, declared patch ✗". */
export function summaryLine(diff: ProcessDiff): string {
  return `${countsText(diff.counts)} — ${diff.verdict}`;
}

function verdictText(status: ProcessDiff['status'], needed: NeededBump, declared: DeclaredBump | undefined, ok: boolean): string {
  if (status === 'added') return 'new process';
  if (status === 'removed') return 'process deleted (needs major)';
  if (needed === 'none' && declared === 'none') return 'no bump needed ✓';
  const declaredWord = declared === 'downgrade' ? 'a downgrade' : declared;
  return `needs ${needed === 'none' ? 'no bump' : needed}, declared ${declaredWord} ${ok ? '✓' : '✗'}`;
}

function fingerprint(change: ClassifiedChange): string {
  const text = [change.kind, change.location, JSON.stringify(change.path), key(change.before), key(change.after)].join('\n');
  return sha256Hex(text).slice(0, 16);
}
