/** Runs a simulation's chunks on worker threads and merges their statistics in chunk order. */
import { Worker } from 'node:worker_threads';
import { DealSimulator, DEFAULT_STEP_CAP, statsShape } from './engine.js';
import type { SimulationModel } from './model.js';
import { chunkCount, chunkDeals, type ProgressCallback, type SimulationOptions, type SimulationTotals } from './simulate.js';
import { HISTOGRAM_BUCKETS, SimulationStats } from './stats.js';

/** What the pool posts to a worker at start (see worker-entry.ts). */
export interface WorkerSetup {
  readonly model: SimulationModel;
  readonly deals: number;
  readonly seed: number;
  readonly stepCap: number | undefined;
}

/** Messages between the pool and its workers. */
export type ToWorker = { readonly type: 'chunk'; readonly index: number } | { readonly type: 'finish' };
export type FromWorker =
  | { readonly type: 'chunk'; readonly index: number; readonly data: Float64Array }
  | { readonly type: 'histogram'; readonly histogram: Float64Array };

/** Chunks handed to a worker ahead of time, so it never waits for this thread (busy with a chunk of its own) between two. */
const IN_FLIGHT = 2;

/**
 * Simulates on `workers` threads: this one and `workers` − 1 worker threads running `workerFile` (the built
 * worker-entry; the caller locates it — the core never derives paths from its own location). This thread starts
 * simulating at once, between turns of its event loop, while the workers start (about 50 ms): on two cores that
 * is what brings two threads close to twice one. Chunks are handed out one by one as threads free up; their
 * stats come back in any order and are merged strictly in chunk order (chunk k waits until chunks 0…k−1 are
 * merged), and the per-thread histograms are added at the end (integer counts: exact in any order). The totals
 * are therefore identical to runInThisThread's, whatever the number of threads or their timing.
 *
 * Resolves once every worker has delivered its histogram; rejects if a worker fails (the others are terminated).
 */
export function runInWorkers(
  model: SimulationModel,
  options: SimulationOptions,
  pool: { readonly workerFile: string; readonly workers: number; readonly onProgress?: ProgressCallback },
): Promise<SimulationTotals> {
  const chunks = chunkCount(options.deals);
  const size = Math.max(1, Math.min(pool.workers, chunks)) - 1;
  const setup: WorkerSetup = { model, deals: options.deals, seed: options.seed, stepCap: options.stepCap };
  const stats = new SimulationStats(statsShape(model));
  const histogram = new Float64Array(HISTOGRAM_BUCKETS);
  const pending = new Map<number, Float64Array>();
  const local = new DealSimulator(model, options.stepCap ?? DEFAULT_STEP_CAP);
  let nextToHand = 0;
  let nextToMerge = 0;
  let finished = 0;
  let localDone = false;

  return new Promise<SimulationTotals>((resolve, reject) => {
    const workers: Worker[] = [];
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      for (const worker of workers) void worker.terminate();
      reject(error);
    };
    const accept = (index: number, data: Float64Array): void => {
      pending.set(index, data);
      while (pending.has(nextToMerge)) {
        stats.merge(new SimulationStats(stats.shape, pending.get(nextToMerge)!));
        pending.delete(nextToMerge++);
      }
      pool.onProgress?.(stats.deals, options.deals);
    };
    const settle = (): void => {
      if (failed || !localDone || finished < size) return;
      for (const worker of workers) void worker.terminate();
      for (let i = 0; i < HISTOGRAM_BUCKETS; i++) histogram[i]! += local.histogram[i]!;
      if (nextToMerge !== chunks) fail(new Error(`simulation threads returned ${nextToMerge} of ${chunks} chunks`));
      else resolve({ stats, histogram });
    };
    // Workers told to finish, and workers whose histogram has arrived.
    const done = new Set<Worker>();
    const delivered = new Set<Worker>();

    for (let w = 0; w < size; w++) {
      const worker = new Worker(pool.workerFile, { workerData: setup });
      workers.push(worker);
      let outstanding = 0;
      const top = (): void => {
        while (outstanding < IN_FLIGHT && nextToHand < chunks) {
          worker.postMessage({ type: 'chunk', index: nextToHand++ } satisfies ToWorker);
          outstanding++;
        }
        if (outstanding === 0 && nextToHand >= chunks && !done.has(worker)) {
          done.add(worker);
          worker.postMessage({ type: 'finish' } satisfies ToWorker);
        }
      };
      worker.on('message', (message: FromWorker) => {
        if (failed) return;
        if (message.type === 'chunk') {
          outstanding--;
          accept(message.index, message.data);
          top();
          return;
        }
        for (let i = 0; i < HISTOGRAM_BUCKETS; i++) histogram[i]! += message.histogram[i]!;
        delivered.add(worker);
        finished++;
        settle();
      });
      worker.on('error', (error) => fail(error instanceof Error ? error : new Error(String(error))));
      worker.on('exit', (code) => {
        if (!failed && !delivered.has(worker)) fail(new Error(`a simulation worker exited before finishing its chunks (exit code ${code})`));
      });
      top();
    }

    // This thread's share: one chunk per turn of the event loop, so the workers' messages are handled in between.
    const work = (): void => {
      if (failed) return;
      if (nextToHand >= chunks) {
        localDone = true;
        settle();
        return;
      }
      const index = nextToHand++;
      accept(index, local.runChunk(options.seed, index, chunkDeals(index, options.deals)).data);
      setImmediate(work);
    };
    setImmediate(work);
  });
}
