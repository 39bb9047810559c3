/** Ranks a process's levers by what a fixed step buys (win rate or won-cycle days) and phrases each change for people. */
import type { Process } from '../model/types.js';
import type { Lever, Sensitivity } from './sensitivity.js';

/** How far a probability lever is moved for the ranking: 5 points. */
export const POINTS_STEP = 0.05;
/** How far a duration lever is moved for the ranking: 5 business days. */
export const DAYS_STEP = 5;

/** One ranked lever: the change applied and its linear effect on the two numbers. */
export interface RankedLever {
  readonly lever: Lever;
  /** The change to the parameter: +p (probability) or −days (durations). */
  readonly change: number;
  /** Linear effects: win rate and qualified win rate in probability (0.018 = +1.8 points), cycle in business days. */
  readonly winRate: number;
  readonly qualifiedWinRate: number;
  readonly cycleDays: number | null;
}

/** Every lever that helps, best first, by the win rate and by the won-cycle length. */
export interface RankedLevers {
  /** What the `winRate` ranking ranks by: the qualified win rate when the process has disqualified outcomes. */
  readonly winRateBy: 'winRate' | 'qualifiedWinRate';
  /** Probability levers that raise the ranked rate, largest rise first. */
  readonly winRate: readonly RankedLever[];
  /** Levers that shorten E[cycle | won], largest cut first. */
  readonly cycle: readonly RankedLever[];
}

/** A lever moved by its step (capped by its room): raise a probability by 5 points, cut a duration by 5 days. */
export function rankLever(lever: Lever): RankedLever {
  const change = lever.kind === 'probability' ? Math.min(POINTS_STEP, lever.room) : -Math.min(DAYS_STEP, lever.room);
  return { lever, change, winRate: change * lever.winRate, qualifiedWinRate: change * lever.qualifiedWinRate, cycleDays: lever.cycleDays === null ? null : change * lever.cycleDays };
}

/**
 * Ranks the levers of {@link computeSensitivity}'s result for `process`. Where some deals end disqualified, the
 * win rate a seller moves is the qualified opportunities', so that is what the win-rate ranking ranks by.
 */
export function rankLevers(process: Process, sensitivity: Sensitivity): RankedLevers {
  const ranked = sensitivity.levers.map(rankLever);
  const winRateBy = hasDisqualified(process) ? 'qualifiedWinRate' : 'winRate';
  return {
    winRateBy,
    winRate: ranked.filter((r) => r.lever.kind === 'probability' && r[winRateBy] > 1e-12).sort((a, b) => b[winRateBy] - a[winRateBy]),
    cycle: ranked.filter((r) => r.cycleDays !== null && r.cycleDays < -1e-12).sort((a, b) => a.cycleDays! - b.cycleDays!),
  };
}

/** Whether any outcome of the process is `disqualified`. */
export function hasDisqualified(process: Process): boolean {
  return [...process.outcomes.values()].some((o) => o.result === 'disqualified');
}

/**
 * A signed number with a real minus sign: `+1.8`, `−5.0`. An effect that is not zero but rounds to zero keeps its
 * first significant digit (`−0.03`, down to `−<0.000001`): a ranked change printed as "−0.0" reads as no change.
 */
export const signedNumber = (x: number, digits = 1): string => {
  const sign = x < 0 ? '−' : '+';
  const size = Math.abs(x);
  if (size === 0 || Number(size.toFixed(digits)) !== 0) return `${sign}${size.toFixed(digits)}`;
  for (let more = digits + 1; more <= 6; more++) if (Number(size.toFixed(more)) !== 0) return `${sign}${size.toFixed(more)}`;
  return `${sign}<0.000001`;
};

const trim = (x: number): string => (Number.isInteger(Math.round(x * 10) / 10) ? String(Math.round(x)) : x.toFixed(1));

/** The change in words: "raise demo → trial by 5 points", "cut Review (review) by 5 days". */
export function describeLeverChange(r: RankedLever, process: Process): string {
  const { lever } = r;
  const title = (id: string) => process.steps.get(id)?.title ?? id;
  if (lever.kind === 'probability') return `raise ${lever.step} → ${lever.to} by ${trim(r.change * 100)} points`;
  const amount = `by ${trim(-r.change)} day${-r.change === 1 ? '' : 's'}`;
  if (lever.kind === 'duration') return `cut ${title(lever.step)} (${lever.step}) ${amount}`;
  if (lever.kind === 'track') return `cut ${lever.track} in ${lever.step} ${amount}`;
  return `cut the wait ${lever.step} → ${lever.to} ${amount}`;
}

/** What a win-rate-ranked change buys, in words, without markup: "win rate +1.8 points; cycle −0.4 days". */
export function describeWinRateEffect(r: RankedLever, winRateBy: RankedLevers['winRateBy']): { rate: string; rest: string } {
  const qualified = winRateBy === 'qualifiedWinRate';
  const rateName = qualified ? 'qualified win rate' : 'win rate';
  const overall = qualified ? ` (win rate ${signedNumber(r.winRate * 100)} points)` : '';
  const cycle = r.cycleDays === null || Math.abs(r.cycleDays) < 0.05 ? '' : `; cycle ${signedNumber(r.cycleDays)} days`;
  return { rate: `${rateName} ${signedNumber(r[winRateBy] * 100)} points`, rest: `${overall}${cycle}` };
}

/** What a cycle-ranked change buys, in words, without markup: "cycle −5.0 days; win rate +0.2 points". */
export function describeCycleEffect(r: RankedLever, winRateBy: RankedLevers['winRateBy']): { cycle: string; rest: string } {
  const rateName = winRateBy === 'qualifiedWinRate' ? 'qualified win rate' : 'win rate';
  const rate = r[winRateBy];
  return { cycle: `cycle ${signedNumber(r.cycleDays!)} days`, rest: Math.abs(rate) < 0.0005 ? '' : `; ${rateName} ${signedNumber(rate * 100)} points` };
}
