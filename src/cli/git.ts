/** Reads a git repository for `--base REV`. git is always spawned with an argument array, never through a shell. */
import { spawnSync } from 'node:child_process';
import { posix, relative, resolve, sep } from 'node:path';
import { SpxError } from '../index.js';
import type { Io } from './io.js';

/** The repository around the working directory. */
export interface GitRepo {
  readonly cwd: string;
  /** The working directory's path inside the repository: '' at its root, else like `teams/emea/`. */
  readonly prefix: string;
  readonly shallow: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A file that differs between a revision and the working tree (paths relative to the repository root). */
export interface ChangedFile {
  readonly status: 'added' | 'deleted' | 'modified';
  /** Undefined for an added file. */
  readonly oldPath: string | undefined;
  /** Undefined for a deleted file. */
  readonly newPath: string | undefined;
}

/** git's output can be whole process files (up to 8 MiB each, many at once). */
const MAX_BUFFER = 1024 * 1024 * 1024;

function run(repoCwd: string, env: GitRepo['env'], args: readonly string[], input?: string): { status: number | null; stdout: Buffer; stderr: string } {
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value;
  // git's messages in English, so the few we recognise are recognised everywhere.
  childEnv['LC_ALL'] = 'C';
  const result = spawnSync('git', args, { cwd: repoCwd, input, maxBuffer: MAX_BUFFER, env: childEnv, windowsHide: true });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SpxError('E_GIT', 'git was not found on PATH: install git, or compare two files with spx diff OLD NEW');
    throw new SpxError('E_GIT', `git ${args[0]} failed (${code ?? result.error.message}); check the repository and try again`);
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]!.replace(/^(fatal|error): /, '');
}

/** Finds the repository around `io.cwd`; E_NOT_GIT_REPO outside one. */
export function openRepo(io: Io): GitRepo {
  const result = run(io.cwd, io.env, ['rev-parse', '--show-prefix', '--is-shallow-repository']);
  if (result.status !== 0) {
    if (/not a git repository/i.test(result.stderr)) {
      throw new SpxError('E_NOT_GIT_REPO', `${io.cwd} is not inside a git repository: run spx from a clone, or compare two files with spx diff OLD NEW`);
    }
    throw new SpxError('E_GIT', `git cannot read the repository here (${firstLine(result.stderr)}); fix that, or compare two files with spx diff OLD NEW`);
  }
  const [prefix = '', shallow = 'false'] = result.stdout.toString('utf8').split('\n');
  return { cwd: io.cwd, prefix, shallow: shallow.trim() === 'true', env: io.env };
}

/**
 * The commit a revision names. An unknown revision is E_UNKNOWN_REVISION; in a shallow clone, where the base may
 * simply not have been fetched, E_SHALLOW_CLONE says how to fetch it.
 */
export function resolveRevision(repo: GitRepo, revision: string): string {
  // A revision starting with '-' would be read as an option.
  if (revision === '' || revision.startsWith('-')) throw new SpxError('E_USAGE', `"${revision}" is not a revision: name a branch, tag or commit with --base`);
  const result = run(repo.cwd, repo.env, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  const sha = result.stdout.toString('utf8').trim();
  if (result.status === 0 && sha !== '') return sha;
  if (repo.shallow) {
    throw new SpxError(
      'E_SHALLOW_CLONE',
      `revision ${revision} is not in this shallow clone: fetch more history: git fetch --deepen=100 (or fetch-depth: 0 on actions/checkout), or check the name`,
    );
  }
  throw new SpxError('E_UNKNOWN_REVISION', `unknown revision ${revision}: name a branch, tag or commit that exists here (for a remote branch, git fetch it first)`);
}

/**
 * Reads files as they are in `commit` (what `git show COMMIT:path` prints), in one `git cat-file --batch` for
 * all of them. A path that does not exist there (or is not a file there) maps to undefined.
 */
export function readAtRevision(repo: GitRepo, commit: string, paths: readonly string[]): Map<string, Buffer | undefined> {
  const contents = new Map<string, Buffer | undefined>();
  // cat-file reads one object name per line, so a path with a line break is read on its own with git show.
  const batch = paths.filter((p) => !p.includes('\n'));
  for (const path of paths.filter((p) => p.includes('\n'))) {
    const shown = run(repo.cwd, repo.env, ['show', '--no-textconv', `${commit}:${path}`]);
    contents.set(path, shown.status === 0 ? shown.stdout : undefined);
  }
  if (batch.length === 0) return contents;
  const result = run(repo.cwd, repo.env, ['cat-file', '--batch'], batch.map((p) => `${commit}:${p}\n`).join(''));
  if (result.status !== 0) throw new SpxError('E_GIT', `git cat-file failed (${firstLine(result.stderr)}); check the repository and try again`);
  const out = result.stdout;
  let offset = 0;
  for (const path of batch) {
    const end = out.indexOf(0x0a, offset);
    const header = out.toString('utf8', offset, end < 0 ? out.length : end);
    offset = end + 1;
    // `<oid> <type> <size>` then the contents and a newline; or `<name> missing` / `<name> ambiguous`.
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) {
      contents.set(path, undefined);
      continue;
    }
    const size = Number(match[2]);
    contents.set(path, match[1] === 'blob' ? out.subarray(offset, offset + size) : undefined);
    offset += size + 1;
  }
  return contents;
}

