// The worker pool (running the built dist/simulate-worker.cjs): same totals as one thread, for any worker count.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProcess } from '../../src/model/process-file.js';
import { compileModel } from '../../src/simulate/model.js';
import { simulateParallel } from '../../src/simulate/parallel.js';
import { runInThisThread, simulate, simulationReport } from '../../src/simulate/simulate.js';
import { runInWorkers } from '../../src/simulate/workers.js';

const ROOT = join(import.meta.dirname, '../..');
// Built by the test global setup (scripts/build.mjs), as the CLI uses it.
const WORKER = join(ROOT, 'dist/simulate-worker.cjs');
const process = loadProcess('enterprise.yaml', readFileSync(join(ROOT, 'processes/enterprise.yaml'))).process!;

describe('runInWorkers', () => {
  const options = { deals: 123_456, seed: 5 };
  const model = compileModel(process);
  const expected = JSON.stringify(simulationReport(process, model, options, runInThisThread(model, options)));

  it.each([1, 2, 3, 16])('gives byte-identical reports with %i workers', async (workers) => {
    const progress: number[] = [];
    const totals = await runInWorkers(model, options, { workerFile: WORKER, workers, onProgress: (done) => progress.push(done) });
    expect(JSON.stringify(simulationReport(process, model, options, totals))).toBe(expected);
    expect(progress.at(-1)).toBe(options.deals);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('rejects when a worker fails, instead of hanging', async () => {
    const broken = join(tmpdir(), `spx-broken-worker-${Date.now()}.cjs`);
    writeFileSync(broken, "throw new Error('boom');\n");
    try {
      await expect(runInWorkers(model, options, { workerFile: broken, workers: 2 })).rejects.toThrow('boom');
    } finally {
      rmSync(broken, { force: true });
    }
  });
});

describe('simulateParallel (the library entry)', () => {
  const options = { deals: 45_678, seed: 9, from: 'discovery' };
  const expected = JSON.stringify(simulate(process, options));

  it.each([1, 2, 3])('gives the report of simulate() with %i threads', async (workers) => {
    expect(JSON.stringify(await simulateParallel(process, options, { workers, workerFile: WORKER }))).toBe(expected);
  });

  it('stays in this thread for one chunk, and needs a worker file only for several threads', async () => {
    const small = { deals: 5_000, seed: 9 };
    expect(await simulateParallel(process, small, { workers: 4 })).toEqual(simulate(process, small));
    await expect(simulateParallel(process, options, { workers: 2 })).rejects.toThrow(TypeError);
  });
});
