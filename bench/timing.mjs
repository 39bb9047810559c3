// Timing helpers shared by the benchmarks: wall time of whole commands, medians, interleaved comparisons.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Wall time in ms of `node ARGS`; exit 0 or 1 (findings) is fine, anything else is a broken benchmark. */
export function timeOnce(args, cwd = root) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Interleaves the commands run by run, so drift in machine load hits each alike; returns medians. */
export function compare(commands, runs, cwd = root, warmups = 3) {
  const times = commands.map(() => []);
  for (let i = 0; i < warmups; i++) commands.forEach((args) => timeOnce(args, cwd)); // page cache, code cache
  for (let i = 0; i < runs; i++) commands.forEach((args, k) => times[k].push(timeOnce(args, cwd)));
  return times.map(median);
}