/**
 * Files that differ between `commit` and the working tree under `pathspecs` (relative to the working directory;
 * none means the working directory), with renames paired, plus untracked files (not ignored) as added.
 */
export function changedFiles(repo: GitRepo, commit: string, pathspecs: readonly string[]): ChangedFile[] {
  const specs = pathspecs.length > 0 ? [...pathspecs] : ['.'];
  const diff = run(repo.cwd, repo.env, ['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv', commit, '--', ...specs]);
  if (diff.status !== 0) throw new SpxError('E_GIT', `git diff failed (${firstLine(diff.stderr)}); check the paths and the revision`);
  const tokens = diff.stdout.toString('utf8').split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < tokens.length; ) {
    const status = tokens[i]!;
    if (status === '') break;
    if (status.startsWith('R')) {
      files.push({ status: 'modified', oldPath: tokens[i + 1]!, newPath: tokens[i + 2]! });
      i += 3;
    } else if (status.startsWith('C')) {
      // A copy leaves its source as it was: the copy is a new file.
      files.push({ status: 'added', oldPath: undefined, newPath: tokens[i + 2]! });
      i += 3;
    } else {
      const path = tokens[i + 1]!;
      if (status === 'A') files.push({ status: 'added', oldPath: undefined, newPath: path });
      else if (status === 'D') files.push({ status: 'deleted', oldPath: path, newPath: undefined });
      else files.push({ status: 'modified', oldPath: path, newPath: path });
      i += 2;
    }
  }
  const untracked = run(repo.cwd, repo.env, ['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', ...specs]);
  if (untracked.status === 0) {
    for (const path of untracked.stdout.toString('utf8').split('\0')) if (path !== '') files.push({ status: 'added', oldPath: undefined, newPath: path });
  }
  return files;
}

/** A path as the user named it (relative to the working directory, or absolute) → its path in the repository; undefined outside it. */
export function repoPath(repo: GitRepo, file: string): string | undefined {
  const fromCwd = relative(repo.cwd, resolve(repo.cwd, file)).split(sep).join('/');
  const path = posix.normalize(repo.prefix + fromCwd);
  return path === '.' || path.startsWith('../') || posix.isAbsolute(path) ? undefined : path;
}

/** A repository path → the path to show and open: relative to the working directory. */
export function displayPath(repo: GitRepo, path: string): string {
  if (path.startsWith(repo.prefix)) return path.slice(repo.prefix.length);
  const depth = repo.prefix.split('/').filter((part) => part !== '').length;
  return `${'../'.repeat(depth)}${path}`;
}

/**
 * The short commit that last changed `file` (a path as the user named it), with "+ changes" when the working tree
 * differs from it; undefined when the file is untracked or git cannot say. For labelling output, never fatal.
 */
export function fileRevision(repo: GitRepo, file: string): string | undefined {
  const path = repoPath(repo, file);
  if (path === undefined) return undefined;
  const root = repo.prefix === '' ? repo.cwd : resolve(repo.cwd, ...repo.prefix.split('/').filter((part) => part !== '').map(() => '..'));
  const last = run(root, repo.env, ['log', '-1', '--format=%h', '--', path]);
  const commit = last.status === 0 ? last.stdout.toString('utf8').trim() : '';
  if (commit === '') return undefined;
  const status = run(root, repo.env, ['status', '--porcelain', '--', path]);
  return status.status === 0 && status.stdout.toString('utf8').trim() !== '' ? `${commit} + changes` : commit;
}
