/** target-missed: the exact model (not a simulation) misses the cycle length or win rate the process promises. */
import { computeMetrics, computeMetricsUpperBound } from '../../analysis/metrics.js';
import type { Rule } from '../rule.js';

export const targetMissed: Rule = {
  id: 'target-missed',
  meta: {
    description: 'exact E[cycle given won] above `targets.cycleDays` or win rate of qualified opportunities below `targets.winRate`',
    defaultSeverity: 'warning',
    defaultOptions: { tolerance: 0 },
    optionsSchema: {
      tolerance: {
        title: 'Tolerance',
        description: 'relative slack before a target counts as missed (default 0; 0.05 allows 5%).',
        type: 'number',
        minimum: 0,
        maximum: 1,
      },
    },
    scope: 'file',
    needsKnownReferences: true,
    messages: {
      cycleOver: 'expected cycle of won deals is {{model}} business days, over the target of {{target}}{{slack}}; shorten steps or raise the target',
      winRateUnder: 'expected {{what}} is {{model}}%, under the target of {{target}}%{{slack}}; improve the odds of the steps or lower the target',
    },
  },
  check({ process, options, report, memo }) {
    const { cycleDays, winRate } = process.targets;
    if (cycleDays === undefined && winRate === undefined) return;
    const tolerance = typeof options['tolerance'] === 'number' && options['tolerance'] >= 0 ? options['tolerance'] : 0;
    const slack = tolerance > 0 ? ` (tolerance ${formatNumber(tolerance * 100)}%)` : '';
    // The rates are exact in the bound; its cycle, when under the target, proves the exact one is too. Only a cycle
    // that may miss needs the exact E[max] of parallel steps (an integration: a tenth of a cold `spx lint`).
    const bound = memo(computeMetricsUpperBound);
    const cycleLimit = cycleDays === undefined ? undefined : cycleDays * (1 + tolerance);
    const metrics = cycleLimit === undefined || (bound.timesAreUpperBounds && safelyAtMost(bound.metrics.expectedCycleWon, cycleLimit)) ? bound.metrics : memo(computeMetrics);
    const cycle = metrics.expectedCycleWon;
    // No winnable deal (or a singular system) has no cycle to compare: no-path-to-won / probability-sum say why.
    if (cycleLimit !== undefined && cycle !== undefined && Number.isFinite(cycle) && cycle > cycleLimit) {
      const [model, target] = distinct(cycle, cycleDays!, 1);
      report({ path: ['targets', 'cycleDays'], messageId: 'cycleOver', data: { model, target, slack } });
    }
    // targets.winRate is the win rate of qualified opportunities: deals that end disqualified were never
    // opportunities. Without disqualified outcomes that is every deal's win rate.
    const rate = metrics.qualifiedWinRate;
    if (winRate !== undefined && Number.isFinite(rate) && rate < winRate * (1 - tolerance)) {
      const [model, target] = distinct(rate * 100, winRate * 100, 1);
      const what = metrics.disqualifiedRate > 0 ? 'win rate of qualified opportunities (deals not disqualified)' : 'win rate';
      report({ path: ['targets', 'winRate'], messageId: 'winRateUnder', data: { what, model, target, slack } });
    }
  },
};

/** `upper` ≤ `limit` with room for rounding (the linear solves, the integration's 1e-11): a near tie gets the exact model. */
function safelyAtMost(upper: number | undefined, limit: number): boolean {
  return upper !== undefined && upper + 1e-6 * Math.abs(upper) + 1e-9 <= limit;
}

/**
 * Rounds both numbers to `digits` decimals, adding decimals (up to 6) while they would print the same, so the
 * message never reads "120 business days, over the target of 120".
 */
function distinct(value: number, target: number, digits: number): [string, string] {
  let d = digits;
  while (d < 6 && round(value, d) === round(target, d)) d++;
  return [formatNumber(round(value, d)), formatNumber(round(target, d))];
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function formatNumber(value: number): string {
  return String(Number(value.toFixed(6)));
}
