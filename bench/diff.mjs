// Benchmark of `spx diff`: two 2,000-step versions of a process against linting one of them, in the same run.
// `spx diff` lints both versions (it refuses invalid ones), so 2× is the floor; the goal is ≤ 3×.
// Called from bench/run.mjs; `node bench/diff.mjs [--quick]` runs it alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { generateProcessDocument } from './fixtures/generate-process.mjs';
import { median, root, timeOnce } from './timing.mjs';

const spx = join(root, 'bin/spx.cjs');

/**
 * The second version: every 10th step re-estimated, every 25th retitled, every 50th with one more buyer role
 * (a minor change), and the version raised to 1.1.0 — a few hundred changes, as a large review might bring.
 */
export function mutate(document) {
  const copy = structuredClone(document);
  copy.metadata.version = '1.1.0';
  Object.values(copy.steps).forEach((step, index) => {
    if (index % 10 === 3 && step.duration) step.duration = { ...step.duration, max: step.duration.max + 2 };
    if (index % 25 === 7) step.title = `${step.title} (revised)`;
    if (index % 50 === 11 && !step.with.includes('economic-buyer')) step.with = [...step.with, 'economic-buyer'];
  });
  return copy;
}

/** Rows of [label, value, baseline, note], as bench/run.mjs prints them. */
export async function benchDiff({ quick = false, steps = 2000 } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'spx-bench-diff-'));
  try {
    const document = generateProcessDocument(steps, { seed: 42, parallelRate: 0.05 });
    const yaml = (d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false });
    const v1 = join(work, 'v1.yaml');
    const v2 = join(work, 'v2.yaml');
    writeFileSync(v1, yaml(document));
    writeFileSync(v2, yaml(mutate(document)));
    const commands = [
      [spx, 'diff', v1, v2, '--format', 'json'],
      [spx, 'lint', v2, '--format', 'json', '--no-config-lookup'],
    ];
    const runs = quick ? 2 : 7;
    const times = commands.map(() => []);
    commands.forEach((args) => timeOnce(args, work)); // warm the page cache and the code cache
    // Interleaved, so drift in machine load hits both alike.
    for (let i = 0; i < runs; i++) commands.forEach((args, k) => times[k].push(timeOnce(args, work)));
    const [diff, lint] = times.map(median);
    const fmt = (ms) => `${ms.toFixed(1)} ms`;
    return [
      [`spx diff on two ${steps}-step versions`, fmt(diff), `spx lint on one: ${fmt(lint)}`, `${(diff / lint).toFixed(2)}× (goal ≤ 3×)`],
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export default benchDiff;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await benchDiff({ quick: process.argv.includes('--quick') })) console.log(row.join('  '));
}
