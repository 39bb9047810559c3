/** The worker-thread side of the simulation pool: runs the chunks it is handed and posts their stats back, then its histogram. */
import { DealSimulator } from './engine.js';
import { serveChunks } from './pool.js';
import { chunkDeals } from './simulate.js';
import type { WorkerSetup } from './workers.js';

serveChunks<WorkerSetup>(({ model, deals, seed, stepCap }) => {
  const simulator = new DealSimulator(model, stepCap);
  return {
    chunk: (index) => simulator.runChunk(seed, index, chunkDeals(index, deals)).data,
    final: () => simulator.histogram,
  };
});
