/** The worker-thread side of the simulation pool: runs the chunks it is handed and posts their stats back. */
import { parentPort, workerData } from 'node:worker_threads';
import { DealSimulator } from './engine.js';
import { chunkDeals } from './simulate.js';
import type { FromWorker, ToWorker, WorkerSetup } from './workers.js';

const port = parentPort;
if (port === null) throw new Error('simulate-worker must run as a worker thread');
const { model, deals, seed, stepCap } = workerData as WorkerSetup;
const simulator = new DealSimulator(model, stepCap);

// Results are copied, not transferred: the first detached ArrayBuffer in a thread makes V8 guard every typed-array
// access in optimised code against detachment, which slowed the simulation loop by about 20%. A chunk's stats are
// a few hundred numbers; the copy costs nothing in comparison.
port.on('message', (message: ToWorker) => {
  if (message.type === 'chunk') {
    const stats = simulator.runChunk(seed, message.index, chunkDeals(message.index, deals));
    port.postMessage({ type: 'chunk', index: message.index, data: stats.data } satisfies FromWorker);
    return;
  }
  port.postMessage({ type: 'histogram', histogram: simulator.histogram } satisfies FromWorker);
  port.close();
});
