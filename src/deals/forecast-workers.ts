/** Runs the forecast's simulation on worker threads and adds the chunks in deal order: the same report as one thread. */
import { WorkerPool } from '../simulate/pool.js';
import type { SamplerTable } from '../simulate/samplers.js';
import { ForecastAccumulator, planForecastWalkers, prepareForecast, type ForecastDeal, type ForecastInput, type ForecastProcessesInput, type ForecastReport, type ForecastTableInput } from './forecast.js';
import { compileWalkers, FORECAST_CHUNK, forecastChunkRange, simulateForecastChunk, walkerTablesOf, type ForecastPartial, type WalkerPlan, type WalkerTables } from './forecast-simulation.js';

/** What {@link compileForecastInWorkers} posts to the workers: the plans whose samplers they tabulate. */
export interface ForecastPrepareValue {
  readonly plans: readonly WalkerPlan[];
}

/**
 * The processes of a forecast, compiled on its worker threads ({@link compileForecastInWorkers}) while this thread
 * reads the deals; give it to {@link forecastDealsInWorkers}. Opaque.
 */
export interface CompiledForecast {
  readonly input: ForecastProcessesInput;
  /** The processes' walker tables, once a worker has tabulated their samplers. */
  readonly walkers: Promise<readonly WalkerTables[]>;
}

/**
 * Starts compiling the processes of a forecast on the worker threads of `pool` before the deals are known: the
 * workers tabulate the duration samplers (the costly part of compiling). Call it as soon as the processes, asOf and months are known —
 * e.g. before reading the deal data — and pass the result to {@link forecastDealsInWorkers} with the same
 * processes, asOf and months. A pool without workers
 * compiles on this thread.
 */
export function compileForecastInWorkers(pool: WorkerPool, input: ForecastProcessesInput): CompiledForecast {
  const plans = planForecastWalkers(input);
  const value: ForecastPrepareValue = { plans };
  const walkers = pool.prepare(value).then((answer) => {
    const samplers = answer as readonly SamplerTable[] | undefined;
    return plans.map((plan, p) => walkerTablesOf(plan, samplers?.[p]));
  });
  // Handled here as well: a caller that fails before awaiting it gets no unhandled rejection.
  walkers.catch(() => undefined);
  return { input: { processes: input.processes, asOf: input.asOf, months: input.months }, walkers };
}

/** Simulated futures (deals × runs per deal) that make one more thread worth starting: ~30 ms of simulation, about what starting it costs. */
export const FORECAST_FUTURES_PER_THREAD = 200_000;

/**
 * How many threads (this one included, at most `requested`) a forecast of `deals` open deals × `runsPerDeal` runs
 * should simulate on: one per {@link FORECAST_FUTURES_PER_THREAD} futures, and no more than it has chunks — a thread
 * that would get no work, or less than its start costs, is not started.
 */
export function forecastThreads(deals: number, runsPerDeal: number, requested: number): number {
  const chunks = Math.ceil(deals / FORECAST_CHUNK);
  return Math.max(1, Math.min(requested, chunks, Math.floor((deals * runsPerDeal) / FORECAST_FUTURES_PER_THREAD)));
}

/** How {@link forecastDealsInWorkers} runs, besides its input and pool. */
export interface ForecastWorkerOptions {
  /** Called with the report's deals once the workers have their job (see {@link forecastDealsInWorkers}). */
  readonly whileSimulating?: (deals: readonly ForecastDeal[]) => void;
  /** The processes as {@link compileForecastInWorkers} compiled them on the same pool, for the same processes, asOf and months. */
  readonly compiled?: CompiledForecast;
  /** At most this many threads, this one included (e.g. {@link forecastThreads}); default: all the pool's. */
  readonly threads?: number;
}

/**
 * {@link forecastDeals} on several threads: this one and the worker threads of `pool` — a {@link WorkerPool} of the
 * built forecast-worker (started early, e.g. before the deal data is read, so the workers load meanwhile), or the
 * worker file and the number of threads to start one now. The caller locates the worker file. Chunks of
 * {@link FORECAST_CHUNK} deals are handed out as threads free up; their sums are added strictly in chunk order, so
 * the report is byte-for-byte the one thread's. Each worker gets the deals as typed arrays and the processes as
 * compiled tables, never as objects. Rejects if a worker fails (the others are stopped). The deals may be objects
 * ({@link ForecastInput}) or a table ({@link ForecastTableInput}, as {@link forecastDealTable} reads them). Threads
 * that would get no chunk are not used (a started pool's extra workers are stopped).
 *
 * `whileSimulating`, if given (alone or in the options), is called with the report's deals (per deal its stage, win
 * probability and close date: everything but the simulated months) once the workers have their job and before this
 * thread simulates: work done there — e.g. formatting the deals — overlaps the simulation instead of following it.
 */
export async function forecastDealsInWorkers(
  input: ForecastInput | ForecastTableInput,
  pool: WorkerPool | { readonly workerFile: string; readonly workers: number },
  options?: ((deals: readonly ForecastDeal[]) => void) | ForecastWorkerOptions,
): Promise<ForecastReport> {
  const { whileSimulating, compiled, threads: atMost } = typeof options === 'function' ? { whileSimulating: options, compiled: undefined, threads: undefined } : (options ?? {});
  let prepared;
  try {
    if (compiled !== undefined) checkCompiledFor(compiled, input);
    prepared = prepareForecast(input, compiled === undefined ? undefined : await compiled.walkers);
  } catch (error) {
    if (pool instanceof WorkerPool) pool.close();
    throw error;
  }
  const { setup } = prepared;
  const count = setup.streams.length;
  const chunks = Math.ceil(count / FORECAST_CHUNK);
  const threads = pool instanceof WorkerPool ? pool : new WorkerPool(pool.workerFile, Math.max(1, Math.min(pool.workers, chunks)));
  const accumulator = new ForecastAccumulator(prepared);
  const walkers = compileWalkers(setup);
  const simulated = threads.run<ForecastPartial>(
    {
      setup,
      chunks,
      runHere: (index) => simulateForecastChunk(setup, walkers, ...forecastChunkRange(index, count)),
      take: (index, partial) => accumulator.add(index * FORECAST_CHUNK, partial),
    },
    Math.max(1, Math.min(chunks, atMost ?? Infinity)),
  );
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

/** A compiled forecast must be of the input's processes, asOf and months: its tables would be wrong otherwise. */
function checkCompiledFor(compiled: CompiledForecast, input: ForecastProcessesInput): void {
  const { processes, asOf, months } = compiled.input;
  const same = processes.length === input.processes.length && processes.every((p, i) => p === input.processes[i]) && asOf === input.asOf && (months ?? 6) === (input.months ?? 6);
  if (!same) throw new RangeError('the compiled forecast is of other processes, asOf or months than the input');
}
