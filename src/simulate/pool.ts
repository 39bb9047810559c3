/** Worker threads that share a job's chunks with this thread and hand the results back in chunk order (simulate and forecast). */
import { parentPort, Worker } from 'node:worker_threads';

/**
 * The one message from the pool to a worker: the job's setup, and the job's chunk counter — shared memory every
 * thread claims its next chunk from (Atomics.add), so no thread waits for a message between two chunks and the
 * threads finish within one chunk of each other.
 */
export interface PoolJobMessage {
  readonly type: 'job';
  readonly setup: unknown;
  readonly chunks: number;
  readonly next: Int32Array;
}
/** The message before the job ({@link WorkerPool.prepare}): what the workers can work on while this thread still reads the job's input. */
export interface PoolPrepareMessage {
  readonly type: 'prepare';
  readonly value: unknown;
}
/**
 * Messages from a worker: the answer to the prepare message (if any), one per chunk, then its last word (undefined
 * unless the job has one) before it stops.
 */
export type PoolFromWorker =
  | { readonly type: 'prepared'; readonly value: unknown }
  | { readonly type: 'chunk'; readonly index: number; readonly result: unknown }
  | { readonly type: 'final'; readonly value: unknown };

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

/**
 * `threads` − 1 worker threads running `workerFile` (a script that calls {@link serveChunks}), started when the
 * pool is made — before the job is known, so a caller can start them first and let them load while it reads its
 * input — plus this thread, which runs chunks too: between turns of its event loop, so the workers' results are
 * taken in between. A pool runs one job and then stops its workers ({@link WorkerPool.close} stops them early).
 * Until the job starts the workers do not keep the process alive, except while a {@link WorkerPool.prepare} awaits them.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private startError: Error | undefined;
  private exited = 0;
  private used = false;
  private prepared: Promise<unknown> | undefined;

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
   * Posts `value` to every worker before the job, for the `prepare` of its {@link serveChunks}: work that does not
   * need the job's input (e.g. tables compiled from what this thread has read so far) runs there while this thread
   * reads the rest. Resolves with the first worker's answer — undefined when the pool has no workers — and rejects
   * if a worker fails first. Meanwhile the workers keep the process alive. At most once, before {@link run}.
   */
  prepare(value: unknown): Promise<unknown> {
    if (this.prepared !== undefined || this.used) return Promise.reject(new Error('a worker pool is prepared once, before its job'));
    if (this.workers.length === 0) return (this.prepared = Promise.resolve(undefined));
    const answer = new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const settle = (): void => {
        settled = true;
        if (!this.used) for (const worker of this.workers) worker.unref();
      };
      const fail = (error: unknown): void => {
        if (settled) return;
        settle();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      if (this.startError !== undefined || this.exited > 0) {
        fail(this.startError ?? new Error('a worker thread exited before its job started'));
        return;
      }
      for (const worker of this.workers) {
        worker.ref();
        worker.on('message', (message: PoolFromWorker) => {
          if (settled || message.type !== 'prepared') return;
          settle();
          resolve(message.value);
        });
        worker.on('error', fail);
        worker.on('exit', (code) => fail(new Error(`a worker thread exited before it answered (exit code ${code})`)));
        worker.postMessage({ type: 'prepare', value } satisfies PoolPrepareMessage);
      }
    });
    // Handled here as well: a caller that fails before awaiting the answer (and closes the pool) gets no unhandled rejection.
    answer.catch(() => undefined);
    return (this.prepared = answer);
  }

  /**
   * Runs `job` on this thread and the workers. Each thread claims the next chunk as it frees up; results come back in any
   * order and are given to `job.take` strictly in chunk order (chunk k after chunks 0…k−1), so the outcome is the
   * same whatever the number of threads or their timing. Resolves when every chunk is taken and every worker has
   * sent its last word; rejects if a worker fails (the others are stopped). With `threads` (≥ 1) given, at most
   * that many threads run the job, this one included: the other workers are stopped (a small job gives no work to
   * most threads).
   */
  run<R>(job: ChunkJob<R>, threads = this.threads): Promise<void> {
    if (this.used) return Promise.reject(new Error('a worker pool runs one job'));
    this.used = true;
    for (const idle of this.workers.splice(Math.max(0, threads - 1))) void idle.terminate();
    const { chunks } = job;
    const pending = new Map<number, R>();
    // The next chunk to claim, shared with the workers.
    const next = new Int32Array(new SharedArrayBuffer(4));
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
          const result = pending.get(nextToTake)!;
          pending.delete(nextToTake);
          job.take(nextToTake++, result);
        }
      };
      if (this.startError !== undefined || this.exited > 0) {
        fail(this.startError ?? new Error('a worker thread exited before its job started'));
        return;
      }

      for (const worker of this.workers) {
        worker.ref();
        let delivered = false;
        worker.on('message', (message: PoolFromWorker) => {
          // A late answer to prepare() (the first worker's was enough) is no chunk and no last word.
          if (failed || message.type === 'prepared') return;
          try {
            if (message.type === 'chunk') {
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
        worker.postMessage({ type: 'job', setup: job.setup, chunks, next } satisfies PoolJobMessage);
      }

      // This thread's share: one chunk per turn of the event loop, so the workers' messages are handled in between.
      const work = (): void => {
        if (failed) return;
        const index = Atomics.add(next, 0, 1);
        if (index >= chunks) {
          localDone = true;
          settle();
          return;
        }
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
 * The worker side of a {@link WorkerPool}: waits for the job, builds a chunk runner from its setup with `start`,
 * claims and runs chunks until none is left, posting each result, then posts its runner's last word and stops.
 * For the script a pool runs. `prepare`, if given, answers the pool's {@link WorkerPool.prepare} message.
 *
 * Results are copied, not transferred: the first detached ArrayBuffer in a thread makes V8 guard every typed-array
 * access in optimised code against detachment, which slowed the simulation loop by about 20%.
 */
export function serveChunks<S, P = unknown>(
  start: (setup: S) => { chunk(index: number): unknown; final?(): unknown },
  prepare?: (value: P) => unknown,
): void {
  const port = parentPort;
  if (port === null) throw new Error('this script must run as a worker thread of a WorkerPool');
  const onMessage = (message: PoolPrepareMessage | PoolJobMessage): void => {
    if (message.type === 'prepare') {
      port.postMessage({ type: 'prepared', value: prepare?.(message.value as P) } satisfies PoolFromWorker);
      return;
    }
    port.off('message', onMessage);
    const runner = start(message.setup as S);
    for (let index = Atomics.add(message.next, 0, 1); index < message.chunks; index = Atomics.add(message.next, 0, 1)) {
      port.postMessage({ type: 'chunk', index, result: runner.chunk(index) } satisfies PoolFromWorker);
    }
    port.postMessage({ type: 'final', value: runner.final?.() } satisfies PoolFromWorker);
    port.close();
  };
  port.on('message', onMessage);
}
