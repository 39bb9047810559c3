// Compiling a forecast's processes ahead of its deals: the same tables, and a warm-up that stops when told and changes nothing.
import { describe, expect, it } from 'vitest';
import { forecastDeals, planForecastWalkers, prepareForecast } from '../../src/deals/forecast.js';
import { tabulateSamplers, walkerTablesOf, warmUpForecast } from '../../src/deals/forecast-simulation.js';
import { AS_OF, pipeline, SMB } from './pipeline.js';

describe('planForecastWalkers and warmUpForecast', () => {
  const input = { processes: [SMB], deals: pipeline().deals, asOf: AS_OF, months: 3, seed: 5, runsPerDeal: 200 };

  it('a plan with its samplers tabulated is the table prepareForecast compiles', () => {
    const [plan] = planForecastWalkers(input);
    const tables = walkerTablesOf(plan!, structuredClone(tabulateSamplers(plan!))); // as a worker posts them back
    expect(tables).toEqual(prepareForecast(input).setup.walkers[0]);
  });

  it('warms up on made-up deals until stop() is true, and the forecast stays the same', () => {
    const expected = JSON.stringify(forecastDeals(input));
    const walkers = planForecastWalkers(input).map((plan) => walkerTablesOf(plan));
    let asked = 0;
    warmUpForecast(walkers, 3, 200, () => ++asked > 3);
    expect(asked).toBe(4); // three made-up deals, then it stopped
    let all = 0;
    warmUpForecast(walkers, 3, 200, () => (all++, false));
    expect(all).toBe(100_000 / 200); // its whole budget of simulated futures
    expect(JSON.stringify(forecastDeals(input))).toBe(expected);
  });
});
