/** The next step for a deal in flight: the first move of the minimal remaining path from where the deal is. */
import type { Process } from '../model/types.js';
import { guaranteedHistory, type GuaranteedHistory } from './dominators.js';
import { computeMetrics } from './metrics.js';
import {
  minimalPath,
  recoveryPath,
  type DealPosition,
  type MinimalPathBlocked,
  type MinimalPathFound,
  type MinimalPathNone,
  type PathCriterion,
  type PathStep,
} from './minimal-path.js';

/** What a deal is taken to have done before `at`: what the process guarantees plus what the caller said. */
export interface DealHistory {
  /** Steps on every path from `start` to `at`, and the buyer roles they involve (see {@link guaranteedHistory}). */
  readonly guaranteed: GuaranteedHistory;
  /** The guaranteed steps, then the given ones (deduplicated). */
  readonly completed: readonly string[];
  /** The guaranteed roles, then the given ones (deduplicated). */
  readonly involved: readonly string[];
}

/** The deal has a way to won that meets every gate. */
export interface NextStepFound {
  readonly kind: 'path';
  readonly by: PathCriterion;
  /** The step in progress. */
  readonly at: string;
  /** The step to schedule next; undefined when the best move from `at` is straight to the won outcome. */
  readonly next: PathStep | undefined;
  /** E[within] of the chosen transition out of `at`: how many business days after `at` ends the next step starts. */
  readonly within: number;
  /** The minimal remaining path after `at`, starting with `next` (empty when `next` is undefined). */
  readonly remaining: readonly PathStep[];
  /** Steps still to run after `at`. */
  readonly remainingCount: number;
  /**
   * Expected business days from the END of `at` to won along the remaining path: every gap (`within`) and every
   * later step's expected duration, including the gap of the final transition. The rest of `at` itself is left
   * out because how far it has progressed is unknown here; the caller adds it when it knows.
   */
  readonly remainingDays: number;
  /** E[within] of the final transition to the won outcome (the last wait, after the last step). */
  readonly gapToOutcome: number;
  /** ∏ p along the remaining path, from `at`'s chosen transition on: the probability of THIS path only. */
  readonly probability: number;
  /** w(at): the exact probability that a deal at `at` is won, over every way it can go (not only this path). */
  readonly winProbability: number;
  /** w(at) / (1 − d(at)): the same among deals from here that do not end disqualified (= winProbability without such outcomes). */
  readonly qualifiedWinProbability: number;
  /** The won outcome the path ends in. */
  readonly outcome: string;
  readonly history: DealHistory;
}

/** No way forward from `at` meets a gate; with the shortest way back that does, when there is one. */
export interface NextStepBlocked extends MinimalPathBlocked {
  readonly at: string;
  readonly history: DealHistory;
  /**
   * The best path that meets every gate when the deal may next hold ANY step (going back to one, or to one no
   * transition from here leads to): its first step is the step to hold next. Undefined when none exists.
   */
  readonly recovery: MinimalPathFound | undefined;
}

/** {@link nextStep}'s answer: the next step and remaining path, a gate that blocks every way forward, or no path to won. */
export type NextStepResult = NextStepFound | NextStepBlocked | MinimalPathNone;

/**
 * The next step for a deal currently at `deal.at`. The deal is taken to have done what every path from `start` to
 * `at` passes (its dominators and their buyer roles), plus `deal.involved` and `deal.completed`. `at` is in
 * progress: once it ends its own roles count as involved and it counts as completed. The choice follows the best
 * remaining path by `by` (as {@link minimalPath}); when no remaining path can meet a gate the result is `blocked`,
 * with the shortest way back that meets it ({@link recoveryPath}). Pure: business days only — the CLI turns them
 * into dates with its calendar. Throws SpxError E_UNKNOWN_STEP when `at` is not a step.
 */
export function nextStep(process: Process, deal: DealPosition, options: { readonly by: PathCriterion }): NextStepResult {
  const guaranteed = guaranteedHistory(process, deal.at);
  const history: DealHistory = {
    guaranteed,
    completed: [...new Set([...guaranteed.completed, ...deal.completed])],
    involved: [...new Set([...guaranteed.involved, ...deal.involved])],
  };
  const position: DealPosition = { at: deal.at, involved: history.involved, completed: history.completed };
  const result = minimalPath(process, options, position);
  if (result.kind === 'no-path') return result;
  if (result.kind === 'blocked') {
    const recovery = recoveryPath(process, position, options);
    return { ...result, at: deal.at, history, recovery: recovery.kind === 'path' ? recovery : undefined };
  }
  const here = computeMetrics(process).steps.get(deal.at);
  const remaining = result.steps.slice(1);
  const next = remaining[0];
  let remainingDays = result.gapToOutcome;
  for (const step of remaining) remainingDays += step.gapBefore + step.expectedDays;
  return {
    kind: 'path',
    by: result.by,
    at: deal.at,
    next,
    within: next === undefined ? result.gapToOutcome : next.gapBefore,
    remaining,
    remainingCount: remaining.length,
    remainingDays,
    gapToOutcome: result.gapToOutcome,
    probability: result.probability,
    winProbability: here?.winProbability ?? 0,
    qualifiedWinProbability: here?.qualifiedWinProbability ?? 0,
    outcome: result.outcome,
    history,
  };
}
