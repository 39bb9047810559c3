/** Runs a simulation's chunks on worker threads and merges their statistics in chunk order. */
import { DealSimulator, DEFAULT_STEP_CAP, statsShape } from './engine.js';
import type { SimulationModel } from './model.js';
import { WorkerPool } from './pool.js';
import { chunkCount, chunkDeals, type ProgressCallback, type SimulationOptions, type SimulationTotals } from './simulate.js';
import { HISTOGRAM_BUCKETS, SimulationStats } from './stats.js';

/** What the pool posts to a worker at start (see worker-entry.ts). */
export interface WorkerSetup {
  readonly model: SimulationModel;
  readonly deals: number;
  readonly seed: number;
  readonly stepCap: number | undefined;
}

/**
 * Simulates on `workers` threads: this one and `workers` − 1 worker threads running `workerFile` (the built
 * worker-entry; the caller locates it — the core never derives paths from its own location), through a
 * {@link WorkerPool}. This thread starts simulating at once while the workers start (about 50 ms): on two cores
 * that is what brings two threads close to twice one. Chunk stats are merged strictly in chunk order and the
 * per-thread histograms added at the end (integer counts: exact in any order), so the totals are identical to
 * runInThisThread's, whatever the number of threads or their timing.
 *
 * Rejects if a worker fails (the others are terminated).
 */
export async function runInWorkers(
  model: SimulationModel,
  options: SimulationOptions,
  pool: { readonly workerFile: string; readonly workers: number; readonly onProgress?: ProgressCallback },
): Promise<SimulationTotals> {
  const chunks = chunkCount(options.deals);
  const setup: WorkerSetup = { model, deals: options.deals, seed: options.seed, stepCap: options.stepCap };
  const stats = new SimulationStats(statsShape(model));
  const histogram = new Float64Array(HISTOGRAM_BUCKETS);
  const local = new DealSimulator(model, options.stepCap ?? DEFAULT_STEP_CAP);
  const addHistogram = (counts: Float64Array): void => {
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) histogram[i]! += counts[i]!;
  };
  await new WorkerPool(pool.workerFile, Math.max(1, Math.min(pool.workers, chunks))).run<Float64Array>({
    setup,
    chunks,
    runHere: (index) => local.runChunk(options.seed, index, chunkDeals(index, options.deals)).data,
    take: (_index, data) => {
      stats.merge(new SimulationStats(stats.shape, data));
      pool.onProgress?.(stats.deals, options.deals);
    },
    final: (counts) => addHistogram(counts as Float64Array),
  });
  addHistogram(local.histogram);
  return { stats, histogram };
}
