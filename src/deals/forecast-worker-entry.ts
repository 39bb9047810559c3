/** The worker-thread side of the forecast pool: tabulates the processes' samplers and warms up while the deals are read, then simulates the chunks of deals it is handed and posts their sums back. */
import { serveChunks } from '../simulate/pool.js';
import { compileWalkers, forecastChunkRange, simulateForecastChunk, tabulateSamplers, walkerTablesOf, warmUpForecast, type ForecastSetup } from './forecast-simulation.js';
import type { ForecastPrepareValue } from './forecast-workers.js';

serveChunks<ForecastSetup, ForecastPrepareValue>(
  (setup) => {
    const walkers = compileWalkers(setup);
    return { chunk: (index) => simulateForecastChunk(setup, walkers, ...forecastChunkRange(index, setup.streams.length)) };
  },
  ({ plans, months, runs }, jobPosted) => {
    const samplers = plans.map((plan) => tabulateSamplers(plan));
    return { answer: samplers, warmUp: () => warmUpForecast(plans.map((plan, p) => walkerTablesOf(plan, samplers[p])), months, runs, jobPosted) };
  },
);
