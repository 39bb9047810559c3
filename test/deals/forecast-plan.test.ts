// Compiling a forecast's processes ahead of its deals: the same tables as compiling them with the deals.
import { describe, expect, it } from 'vitest';
import { planForecastWalkers, prepareForecast } from '../../src/deals/forecast.js';
import { tabulateSamplers, walkerTablesOf } from '../../src/deals/forecast-simulation.js';
import { AS_OF, pipeline, SMB } from './pipeline.js';

describe('planForecastWalkers', () => {
  const input = { processes: [SMB], deals: pipeline().deals, asOf: AS_OF, months: 3, seed: 5, runsPerDeal: 200 };

  it('a plan with its samplers tabulated is the table prepareForecast compiles', () => {
    const [plan] = planForecastWalkers(input);
    const tables = walkerTablesOf(plan!, structuredClone(tabulateSamplers(plan!))); // as a worker posts them back
    expect(tables).toEqual(prepareForecast(input).setup.walkers[0]);
  });
});
