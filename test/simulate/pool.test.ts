// The shared worker pool: started before its job, chunks claimed from a shared counter, results taken in chunk order.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableToDeals } from '../../src/deals/columns.js';
import { forecastDeals, planForecastWalkers, prepareForecast, type ForecastDeal } from '../../src/deals/forecast.js';
import { readDealTable } from '../../src/deals/read.js';
import { compileForecastInWorkers, FORECAST_FUTURES_PER_THREAD, forecastDealsInWorkers, forecastThreads } from '../../src/deals/forecast-workers.js';
import { WorkerPool } from '../../src/simulate/pool.js';
import { AS_OF, pipeline, SMB } from '../deals/pipeline.js';

// Built by the test global setup (scripts/build.mjs), as the CLI uses it.
const FORECAST_WORKER = join(import.meta.dirname, '../../dist/forecast-worker.cjs');

describe('WorkerPool', () => {
  const deals = pipeline().deals;
  // Chunks of 250 deals: several chunks, so every thread gets some and they come back out of order.
  const many = Array.from({ length: 4 }, (_, copy) => deals.map((deal) => ({ ...deal, id: `${deal.id}-${copy}` }))).flat();
  const input = { processes: [SMB], deals: many, asOf: AS_OF, months: 3, seed: 11, runsPerDeal: 60 };
  const expected = JSON.stringify(forecastDeals(input));

  it.each([1, 2, 3, 5])('a pool of %i threads started before the job gives the forecast of one thread, byte for byte', async (threads) => {
    expect(Math.ceil(many.length / 250)).toBeGreaterThan(threads);
    const pool = new WorkerPool(FORECAST_WORKER, threads);
    expect(JSON.stringify(await forecastDealsInWorkers(input, pool))).toBe(expected);
  });

  it.each([1, 2, 3, 5])('%i threads, the processes compiled by the workers before the deals are known: the same bytes', async (threads) => {
    const pool = new WorkerPool(FORECAST_WORKER, threads);
    const compiled = compileForecastInWorkers(pool, { processes: input.processes, asOf: input.asOf, months: input.months });
    // The tables come back from a worker (made on this thread when there is none) as this thread would make them.
    expect(await compiled.walkers).toHaveLength(1);
    expect(JSON.stringify(await forecastDealsInWorkers(input, pool, { compiled }))).toBe(expected);
  });

  it('a job posted before the workers answered prepare(): their answers are not taken for their last words', async () => {
    const more = Array.from({ length: 6 }, (_, copy) => many.map((deal) => ({ ...deal, id: `${deal.id}-${copy}` }))).flat();
    const { setup } = prepareForecast({ ...input, deals: more, runsPerDeal: 2000 });
    const chunks = Math.ceil(setup.streams.length / 250);
    expect(chunks).toBeGreaterThan(6);
    const pool = new WorkerPool(FORECAST_WORKER, 3);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the workers are up: they answer and claim at once
    void pool.prepare({ plans: planForecastWalkers(input) }); // not awaited
    // The workers' chunks take long (2,000 runs a deal), this thread's 10 ms: it is done before their chunks come.
    const taken: number[] = [];
    const pause = new Int32Array(new SharedArrayBuffer(4));
    await pool.run({ setup, chunks, runHere: () => Atomics.wait(pause, 0, 0, 10), take: (index) => taken.push(index) });
    expect(taken).toEqual([...Array(chunks).keys()]);
  });

  it('uses at most the threads it is given (the other workers are stopped), with the same bytes', async () => {
    const pool = new WorkerPool(FORECAST_WORKER, 3);
    const compiled = compileForecastInWorkers(pool, input);
    expect(JSON.stringify(await forecastDealsInWorkers(input, pool, { compiled, threads: 1 }))).toBe(expected);
    expect(JSON.stringify(await forecastDealsInWorkers(input, new WorkerPool(FORECAST_WORKER, 3), { threads: 2 }))).toBe(expected);
  });

  it('refuses a compiled forecast of other months or processes, and stops the workers', async () => {
    const pool = new WorkerPool(FORECAST_WORKER, 2);
    const compiled = compileForecastInWorkers(pool, { ...input, months: 4 });
    await expect(forecastDealsInWorkers(input, pool, { compiled })).rejects.toThrow('other processes, asOf or months');
    await expect(pool.run({ setup: undefined, chunks: 1, runHere: () => 0, take: () => undefined })).rejects.toThrow();
  });

  it('prepares once, before the job', async () => {
    const pool = new WorkerPool(FORECAST_WORKER, 2);
    compileForecastInWorkers(pool, input);
    await expect(pool.prepare(undefined)).rejects.toThrow('prepared once');
    pool.close();
  });

  it('takes the deals as a table too, and hands the deals to whileSimulating before the report', async () => {
    const csv = ['deal,stage,at,amount,currency', ...many.flatMap((deal) => deal.events.map((e) => `${deal.id},${e.stage},${new Date(e.at).toISOString()},${deal.amount ?? ''},${deal.currency ?? ''}`))];
    const bytes = new TextEncoder().encode(`${csv.join('\n')}\n`);
    const { table } = await readDealTable([{ file: 'deals.csv', async *chunks() { yield bytes; } }]);
    const tableInput = { processes: input.processes, asOf: input.asOf, months: input.months, seed: input.seed, runsPerDeal: input.runsPerDeal, table };
    const fromObjects = JSON.stringify(forecastDeals({ ...input, deals: tableToDeals(table) }));
    let seen: readonly ForecastDeal[] | undefined;
    const report = await forecastDealsInWorkers(tableInput, new WorkerPool(FORECAST_WORKER, 2), (deals) => {
      expect(seen).toBeUndefined();
      seen = deals;
    });
    expect(JSON.stringify(report)).toBe(fromObjects);
    expect(seen).toEqual(report.deals);
    expect(seen!.length).toBeGreaterThan(250); // two chunks or more
  });

  it('rejects with the error of a whileSimulating that throws, and stops the workers', async () => {
    const pool = new WorkerPool(FORECAST_WORKER, 2);
    await expect(
      forecastDealsInWorkers(input, pool, () => {
        throw new Error('formatting failed');
      }),
    ).rejects.toThrow('formatting failed');
  });

  it('runs one job only (it stops its workers when done)', async () => {
    const pool = new WorkerPool(FORECAST_WORKER, 2);
    await forecastDealsInWorkers(input, pool);
    await expect(pool.run({ setup: undefined, chunks: 1, runHere: () => 0, take: () => undefined })).rejects.toThrow('one job');
  });

  it('rejects when a worker fails to start, before or after run() is called, instead of hanging', async () => {
    const broken = join(tmpdir(), `spx-broken-pool-worker-${Date.now()}.cjs`);
    writeFileSync(broken, "throw new Error('boom');\n");
    try {
      const pool = new WorkerPool(broken, 2);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the failure happens before run()
      await expect(pool.run({ setup: undefined, chunks: 3, runHere: () => 0, take: () => undefined })).rejects.toThrow('boom');
      const late = new WorkerPool(broken, 2);
      await expect(late.run({ setup: undefined, chunks: 3, runHere: () => 0, take: () => undefined })).rejects.toThrow('boom');
      // Prepared instead, the same: the answer never comes, the failure does.
      await expect(new WorkerPool(broken, 3).prepare('tables')).rejects.toThrow('boom');
    } finally {
      rmSync(broken, { force: true });
    }
  });
});

describe('forecastThreads', () => {
  it('one thread per FORECAST_FUTURES_PER_THREAD futures, at most one per chunk of 250 deals and at most the threads asked for', () => {
    expect(FORECAST_FUTURES_PER_THREAD).toBe(200_000);
    expect(forecastThreads(10_000, 1000, 2)).toBe(2);
    expect(forecastThreads(10_000, 1000, 64)).toBe(40); // 40 chunks
    expect(forecastThreads(100, 1000, 8)).toBe(1); // 100,000 futures: not worth a worker
    expect(forecastThreads(400, 1000, 8)).toBe(2); // 2 chunks, 400,000 futures
    expect(forecastThreads(2000, 300, 8)).toBe(3); // 600,000 futures
    expect(forecastThreads(0, 1000, 4)).toBe(1);
    expect(forecastThreads(1_000_000, 1000, 1)).toBe(1);
  });
});
