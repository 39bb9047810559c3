// The worker pool (running the built dist/simulate-worker.cjs): same totals as one thread, for any worker count.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProcess } from '../../src/model/process-file.js';
import { compileModel } from '../../src/simulate/model.js';
import { runInThisThread, simulationReport } from '../../src/simulate/simulate.js';
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
