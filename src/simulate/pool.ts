/** Worker threads that share a job's chunks with this thread and hand the results back in chunk order (simulate and forecast). */
import { parentPort, Worker } from 'node:worker_threads';

/** Messages from the pool to a worker: the job's setup once, then chunk indices, then `finish`. */
export type PoolToWorker = { readonly type: 'setup'; readonly setup: unknown } | { readonly type: 'chunk'; readonly index: number } | { readonly type: 'finish' };
/** Messages from a worker: one per chunk, then its last word (undefined unless the job has one) before it stops. */
export type PoolFromWorker = { readonly type: 'chunk'; readonly index: number; readonly result: unknown } | { readonly type: 'final'; readonly value: unknown };

/** What a pool runs: `chunks` chunks, numbered from 0, each a pure function of the setup and its index. */
export interface ChunkJob<R> {
  /** Posted to every worker (structured clone: plain data and typed arrays). */
  readonly setup: unknown;
  readonly chunks: number;
  /** Runs chunk `index` in this thread. */
  runHere(index: number): R;
  /** Takes chunk `index`'s result; called strictly in chunk order, whichever thread ran it. */
  take(index: number, result: R): void;
  /** A worker's last word once it has run its chunks (e.g. the simulator's histogram); any order. */
  final?(value: unknown): void;
}

/** Chunks handed to a worker ahead of time, so it never waits for this thread (busy with a chunk of its own) between two. */
const IN_FLIGHT = 2;

/**
 * `threads` − 1 worker threads running `workerFile` (a script that calls {@link serveChunks}), started when the
 * pool is made — before the job is known, so a caller can start them first and let them load while it reads its
 * input — plus this thread, which runs chunks too: between turns of its event loop, so the workers' results are
 * taken in between. A pool runs one job and then stops its workers ({@link WorkerPool.close} stops them early).
 * Until the job starts the workers do not keep the process alive.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private startError: Error | undefined;
  private exited = 0;
  private used = false;

  constructor(
    readonly workerFile: string,
    readonly threads: number,
  ) {
    for (let w = 1; w < threads; w++) {
      const worker = new Worker(workerFile);
      worker.unref();
      // Until run() listens, remember a failure (a missing or broken worker file) to report it there.
      worker.on('error', (error) => (this.startError ??= error instanceof Error ? error : new Error(String(error))));
      worker.once('exit', () => this.exited++);
      this.workers.push(worker);
    }
  }

  /**
   * Runs `job` on this thread and the workers. Chunks are handed out as threads free up; results come back in any
   * order and are given to `job.take` strictly in chunk order (chunk k after chunks 0…k−1), so the outcome is the
   * same whatever the number of threads or their timing. Resolves when every chunk is taken and every worker has
   * sent its last word; rejects if a worker fails (the others are stopped).
   */
  run<R>(job: ChunkJob<R>): Promise<void> {
    if (this.used) return Promise.reject(new Error('a worker pool runs one job'));
    this.used = true;
    const { chunks } = job;
    const pending = new Map<number, R>();
    let nextToHand = 0;
    let nextToTake = 0;
    let finalized = 0;
    let localDone = false;

    return new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: Error): void => {
        if (failed) return;
        failed = true;
        this.close();
        reject(error);
      };
      const settle = (): void => {
        if (failed || !localDone || finalized < this.workers.length) return;
        this.close();
        if (nextToTake !== chunks) fail(new Error(`threads returned ${nextToTake} of ${chunks} chunks`));
        else resolve();
      };
      const accept = (index: number, result: R): void => {
        pending.set(index, result);
        while (pending.has(nextToTake)) {
          const next = pending.get(nextToTake)!;
          pending.delete(nextToTake);
          job.take(nextToTake++, next);
        }
      };
      if (this.startError !== undefined || this.exited > 0) {
        fail(this.startError ?? new Error('a worker thread exited before its job started'));
        return;
      }

      for (const worker of this.workers) {
        worker.ref();
        let outstanding = 0;
        let finishing = false;
        let delivered = false;
        const top = (): void => {
          while (outstanding < IN_FLIGHT && nextToHand < chunks) {
            worker.postMessage({ type: 'chunk', index: nextToHand++ } satisfies PoolToWorker);
            outstanding++;
          }
          if (outstanding === 0 && nextToHand >= chunks && !finishing) {
            finishing = true;
            worker.postMessage({ type: 'finish' } satisfies PoolToWorker);
          }
        };
        worker.on('message', (message: PoolFromWorker) => {
          if (failed) return;
          try {
            if (message.type === 'chunk') {
              outstanding--;
              top();
              accept(message.index, message.result as R);
              return;
            }
            job.final?.(message.value);
            delivered = true;
            finalized++;
            settle();
          } catch (error) {
            fail(error as Error);
          }
        });
        worker.on('error', (error) => fail(error instanceof Error ? error : new Error(String(error))));
        worker.on('exit', (code) => {
          if (!failed && !delivered) fail(new Error(`a worker thread exited before finishing its chunks (exit code ${code})`));
        });
        worker.postMessage({ type: 'setup', setup: job.setup } satisfies PoolToWorker);
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
        const index = nextToHand++;
        try {
          accept(index, job.runHere(index));
        } catch (error) {
          fail(error as Error);
          return;
        }
        setImmediate(work);
      };
      setImmediate(work);
    });
  }

  /** Stops the workers (a pool that will not run, or has run, its job). */
  close(): void {
    for (const worker of this.workers) void worker.terminate();
  }
}

/**
 * The worker side of a {@link WorkerPool}: waits for the setup, builds a chunk runner from it with `start`, runs
 * the chunks it is handed and posts their results, then its runner's last word. For the script a pool runs.
 *
 * Results are copied, not transferred: the first detached ArrayBuffer in a thread makes V8 guard every typed-array
 * access in optimised code against detachment, which slowed the simulation loop by about 20%.
 */
export function serveChunks<S>(start: (setup: S) => { chunk(index: number): unknown; final?(): unknown }): void {
  const port = parentPort;
  if (port === null) throw new Error('this script must run as a worker thread of a WorkerPool');
  let runner: { chunk(index: number): unknown; final?(): unknown } | undefined;
  port.on('message', (message: PoolToWorker) => {
    if (message.type === 'setup') {
      runner = start(message.setup as S);
      return;
    }
    if (message.type === 'chunk') {
      port.postMessage({ type: 'chunk', index: message.index, result: runner!.chunk(message.index) } satisfies PoolFromWorker);
      return;
    }
    port.postMessage({ type: 'final', value: runner?.final?.() } satisfies PoolFromWorker);
    port.close();
  });
}
