/** The worker-thread side of the forecast pool: simulates the chunks of deals it is handed and posts their sums back. */
import { serveChunks } from '../simulate/pool.js';
import { compileWalkers, forecastChunkRange, simulateForecastChunk, type ForecastSetup } from './forecast-simulation.js';

serveChunks<ForecastSetup>((setup) => {
  const walkers = compileWalkers(setup);
  return { chunk: (index) => simulateForecastChunk(setup, walkers, ...forecastChunkRange(index, setup.streams.length)) };
});
