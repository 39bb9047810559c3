/** The worker-thread side of the forecast pool: tabulates the processes' samplers while the deals are read, then simulates the chunks of deals it is handed and posts their sums back. */
import { serveChunks } from '../simulate/pool.js';
import { compileWalkers, forecastChunkRange, simulateForecastChunk, tabulateSamplers, type ForecastSetup } from './forecast-simulation.js';
import type { ForecastPrepareValue } from './forecast-workers.js';

serveChunks<ForecastSetup, ForecastPrepareValue>(
  (setup) => {
    const walkers = compileWalkers(setup);
    return { chunk: (index) => simulateForecastChunk(setup, walkers, ...forecastChunkRange(index, setup.streams.length)) };
  },
  ({ plans }) => plans.map((plan) => tabulateSamplers(plan)),
);
