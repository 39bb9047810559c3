/** The next step for a deal in flight: the first move of the minimal remaining path from where the deal is. */
import type { Process } from '../model/types.js';
import {
  minimalPath,
  type DealPosition,
  type MinimalPathBlocked,
  type MinimalPathNone,
  type PathCriterion,
  type PathStep,
} from './minimal-path.js';

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
  /** ∏ p along the remaining path, from `at`'s chosen transition on. */
  readonly probability: number;
  /** The won outcome the path ends in. */
  readonly outcome: string;
}

/** {@link nextStep}'s answer: the next step and remaining path, or why won cannot be reached. */
export type NextStepResult = NextStepFound | MinimalPathBlocked | MinimalPathNone;

/**
 * The next step for a deal currently at `deal.at`, having involved `deal.involved` and completed `deal.completed`.
 * `at` is in progress: once it ends its own roles count as involved and it counts as completed. The choice follows
 * the minimal remaining path (`by: 'steps'` or `'time'`, as {@link minimalPath}); a gate no remaining path can meet
 * is reported as `blocked`. Pure: business days only — the CLI turns them into dates with its calendar.
 * Throws SpxError E_UNKNOWN_STEP when `at` is not a step.
 */
export function nextStep(process: Process, deal: DealPosition, options: { readonly by: PathCriterion }): NextStepResult {
  const result = minimalPath(process, options, deal);
  if (result.kind !== 'path') return result;
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
    probability: result.probability,
    outcome: result.outcome,
  };
}
