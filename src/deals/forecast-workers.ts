/** Runs the forecast's simulation on worker threads and adds the chunks in deal order: the same report as one thread. */
import { WorkerPool } from '../simulate/pool.js';
import { ForecastAccumulator, prepareForecast, type ForecastDeal, type ForecastInput, type ForecastReport, type ForecastTableInput } from './forecast.js';
import { compileWalkers, FORECAST_CHUNK, forecastChunkRange, simulateForecastChunk, type ForecastPartial } from './forecast-simulation.js';

/**
 * {@link forecastDeals} on several threads: this one and the worker threads of `pool` — a {@link WorkerPool} of the
 * built forecast-worker (started early, e.g. before the deal data is read, so the workers load meanwhile), or the
 * worker file and the number of threads to start one now. The caller locates the worker file. Chunks of
 * {@link FORECAST_CHUNK} deals are handed out as threads free up; their sums are added strictly in chunk order, so
 * the report is byte-for-byte the one thread's. Each worker gets the deals as typed arrays and the processes as
 * compiled tables, never as objects. Rejects if a worker fails (the others are stopped). The deals may be objects
 * ({@link ForecastInput}) or a table ({@link ForecastTableInput}, as {@link forecastDealTable} reads them).
 *
 * `whileSimulating`, if given, is called with the report's deals (per deal its stage, win probability and close
 * date: everything but the simulated months) once the workers have their job and before this thread simulates: work
 * done there — e.g. formatting the deals — overlaps the simulation instead of following it.
 */
export async function forecastDealsInWorkers(
  input: ForecastInput | ForecastTableInput,
  pool: WorkerPool | { readonly workerFile: string; readonly workers: number },
  whileSimulating?: (deals: readonly ForecastDeal[]) => void,
): Promise<ForecastReport> {
  const prepared = prepareForecast(input);
  const { setup } = prepared;
  const count = setup.streams.length;
  const chunks = Math.ceil(count / FORECAST_CHUNK);
  const threads = pool instanceof WorkerPool ? pool : new WorkerPool(pool.workerFile, Math.max(1, Math.min(pool.workers, chunks)));
  const accumulator = new ForecastAccumulator(prepared);
  const walkers = compileWalkers(setup);
  const simulated = threads.run<ForecastPartial>({
    setup,
    chunks,
    runHere: (index) => simulateForecastChunk(setup, walkers, ...forecastChunkRange(index, count)),
    take: (index, partial) => accumulator.add(index * FORECAST_CHUNK, partial),
  });
  // The workers have their job (posted synchronously) and this thread simulates from its next turn: the deals'
  // report objects, and whatever the caller does with them, are built while the workers simulate.
  try {
    whileSimulating?.(prepared.deals);
  } catch (error) {
    threads.close();
    await simulated.catch(() => undefined);
    throw error;
  }
  await simulated;
  return accumulator.finish();
}
