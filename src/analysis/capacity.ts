/** Seller capacity: expected engaged business days per role, per deal and per won deal, exact from the adjoint. */
import { durationMean } from '../model/duration.js';
import type { Process, Step } from '../model/types.js';
import { stepExpectedDuration } from './metrics.js';
import { computeAdjoints } from './sensitivity.js';

/** One seller role's expected engagement. */
export interface RoleCapacity {
  readonly role: string;
  readonly title: string;
  /** E[engaged business days] per deal started (won or lost). */
  readonly daysPerDeal: number;
  /** E[engaged days · 1{won}] / P(won): engaged days per won deal; null when no deal can be won. */
  readonly daysPerWonDeal: number | null;
}

/** Every seller role's engagement, in the order of `roles.seller` (owners not declared there after them). */
export interface Capacity {
  readonly winRate: number;
  readonly roles: readonly RoleCapacity[];
}

/**
 * A visit of a step engages its owner for the step's expected duration; a visit of a parallel step engages each
 * track's owner (the step's owner when the track names none) for that track's mean duration — a role owning two
 * tracks works both, and waiting for the longest track is not work. `within` gaps engage nobody.
 *
 * With c_r(i) the days role r spends on one visit of step i:
 * - per deal: E_r = Σ_i λ_i·c_r(i), λ the expected visits (the adjoint of the win system);
 * - per won deal: y_r(start)/w(start), where y_r(i) = E[days from i on · 1{won}] solves
 *   y_r(i) = c_r(i)·w(i) + Σ_j P(i→j)·y_r(j) — solved through the same adjoint: y_r(start) = Σ_i λ_i·c_r(i)·w(i).
 *   (Not E_r / w: lost deals cost days too, and the days of a won deal are weighted by the odds of each step's
 *   visits leading to a win.)
 */
export function computeCapacity(process: Process): Capacity {
  const { graph, metrics, visits, w } = computeAdjoints(process);
  const perDeal = new Map<string, number>();
  const wonMass = new Map<string, number>();
  for (const id of process.sellerRoles.keys()) {
    perDeal.set(id, 0);
    wonMass.set(id, 0);
  }
  graph.ids.forEach((id, i) => {
    for (const [role, days] of engagement(process.steps.get(id)!)) {
      perDeal.set(role, (perDeal.get(role) ?? 0) + visits[i]! * days);
      wonMass.set(role, (wonMass.get(role) ?? 0) + visits[i]! * days * w[i]!);
    }
  });
  const W = metrics.winRate;
  return {
    winRate: W,
    roles: [...perDeal].map(([role, days]) => ({
      role,
      title: process.sellerRoles.get(role)?.title ?? role,
      daysPerDeal: days,
      daysPerWonDeal: W > 0 ? wonMass.get(role)! / W : null,
    })),
  };
}

/** c_r(i) of one step: days per visit by role (roles without days are left out). */
function engagement(step: Step): Map<string, number> {
  const days = new Map<string, number>();
  const add = (role: string | undefined, value: number): void => {
    if (role !== undefined) days.set(role, (days.get(role) ?? 0) + value);
  };
  if (step.parallel.length === 0) add(step.owner, stepExpectedDuration(step));
  else for (const track of step.parallel) add(track.owner ?? step.owner, durationMean(track.duration));
  return days;
}
