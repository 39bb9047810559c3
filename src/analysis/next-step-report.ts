/** `spx next` as data: the dates a next step commits to, and the stable JSON shape of a next-step answer. */
import type { Process } from '../model/types.js';
import { addStretches, isoDate, type Stretch } from './business-days.js';
import { minimumDaysAfter } from './earliest.js';
import type { PathStep } from './minimal-path.js';
import { expectedStretches, minimumStretches, withinStretch } from './path-stretches.js';
import type { DealHistory, NextStepBlocked, NextStepFound, NextStepResult } from './next-step.js';

/** The calendar dates of a next-step answer, counted in business days on the process calendar. */
export interface NextStepDates {
  /** The date the step at `at` ends (the day counting starts from). */
  readonly date: Date;
  /** Hold the next step by this date (`within` business days after `date`, or calendar days for a `within` written in them). */
  readonly holdBy: Date;
  /** The expected `within` before the next step (or the outcome), in the unit its date counts. */
  readonly within: Stretch;
  /** `date` plus the remaining path's expected business days. */
  readonly expectedClose: Date;
  /** Business days to the outcome with every remaining step at its minimum duration and gap. */
  readonly earliestDays: number;
  /** `date` plus {@link NextStepDates.earliestDays}. */
  readonly earliestClose: Date;
}

/**
 * The dates of a found next step: when to hold it, and the expected and earliest close. Gaps and steps written in
 * calendar days (`14 calendar days`) add calendar days; the rest adds business days on the process calendar; each
 * run of one kind is rounded up to whole days once.
 * @param process - the process the answer is for
 * @param result - {@link nextStep}'s answer when it found a path
 * @param date - the date the step at `result.at` ends, as UTC midnight
 */
export function nextStepDates(process: Process, result: NextStepFound, date: Date): NextStepDates {
  const earliestDays = minimumDaysAfter(process, result.at, result.remaining.map((s) => s.id), result.outcome);
  const ids = result.remaining.map((s) => s.id);
  const within = withinStretch(process, result.at, result.next?.id ?? result.outcome, result.within);
  return {
    date,
    holdBy: addStretches(date, [within], process.calendar),
    within,
    expectedClose: addStretches(date, expectedStretches(process, result.at, result.remaining, result.outcome, result.gapToOutcome), process.calendar),
    earliestDays,
    earliestClose: addStretches(date, minimumStretches(process, result.at, ids, result.outcome), process.calendar),
  };
}

/** The flags of `spx next` that would record each missing gate fact, had it happened. */
export function recordFlags(blocked: NextStepBlocked['blocked']): string[] {
  const flags: string[] = [];
  if (blocked.missingInvolved.length > 0) flags.push(`--involved ${blocked.missingInvolved.join(',')}`);
  if (blocked.missingCompleted.length > 0) flags.push(`--completed ${blocked.missingCompleted.join(',')}`);
  return flags;
}

/** Why no next step leads to won: a gate no way forward meets, or no path at all. */
export function nextStepBlockedReason(result: Exclude<NextStepResult, NextStepFound>, at: string): string {
  if (result.kind !== 'blocked') return `won cannot be reached from "${at}"`;
  const missing = [...result.blocked.missingInvolved.map((r) => `role ${r}`), ...result.blocked.missingCompleted.map((s) => `step ${s}`)].join(', ');
  return `no way forward from "${at}" meets the gate of "${result.blocked.askStep}": missing ${missing}`;
}

function stepJson(s: PathStep) {
  return { id: s.id, title: s.title, owner: s.owner ?? null, sellers: s.sellers, buyers: s.buyers, internal: s.internal, expectedDays: s.expectedDays, gapBefore: s.gapBefore };
}

function historyJson(history: DealHistory) {
  return { guaranteed: history.guaranteed, completed: history.completed, involved: history.involved };
}

/**
 * The stable JSON of `spx next --json` (documented in docs/cli): for a found path, what the deal has done, the next
 * step with its hold-by date, the exact win probability from here, the remaining path and the close dates; when a
 * gate blocks every way forward, the gate, the flags that would record it and the shortest way back that meets it.
 * @param file - the process file, as shown to the user
 * @param at - the step the deal is at
 * @param date - the date the step at `at` ends, as UTC midnight (used only for a found path)
 */
export function nextStepJson(file: string, process: Process, at: string, result: NextStepResult, date: Date) {
  if (result.kind === 'no-path') return { file, process: process.name, at, blocked: null, reason: nextStepBlockedReason(result, at), recovery: null };
  if (result.kind === 'blocked') {
    const { recovery } = result;
    return {
      file,
      process: process.name,
      at: result.at,
      history: historyJson(result.history),
      blocked: result.blocked,
      reason: nextStepBlockedReason(result, at),
      recordWith: recordFlags(result.blocked),
      recovery: recovery
        ? { by: recovery.by, steps: recovery.steps.map(stepJson), count: recovery.count, expectedDays: recovery.expectedDays, gapToOutcome: recovery.gapToOutcome, probability: recovery.probability, outcome: recovery.outcome }
        : null,
    };
  }
  const dates = nextStepDates(process, result, date);
  const next = result.next;
  return {
    file,
    process: process.name,
    version: process.version,
    at,
    date: isoDate(date),
    history: historyJson(result.history),
    next: next
      ? { id: next.id, title: next.title, owner: next.owner ?? null, sellers: next.sellers, buyers: next.buyers, internal: next.internal, withinDays: result.within, holdBy: isoDate(dates.holdBy), expectedDays: next.expectedDays }
      : null,
    winProbability: result.winProbability,
    qualifiedWinProbability: result.qualifiedWinProbability,
    remainingPath: {
      by: result.by,
      steps: result.remaining.map(stepJson),
      count: result.remainingCount,
      expectedDays: result.remainingDays,
      gapToOutcome: result.gapToOutcome,
      minimumDays: dates.earliestDays,
      probability: result.probability,
    },
    expectedCloseDate: isoDate(dates.expectedClose),
    earliestCloseDate: isoDate(dates.earliestClose),
  };
}
