/** Runs the forecast's simulation on worker threads and adds the chunks in deal order: the same report as one thread. */
import { WorkerPool } from '../simulate/pool.js';
import { ForecastAccumulator, prepareForecast, type ForecastInput, type ForecastReport, type ForecastTableInput } from './forecast.js';
import { compileWalkers, FORECAST_CHUNK, forecastChunkRange, simulateForecastChunk, type ForecastPartial } from './forecast-simulation.js';

/**
 * {@link forecastDeals} on several threads: this one and the worker threads of `pool` — a {@link WorkerPool} of the
 * built forecast-worker (started early, e.g. before the deal data is read, so the workers load meanwhile), or the
 * worker file and the number of threads to start one now. The caller locates the worker file. Chunks of
 * {@link FORECAST_CHUNK} deals are handed out as threads free up; their sums are added strictly in chunk order, so
 * the report is byte-for-byte the one thread's. Each worker gets the deals as typed arrays and the processes as
 * compiled tables, never as objects. Rejects if a worker fails (the others are stopped). The deals may be objects
 * ({@link ForecastInput}) or a table ({@link ForecastTableInput}, as {@link forecastDealTable} reads them).
 */
export async function forecastDealsInWorkers(input: ForecastInput | ForecastTableInput, pool: WorkerPool | { readonly workerFile: string; readonly workers: number }): Promise<ForecastReport> {
  const prepared = prepareForecast(input);
  const { setup } = prepared;
  const count = setup.streams.length;
  const chunks = Math.ceil(count / FORECAST_CHUNK);
  const threads = pool instanceof WorkerPool ? pool : new WorkerPool(pool.workerFile, Math.max(1, Math.min(pool.workers, chunks)));
  const accumulator = new ForecastAccumulator(prepared);
  const walkers = compileWalkers(setup);
  await threads.run<ForecastPartial>({
    setup,
    chunks,
    runHere: (index) => simulateForecastChunk(setup, walkers, ...forecastChunkRange(index, count)),
    take: (index, partial) => accumulator.add(index * FORECAST_CHUNK, partial),
  });
  return accumulator.finish();
}
