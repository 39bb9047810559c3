/** `spx diff`: read two versions of each process (two files, or a file and its git base), compare, render, exit. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  bumpRank,
  diffProcesses,
  formatDiff,
  SpxError,
  type Bump,
  type ProcessDiff,
  type DiffEntry,
  type DiffFormat,
  type LintInput,
} from '../../index.js';
import { declaresSpx, ignoredBy, readProcessFile, YAML_FILE } from '../files.js';
import { changedFiles, displayPath, openRepo, readAtRevision, repoPath, resolveRevision, type GitRepo } from '../git.js';
import { useColor, type Io } from '../io.js';
import { loadConfig, loadValidContents, type ValidSource } from '../valid-processes.js';

export interface DiffOptions {
  readonly files: readonly string[];
  readonly base?: string;
  readonly format: DiffFormat;
  readonly failOn?: Bump | 'bump';
  readonly config?: string;
  /** Commander's name for --no-config-lookup. */
  readonly configLookup?: boolean;
  readonly color?: boolean;
}

/** Two versions of one process file, as read; either may be absent (an added or a deleted process). */
interface Pair {
  /** Where the file is now, or was (deleted), relative to the working directory. */
  readonly file: string;
  readonly old: LintInput | undefined;
  readonly new: LintInput | undefined;
}

export function diffCommand(options: DiffOptions, io: Io): number {
  const config = loadConfig(io, options);
  const pairs = options.base === undefined ? namedPair(options.files, io) : pairsSince(options.base, options.files, io, ignoredBy(config.ignore, io.cwd));

  const [olds, news] = loadValidContents(
    [
      { inputs: pairs.flatMap((p) => (p.old ? [p.old] : [])), fix: options.base === undefined ? undefined : `the base version does not pass lint; compare with another --base` },
      { inputs: pairs.flatMap((p) => (p.new ? [p.new] : [])) },
    ],
    io,
    config,
  );
  const take = (list: ValidSource[], present: boolean) => (present ? list.shift() : undefined);
  const entries: DiffEntry[] = pairs.map((pair) => {
    const before = take(olds!, pair.old !== undefined);
    const after = take(news!, pair.new !== undefined);
    return { file: pair.file, diff: diffProcesses(before, after), process: after?.process };
  });

  io.stdout(formatDiff(options.format, { base: options.base, entries }, { color: useColor(io, options.color) }));
  if (options.failOn === undefined) return 0;
  const failOn = options.failOn;
  const triggered = entries.filter(({ diff }) => (failOn === 'bump' ? !diff.ok : bumpRank(diff.needed) >= bumpRank(failOn)));
  for (const { file, diff } of triggered) io.stderr(`spx: ${file}: ${failure(diff, failOn)} (--fail-on ${failOn})\n`);
  return triggered.length > 0 ? 1 : 0;
}

function failure(diff: ProcessDiff, failOn: Bump | 'bump'): string {
  if (failOn !== 'bump') return `the changes need a ${diff.needed} bump`;
  if (diff.declared === 'downgrade') return `the version went down; set metadata.version to ${diff.suggestedVersion} or higher`;
  return `the changes need a ${diff.needed} bump but the version declares ${diff.declared}; set metadata.version to ${diff.suggestedVersion} or higher`;
}

/** `spx diff OLD NEW`: two files on disk. */
function namedPair(files: readonly string[], io: Io): Pair[] {
  if (files.length !== 2) {
    throw new SpxError('E_USAGE', `name two process files (spx diff OLD NEW), or compare with git: spx diff --base REV [paths…]`);
  }
  const [oldFile, newFile] = files as [string, string];
  return [
    {
      file: newFile,
      old: { file: oldFile, contents: readProcessFile(oldFile, io.cwd) },
      new: { file: newFile, contents: readProcessFile(newFile, io.cwd) },
    },
  ];
}

/**
 * `spx diff --base REV [paths…]`: each named file against its version at REV (it must exist on both sides), and
 * every process file changed since REV under the named directories (or the working directory when none is named),
 * added and deleted ones included, except those the config's `ignore` globs skip (as spx lint skips them).
 */
function pairsSince(base: string, paths: readonly string[], io: Io, ignored: (path: string) => boolean): Pair[] {
  const repo = openRepo(io);
  const commit = resolveRevision(repo, base);
  const named = [...new Set(paths.filter((p) => isFile(resolve(io.cwd, p))))];
  const scanned = paths.filter((p) => !named.includes(p));
  for (const path of scanned) {
    if (!existsSync(resolve(io.cwd, path)) && !/[*?[]/.test(path)) throw missingNow(repo, commit, base, path);
  }

  const pairs: Pair[] = [];
  const oldLabel = (path: string) => `${base}:${path}`;
  const namedPaths = named.map((file) => {
    const path = repoPath(repo, file);
    if (path === undefined) throw new SpxError('E_USAGE', `${file} is outside the git repository here: compare two files with spx diff OLD NEW`);
    return { file, path };
  });
  const namedOld = readAtRevision(repo, commit, namedPaths.map((n) => n.path));
  for (const { file, path } of namedPaths) {
    const contents = namedOld.get(path);
    if (contents === undefined) {
      throw new SpxError('E_FILE_NOT_FOUND', `${file} does not exist at ${base}: it is new; run spx diff --base ${base} without naming it to see it as an added process`);
    }
    pairs.push({ file, old: { file: oldLabel(path), contents }, new: { file, contents: readProcessFile(file, io.cwd) } });
  }

  if (scanned.length > 0 || named.length === 0) {
    const seen = new Set(namedPaths.map((n) => n.path));
    const changed = changedFiles(repo, commit, scanned).filter(
      (c) => [c.oldPath, c.newPath].some((p) => p !== undefined && YAML_FILE.test(p)) && !seen.has(c.newPath ?? c.oldPath!),
    );
    const olds = readAtRevision(repo, commit, changed.flatMap((c) => (c.oldPath ? [c.oldPath] : [])));
    for (const change of changed) {
      const oldContents = change.oldPath === undefined ? undefined : olds.get(change.oldPath);
      const file = displayPath(repo, change.newPath ?? change.oldPath!);
      if (ignored(file)) continue;
      const newContents = change.newPath === undefined ? undefined : readProcessFile(file, io.cwd);
      // Only files that declare the spx format on either side: configs and workflows beside processes are not processes.
      if (!declaresSpx(oldContents) && !declaresSpx(newContents)) continue;
      pairs.push({
        file,
        old: oldContents === undefined ? undefined : { file: oldLabel(change.oldPath!), contents: oldContents },
        new: newContents === undefined ? undefined : { file, contents: newContents },
      });
    }
  }
  return pairs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** A named path that is not in the working tree: deleted since the base, or never there. */
function missingNow(repo: GitRepo, commit: string, base: string, file: string): SpxError {
  const path = repoPath(repo, file);
  const existed = path !== undefined && readAtRevision(repo, commit, [path]).get(path) !== undefined;
  return existed
    ? new SpxError('E_FILE_NOT_FOUND', `${file} exists at ${base} but not in the working tree: it was deleted; run spx diff --base ${base} without naming it to see it as a deleted process`)
    : new SpxError('E_FILE_NOT_FOUND', `${file}: no such file or directory; check the path`);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

