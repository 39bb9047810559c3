// runSpx(argv, cwd, now): the older signature of spxIn (in-process.ts), still imported by readme-audit-forecast.test.ts.
import { spxIn, type InProcessRun } from './in-process.js';

/** Runs spx in-process in `cwd` with the clock at `now`. */
export function runSpx(argv: readonly string[], cwd: string, now = '2026-03-02T12:00:00Z'): Promise<InProcessRun> {
  return spxIn(argv, { cwd, now });
}
