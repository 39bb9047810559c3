/** Deal-data files and --as-of for the commands that read deal histories (`spx calibrate`, `spx report --history`). */
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseInstant, SpxError, type DealSource } from '../index.js';

/** A bare date is midnight in the process calendar's time zone; a date-time needs `Z` or an offset (or is wall-clock there). */
export function parseAsOf(text: string, timeZone: string): number {
  const instant = parseInstant(text, timeZone);
  if (instant === undefined) throw new SpxError('E_BAD_DATE', `--as-of ${text} is not a date; use YYYY-MM-DD or an ISO 8601 date-time, e.g. 2026-12-01`);
  return instant;
}

/** Deal data is streamed: a 1 GB export is never read whole. Only regular files: a FIFO or device would never end. */
export function dealSource(file: string, cwd: string): DealSource {
  const absolute = resolve(cwd, file);
  let size: number;
  try {
    const stat = statSync(absolute);
    if (stat.isDirectory()) throw new SpxError('E_READ', `${file}: is a directory, not a deal-data file`);
    if (!stat.isFile()) throw new SpxError('E_READ', `${file}: is not a regular file; save the export to a file and pass that`);
    size = stat.size;
  } catch (error) {
    if (error instanceof SpxError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SpxError('E_FILE_NOT_FOUND', `${file}: no such file; check the path`);
    throw new SpxError('E_READ', `${file}: cannot be read (${code ?? String(error)}); check its permissions`);
  }
  return {
    file,
    async *chunks() {
      if (size === 0) return;
      try {
        yield* createReadStream(absolute, { highWaterMark: 1 << 20 });
      } catch (error) {
        throw new SpxError('E_READ', `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    },
  };
}
