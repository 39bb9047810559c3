/** Atomic writes: a temp file beside the target, then rename, so readers never see half a file. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SpxError } from '../index.js';

export function writeFileAtomic(path: string, contents: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, contents, { flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new SpxError('E_WRITE', `${path}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}); check that its directory exists and is writable`);
  }
}
