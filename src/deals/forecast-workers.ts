/** Runs the forecast's simulation on worker threads and adds the chunks in deal order: the same report as one thread. */
import { Worker } from 'node:worker_threads';
import {
  compileWalkers,
  FORECAST_CHUNK,
  ForecastAccumulator,
  prepareForecast,
  simulateForecastChunk,
  type ForecastInput,
  type ForecastPartial,
  type ForecastReport,
} from './forecast.js';

export type ForecastToWorker = { readonly type: 'chunk'; readonly from: number; readonly to: number } | { readonly type: 'finish' };
export type ForecastFromWorker = { readonly type: 'chunk'; readonly from: number; readonly partial: ForecastPartial };

/** Chunks handed to a worker ahead of time, so it never waits for this thread between two. */
const IN_FLIGHT = 2;

/**
 * {@link forecastDeals} on `workers` threads: this one and `workers` − 1 worker threads running `workerFile` (the
 * built forecast-worker; the caller locates it). Chunks of {@link FORECAST_CHUNK} deals are handed out as threads
 * free up; their sums come back in any order and are added strictly in chunk order, so the report is
 * byte-for-byte the one thread's. Rejects if a worker fails (the others are terminated).
 */
export function forecastDealsInWorkers(input: ForecastInput, pool: { readonly workerFile: string; readonly workers: number }): Promise<ForecastReport> {
  const prepared = prepareForecast(input);
  const { setup } = prepared;
  const count = setup.streams.length;
  const chunks = Math.ceil(count / FORECAST_CHUNK);
  const size = Math.max(1, Math.min(pool.workers, chunks)) - 1;
  const accumulator = new ForecastAccumulator(prepared);
  const walkers = compileWalkers(setup);
  const pending = new Map<number, ForecastPartial>();
  let nextToHand = 0;
  let nextToAdd = 0;
  let localDone = false;

  return new Promise<ForecastReport>((resolve, reject) => {
    const workers: Worker[] = [];
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      for (const worker of workers) void worker.terminate();
      reject(error);
    };
    const range = (chunk: number): [number, number] => [chunk * FORECAST_CHUNK, Math.min(count, (chunk + 1) * FORECAST_CHUNK)];
    const settle = (): void => {
      if (failed || !localDone || nextToAdd < chunks) return;
      for (const worker of workers) void worker.terminate();
      try {
        resolve(accumulator.finish());
      } catch (error) {
        fail(error as Error);
      }
    };
    const accept = (from: number, partial: ForecastPartial): void => {
      pending.set(from / FORECAST_CHUNK, partial);
      while (pending.has(nextToAdd)) {
        accumulator.add(nextToAdd * FORECAST_CHUNK, pending.get(nextToAdd)!);
        pending.delete(nextToAdd++);
      }
      settle();
    };

    for (let w = 0; w < size; w++) {
      const worker = new Worker(pool.workerFile, { workerData: setup });
      workers.push(worker);
      let outstanding = 0;
      const top = (): void => {
        while (outstanding < IN_FLIGHT && nextToHand < chunks) {
          const [from, to] = range(nextToHand++);
          worker.postMessage({ type: 'chunk', from, to } satisfies ForecastToWorker);
          outstanding++;
        }
      };
      worker.on('message', (message: ForecastFromWorker) => {
        if (failed) return;
        outstanding--;
        top();
        accept(message.from, message.partial);
      });
      worker.on('error', (error) => fail(error instanceof Error ? error : new Error(String(error))));
      worker.on('exit', (code) => {
        if (!failed && nextToAdd < chunks) fail(new Error(`a forecast worker exited before the simulation was done (exit code ${code})`));
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
      const [from, to] = range(nextToHand++);
      accept(from, simulateForecastChunk(setup, walkers, from, to));
      setImmediate(work);
    };
    setImmediate(work);
  });
}
