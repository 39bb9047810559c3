/** One call for what `spx path` reports about a process: exact metrics plus the minimal path. */
import type { Process } from '../model/types.js';
import { guaranteedHistory } from './dominators.js';
import { computeMetrics, type Metrics, type StepMetrics } from './metrics.js';
import { minimalPath, type MinimalPathResult, type PathCriterion } from './minimal-path.js';

/** A process's exact metrics and minimal path, as {@link analyze} computes them for `spx path`. */
export interface ProcessAnalysis {
  readonly process: Process;
  readonly metrics: Metrics;
  /** The step the numbers and the path start from: `start`, or the `from` step asked for. */
  readonly from: string;
  /** The metrics of `from` (the process-level numbers when it is `start`). */
  readonly fromMetrics: StepMetrics | undefined;
  readonly minimalPath: MinimalPathResult;
}

/**
 * Exact win rate, expected cycle lengths and the minimal step path (by steps, time or probability). With `from`,
 * the numbers are those of deals at the start of that step, and the path starts there with the history every path
 * to it guarantees (see {@link guaranteedHistory}). Throws SpxError E_UNKNOWN_STEP when `from` is no step.
 */
export function analyze(process: Process, options: { readonly by: PathCriterion; readonly from?: string } = { by: 'steps' }): ProcessAnalysis {
  const metrics = computeMetrics(process);
  const from = options.from ?? process.start;
  const path =
    options.from === undefined
      ? minimalPath(process, options)
      : minimalPath(process, options, { at: options.from, ...guaranteedHistory(process, options.from) });
  return { process, metrics, from, fromMetrics: metrics.steps.get(from), minimalPath: path };
}

/** The stable JSON shape of `spx path --format json` (documented in the README). */
export function analysisJson(file: string, analysis: ProcessAnalysis) {
  const { process, metrics, fromMetrics: at, minimalPath: path } = analysis;
  return {
    file,
    process: process.name,
    version: process.version,
    segment: process.segment,
    from: analysis.from,
    winRate: at?.winProbability ?? 0,
    expectedCycleDays: { won: at?.expectedCycleWon ?? null, anyOutcome: finiteOrNull(at?.expectedTimeToOutcome ?? Infinity) },
    qualified: {
      disqualifiedRate: at?.disqualifiedProbability ?? 0,
      winRate: at?.qualifiedWinProbability ?? 0,
      expectedCycleDays: { won: at?.expectedCycleWon ?? null, anyOutcome: finiteOrNull(at?.qualifiedTimeToOutcome ?? Infinity) },
    },
    minimalPath:
      path.kind === 'path'
        ? {
            by: path.by,
            steps: path.steps.map((s) => ({ id: s.id, title: s.title, owner: s.owner ?? null, sellers: s.sellers, buyers: s.buyers, internal: s.internal, expectedDays: s.expectedDays, gapBefore: s.gapBefore })),
            count: path.count,
            expectedDays: path.expectedDays,
            gapToOutcome: path.gapToOutcome,
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
      disqualifiedProbability: s.disqualifiedProbability,
      qualifiedWinProbability: s.qualifiedWinProbability,
    })),
  };
}

function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
