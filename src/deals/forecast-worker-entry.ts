/** The worker-thread side of the forecast pool: simulates the chunks of deals it is handed and posts their sums back. */
import { parentPort, workerData } from 'node:worker_threads';
import { compileWalkers, simulateForecastChunk, type ForecastSetup } from './forecast.js';
import type { ForecastFromWorker, ForecastToWorker } from './forecast-workers.js';

const port = parentPort;
if (port === null) throw new Error('forecast-worker must run as a worker thread');
const setup = workerData as ForecastSetup;
const walkers = compileWalkers(setup);

port.on('message', (message: ForecastToWorker) => {
  if (message.type === 'finish') {
    port.close();
    return;
  }
  const partial = simulateForecastChunk(setup, walkers, message.from, message.to);
  port.postMessage({ type: 'chunk', from: message.from, partial } satisfies ForecastFromWorker);
});
