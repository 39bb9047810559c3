/** The multi-threaded simulation entry: the same report as `simulate`, on this thread plus worker threads. */
import type { Process } from '../model/types.js';
import { CHUNK_DEALS } from './engine.js';
import { compileModel } from './model.js';
import { runInThisThread, simulationReport, type ProgressCallback, type SimulationOptions, type SimulationReport } from './simulate.js';
import { runInWorkers } from './workers.js';

/** Where and how wide to simulate. */
export interface ParallelOptions {
  /** Threads in all: this one and `workers` − 1 worker threads; 1 simulates in this thread only. */
  readonly workers: number;
  /**
   * The built worker script: `simulate-worker.cjs` beside the package's entry, e.g.
   * `fileURLToPath(new URL('simulate-worker.cjs', import.meta.resolve('spx')))`. The core never derives paths
   * from its own location; needed only when more than one thread runs.
   */
  readonly workerFile?: string;
  readonly onProgress?: ProgressCallback;
}

/**
 * Simulates `options.deals` deals through `process` on `parallel.workers` threads. The report is byte-identical
 * to {@link simulate}'s for the same options, whatever the number of threads: chunks have fixed seeds and are
 * merged in chunk order. Runs of one chunk (10,000 deals) or one thread stay in this thread.
 * Rejects with a TypeError when several threads are asked for without a worker file.
 */
export async function simulateParallel(process: Process, options: SimulationOptions, parallel: ParallelOptions): Promise<SimulationReport> {
  const model = compileModel(process, options.from === undefined ? {} : { from: options.from });
  if (parallel.workers <= 1 || options.deals <= CHUNK_DEALS) return simulationReport(process, model, options, runInThisThread(model, options, parallel.onProgress));
  if (parallel.workerFile === undefined) throw new TypeError('simulateParallel: workerFile is required for more than one thread');
  const totals = await runInWorkers(model, options, { workerFile: parallel.workerFile, workers: parallel.workers, onProgress: parallel.onProgress });
  return simulationReport(process, model, options, totals);
}
