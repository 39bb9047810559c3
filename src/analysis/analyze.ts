/** One call for what `spx path` reports about a process: exact metrics plus the minimal path. */
import type { Process } from '../model/types.js';
import { computeMetrics, type Metrics } from './metrics.js';
import { minimalPath, type MinimalPathResult, type PathCriterion } from './minimal-path.js';

/** A process's exact metrics and minimal path, as {@link analyze} computes them for `spx path`. */
export interface ProcessAnalysis {
  readonly process: Process;
  readonly metrics: Metrics;
  readonly minimalPath: MinimalPathResult;
}

/** Exact win rate, expected cycle lengths and the minimal step path (by steps or by time). */
export function analyze(process: Process, options: { readonly by: PathCriterion } = { by: 'steps' }): ProcessAnalysis {
  return { process, metrics: computeMetrics(process), minimalPath: minimalPath(process, options) };
}

/** The stable JSON shape of `spx path --format json` (documented in the README). */
export function analysisJson(file: string, analysis: ProcessAnalysis) {
  const { process, metrics, minimalPath: path } = analysis;
  return {
    file,
    process: process.name,
    version: process.version,
    segment: process.segment,
    winRate: metrics.winRate,
    expectedCycleDays: { won: metrics.expectedCycleWon ?? null, anyOutcome: finiteOrNull(metrics.expectedTimeToOutcome) },
    minimalPath:
      path.kind === 'path'
        ? {
            by: path.by,
            steps: path.steps.map((s) => ({ id: s.id, title: s.title, owner: s.owner ?? null, sellers: s.sellers, buyers: s.buyers, expectedDays: s.expectedDays, gapBefore: s.gapBefore })),
            count: path.count,
            expectedDays: path.expectedDays,
            probability: path.probability,
            outcome: path.outcome,
          }
        : path.kind === 'blocked'
          ? { by: path.by, blocked: path.blocked }
          : { by: path.by, blocked: null },
    steps: [...metrics.steps.values()].map((s) => ({
      id: s.id,
      expectedDays: s.expectedDuration,
      winProbability: s.winProbability,
      expectedCycleWon: s.expectedCycleWon ?? null,
      expectedTimeToOutcome: finiteOrNull(s.expectedTimeToOutcome),
    })),
  };
}

function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
