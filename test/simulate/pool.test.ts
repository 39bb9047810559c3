// The shared worker pool: started before its job, chunks claimed from a shared counter, results taken in chunk order.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableToDeals } from '../../src/deals/columns.js';
import { forecastDeals, type ForecastDeal } from '../../src/deals/forecast.js';
import { readDealTable } from '../../src/deals/read.js';
import { forecastDealsInWorkers } from '../../src/deals/forecast-workers.js';
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
    } finally {
      rmSync(broken, { force: true });
    }
  });
});
