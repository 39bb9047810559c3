/** `spx next` as data: the dates a next step commits to, and the stable JSON shape of a next-step answer. */
import type { Process } from '../model/types.js';
import { addBusinessDays, isoDate } from './business-days.js';
import { minimumDaysAfter } from './earliest.js';
import type { NextStepFound, NextStepResult } from './next-step.js';

/** The calendar dates of a next-step answer, counted in business days on the process calendar. */
export interface NextStepDates {
  /** The date the step at `at` ends (the day counting starts from). */
  readonly date: Date;
  /** Hold the next step by this date (`within` business days after `date`). */
  readonly holdBy: Date;
  /** `date` plus the remaining path's expected business days. */
  readonly expectedClose: Date;
  /** Business days to the outcome with every remaining step at its minimum duration and gap. */
  readonly earliestDays: number;
  /** `date` plus {@link NextStepDates.earliestDays}. */
  readonly earliestClose: Date;
}

/**
 * The dates of a found next step: when to hold it, and the expected and earliest close.
 * @param process - the process the answer is for
 * @param result - {@link nextStep}'s answer when it found a path
 * @param date - the date the step at `result.at` ends, as UTC midnight
 */
export function nextStepDates(process: Process, result: NextStepFound, date: Date): NextStepDates {
  const earliestDays = minimumDaysAfter(process, result.at, result.remaining.map((s) => s.id), result.outcome);
  return {
    date,
    holdBy: addBusinessDays(date, result.within, process.calendar),
    expectedClose: addBusinessDays(date, result.remainingDays, process.calendar),
    earliestDays,
    earliestClose: addBusinessDays(date, earliestDays, process.calendar),
  };
}

/** Why no next step leads to won: a gate no remaining path meets, or no path at all. */
export function nextStepBlockedReason(result: Exclude<NextStepResult, NextStepFound>, at: string): string {
  return result.kind === 'blocked'
    ? `no remaining path meets the gate of "${result.blocked.askStep}": missing ${[...result.blocked.missingInvolved, ...result.blocked.missingCompleted].join(', ')}`
    : `won cannot be reached from "${at}"`;
}

/**
 * The stable JSON of `spx next --json` (documented in the README): for a found path, the next step with its
 * hold-by date, the remaining path and the close dates; otherwise the gate that blocks it and why.
 * @param file - the process file, as shown to the user
 * @param at - the step the deal is at
 * @param date - the date the step at `at` ends, as UTC midnight (used only for a found path)
 */
export function nextStepJson(file: string, process: Process, at: string, result: NextStepResult, date: Date) {
  if (result.kind !== 'path') {
    return { file, process: process.name, at, blocked: result.kind === 'blocked' ? result.blocked : null, reason: nextStepBlockedReason(result, at) };
  }
  const dates = nextStepDates(process, result, date);
  const next = result.next;
  return {
    file,
    process: process.name,
    version: process.version,
    at,
    date: isoDate(date),
    next: next
      ? { id: next.id, title: next.title, owner: next.owner ?? null, sellers: next.sellers, buyers: next.buyers, withinDays: result.within, holdBy: isoDate(dates.holdBy), expectedDays: next.expectedDays }
      : null,
    remainingPath: {
      by: result.by,
      steps: result.remaining.map((s) => ({ id: s.id, title: s.title, owner: s.owner ?? null, sellers: s.sellers, buyers: s.buyers, expectedDays: s.expectedDays, gapBefore: s.gapBefore })),
      count: result.remainingCount,
      expectedDays: result.remainingDays,
      minimumDays: dates.earliestDays,
      probability: result.probability,
    },
    expectedCloseDate: isoDate(dates.expectedClose),
    earliestCloseDate: isoDate(dates.earliestClose),
  };
}
