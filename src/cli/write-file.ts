/** Atomic writes: a temp file beside the target, then rename, so readers never see half a file. */
import { closeSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, sep } from 'node:path';
import { SpxError } from '../index.js';

/**
 * The file `-o` names, resolved against `cwd`; refused (E_FILE_EXISTS) when it exists and `force` is not set, and
 * always when it is something other than a regular file (E_WRITE). Call it before any work: a report is cheap to make
 * again, a user's file is not.
 */
export function outputTarget(cwd: string, output: string, force: boolean | undefined): string {
  refuseNoName(output, 'file');
  // Not resolve(): it cancels `..` as text, where the system steps up from wherever a link in the path leads.
  const target = isAbsolute(output) ? output : `${cwd}${sep}${output}`;
  const stats = statSync(target, { throwIfNoEntry: false });
  if (stats === undefined) {
    // A symlink to nothing "does not exist", but the rename would replace the link itself: a user's file all the same.
    if (!force && isSymlink(target)) throw new SpxError('E_FILE_EXISTS', `${output} already exists: pass --force to replace it, or choose another -o file`);
    return target;
  }
  // The atomic rename would put a file where a directory, a device (/dev/stdout) or a FIFO was: never that.
  if (!stats.isFile()) throw new SpxError('E_WRITE', `${output}: not a regular file, so spx will not replace it; omit -o to print the output, or choose another -o file`);
  if (!force) throw new SpxError('E_FILE_EXISTS', `${output} already exists: pass --force to replace it, or choose another -o file`);
  return target;
}

/**
 * Refuses an `-o` that names nothing: "" (not the working directory) and "-", which many tools read as stdout (a
 * file or directory named "-" instead would leave the pipe empty without a word).
 */
export function refuseNoName(output: string, kind: 'file' | 'directory'): void {
  if (output === '') throw new SpxError('E_USAGE', `-o needs a ${kind} name; omit -o to print the output`);
  if (output === '-') throw new SpxError('E_USAGE', '-o - names no file: omit -o to print the output (or write -o ./- for a file named "-")');
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The file a write to `path` lands in: through a symlink (a chain of them) its target, as a shell's `>` writes (the
 * rename would replace the link itself, leaving the file it points to as it was), a dangling link's target too;
 * `path` itself when it is no link.
 */
function landing(path: string): string {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(current).isSymbolicLink()) return physical(current);
      link = readlinkSync(current);
    } catch {
      return physical(current); // nothing there: the end of a dangling link
    }
    // As the system follows it: relative to the directory the link really is in, its text joined, not normalised
    // (a `..` after a link in it steps up from where that link leads).
    current = isAbsolute(link) ? link : `${realDirectory(dirname(current))}${sep}${link}`;
  }
  throw new SpxError('E_WRITE', `${path}: a loop of symbolic links; choose another -o file`);
}

/** `path` with its directory as the system resolves it (links and `..` followed), so the temp file lands beside it. */
function physical(path: string): string {
  return join(realDirectory(dirname(path)), basename(path));
}

/** A directory's real path (through links), or the path as it is when it cannot be resolved (the write reports why). */
function realDirectory(directory: string): string {
  try {
    // The system's realpath: fs.realpathSync cancels `..` as text before it looks at links.
    return realpathSync.native(directory);
  } catch {
    return directory;
  }
}

/** Writes `target` atomically (through a symlink to the file it points to), as {@link writeFileAtomicChunks} with one chunk. */
export function writeFileAtomic(target: string, contents: string): void {
  writeFileAtomicChunks(target, (write) => write(contents));
}

/**
 * Writes `path` atomically from text (or UTF-8 bytes) made piece by piece: `produce` hands chunks to `write`, which appends them to
 * a temp file beside the target; the temp file is renamed over `path` once `produce` returns, and removed when it
 * or a write fails (an error from `produce` is rethrown as it is).
 */
export function writeFileAtomicChunks(target: string, produce: (write: (chunk: string | Uint8Array) => void) => void): void {
  const path = landing(target);
  const temp = tempPath(path);
  let fd: number | undefined;
  // An error of the file system is a write error; any other (from `produce`) is passed on as it is.
  let fsError = true;
  try {
    fd = openSync(temp, 'wx');
    const handle = fd;
    fsError = false;
    produce((chunk) => {
      fsError = true;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (let at = 0; at < bytes.length; ) at += writeSync(handle, bytes, at);
      fsError = false;
    });
    fsError = true;
    const open = fd;
    fd = undefined;
    closeSync(open);
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    rmSync(temp, { force: true });
    throw fsError ? writeError(target, path, error) : error;
  }
}

/** Closes `fd` after a failure, which is the error to report: a second error from closing would hide it. */
function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // The descriptor is gone either way; the first error says what went wrong.
  }
}

function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

function writeError(target: string, path: string, error: unknown): SpxError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  // Atomic writes need the link target's directory: replacing the link instead would leave the file it points to as it was.
  if (path !== target && (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')) {
    return new SpxError('E_WRITE', `${target}: a symlink to ${path}, whose directory is not writable (${code}): spx writes atomically, through a temporary file beside the file it replaces; make that directory writable or choose another -o file`);
  }
  return new SpxError('E_WRITE', `${path}: cannot be written (${code}); check that its directory exists and is writable`);
}
