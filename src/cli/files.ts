/** Expands the paths and globs a user gives into process files, reading them with size limits. */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { SpxError, LOAD_LIMITS } from '../index.js';

export const YAML_FILE = /\.ya?ml$/i;
/** Directory expansion keeps only files that declare the spx format, so configs and workflows are skipped. */
const DECLARES_SPX = /^apiVersion:\s*["']?spx\//m;
const HEAD_BYTES = 4096;

export interface FileSelection {
  /** Paths as shown to the user (relative to cwd when inside it). */
  readonly files: readonly string[];
  /** Set when no path was given and neither ./processes nor … existed: we fell back to the bundled ones. */
  readonly note: string | undefined;
}

/**
 * Resolves command-line paths. Named files are always taken; directories and globs yield the YAML
 * files that declare `apiVersion: spx/…`, minus `ignore` globs. Errors are SpxErrors (exit 2).
 */
export function selectFiles(paths: readonly string[], cwd: string, bundledDir: string, ignore: readonly string[] = []): FileSelection {
  if (paths.length === 0) {
    const local = join(cwd, 'processes');
    if (existsSync(local) && statSync(local).isDirectory()) return { files: fromDirectory(local, cwd, ignore, 'processes'), note: undefined };
    return {
      files: fromDirectory(bundledDir, cwd, [], bundledDir),
      note: 'no ./processes folder here: linting the processes bundled with spx',
    };
  }
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    if (existsSync(absolute)) {
      const stat = statSync(absolute);
      files.push(...(stat.isDirectory() ? fromDirectory(absolute, cwd, ignore, path) : [display(absolute, cwd)]));
    } else if (isDynamicPattern(path)) {
      const ignored = ignoredBy(ignore, cwd);
      const matched = globSync(path, { cwd, ignore: ['**/node_modules/**'], absolute: true, dot: false })
        .filter((f) => YAML_FILE.test(f) && !ignored(f) && fileDeclaresSpx(f))
        .sort();
      if (matched.length === 0) throw new SpxError('E_NO_FILES', `no process files match the pattern "${path}" (.yaml or .yml files starting with apiVersion: spx/v1); check the glob and quote it so the shell does not expand it`);
      files.push(...matched.map((f) => display(f, cwd)));
    } else {
      throw new SpxError('E_FILE_NOT_FOUND', `${path}: no such file or directory; check the path (quote globs so the shell leaves them to spx)`);
    }
  }
  return { files: [...new Set(files)], note: undefined };
}

/**
 * The config's `ignore` globs as a test on paths relative to `cwd` (as spx shows them). Matching names instead of
 * globbing the disk also covers files that exist only at a git base, and never walks the whole tree.
 */
export function ignoredBy(ignore: readonly string[], cwd: string): (path: string) => boolean {
  if (ignore.length === 0) return () => false;
  // `old` or `old/` ignores what is inside the directory too, as a glob expanded on disk would.
  const patterns = ignore.flatMap((pattern) => [pattern, `${pattern.replace(/\/+$/, '')}/**`]);
  const matches = picomatch(patterns, { dot: true });
  return (path) => matches(relative(cwd, resolve(cwd, path)).split(sep).join('/'));
}

function fromDirectory(dir: string, cwd: string, ignore: readonly string[], shownAs: string): string[] {
  const ignored = ignoredBy(ignore, cwd);
  const found: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() && YAML_FILE.test(entry.name) && !ignored(full) && fileDeclaresSpx(full)) found.push(full);
    }
  }
  if (found.length === 0) {
    throw new SpxError('E_NO_FILES', `${shownAs}: no process files here (.yaml or .yml files starting with apiVersion: spx/v1)`);
  }
  return found.sort().map((f) => display(f, cwd));
}

/** Whether file contents start like a process (the declaration is at the top; only the head is looked at). */
export function declaresSpx(contents: Uint8Array | undefined): boolean {
  return contents !== undefined && DECLARES_SPX.test(Buffer.from(contents.subarray(0, HEAD_BYTES)).toString('utf8'));
}

function fileDeclaresSpx(file: string): boolean {
  // Only the head is read, so huge files stay unread.
  try {
    return declaresSpx(readHead(file, HEAD_BYTES));
  } catch {
    return false;
  }
}

function readHead(file: string, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    return buffer.subarray(0, readSync(fd, buffer, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a file for linting. A file over the size limit is read only up to one byte past the limit:
 * enough for the loader to report it, without loading gigabytes. Only regular files are read: a device
 * (`/dev/zero`) or a named pipe would stream forever or block, and spx must never hang.
 */
export function readProcessFile(file: string, cwd: string): Uint8Array {
  return readRegularFile(file, cwd, 'process file');
}

/** Reads a regular file of at most `LOAD_LIMITS.maxBytes` (+1, so the loader can report the excess); errors are SpxErrors. */
export function readRegularFile(file: string, cwd: string, what: string, code: 'E_READ' | 'E_CONFIG' = 'E_READ'): Uint8Array {
  const absolute = resolve(cwd, file);
  try {
    const stat = statSync(absolute);
    if (stat.isDirectory()) throw new SpxError(code, `${file}: is a directory, not a ${what}`);
    if (!stat.isFile()) throw new SpxError(code, `${file}: is not a regular file but a device, pipe or socket; write the ${what} to a regular file and pass that`);
    return stat.size > LOAD_LIMITS.maxBytes ? readHead(absolute, LOAD_LIMITS.maxBytes + 1) : readFileSync(absolute);
  } catch (error) {
    if (error instanceof SpxError) throw error;
    const errno = (error as NodeJS.ErrnoException).code;
    if (errno === 'ENOENT') throw new SpxError(code === 'E_READ' ? 'E_FILE_NOT_FOUND' : code, `${file}: no such file; check the path`);
    throw new SpxError(code, `${file}: cannot be read (${errno ?? String(error)}); check its permissions`);
  }
}

function display(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return rel === '' || rel.startsWith('..') || rel.startsWith(sep) ? absolute : rel;
}
