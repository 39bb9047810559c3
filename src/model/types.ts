/** The normalized, in-memory model of a sales process: what every analysis, rule and renderer reads. */

/** A document path: object keys and array indices from the document root, e.g. ['steps', 'demo', 'next', 1]. */
export type DocPath = readonly (string | number)[];

/**
 * A duration in business days, normalized from the file's forms (a number, "3d"/"2w", "14 calendar days", or a
 * three-point estimate). `fixed` covers plain numbers and min = max estimates. A duration written in calendar
 * days is held here in business days too (every parameter × workdaysPerWeek / 7), with `calendarDays` saying so.
 */
export type Duration = (
  | { readonly dist: 'fixed'; readonly value: number }
  | { readonly dist: 'pert' | 'triangular'; readonly min: number; readonly likely: number; readonly max: number }
  | { readonly dist: 'uniform'; readonly min: number; readonly max: number }
) & {
  /** Present when the file gave the duration in calendar days (see {@link CalendarDays}). */
  readonly calendarDays?: CalendarDays;
};

/**
 * A duration the file gives in elapsed calendar days (a 14-day trial). Its business days are its calendar days ×
 * workdaysPerWeek / 7: the expected business time in that many calendar days from a start spread evenly over
 * the week (holidays aside). Dates (`spx next`) add its calendar days; calendar days = business days × 7 / workdaysPerWeek.
 */
export interface CalendarDays {
  /** Workdays per week of the calendar the duration was converted with (1 to 7). */
  readonly workdaysPerWeek: number;
}

/** A seller- or buyer-side role. */
export interface Role {
  readonly id: string;
  readonly title: string;
  /** Buyer roles only: this person can sign off the purchase. */
  readonly decisionMaker: boolean;
}

/** One parallel track of a step; the step ends when all of its tracks are done. */
export interface Track {
  readonly id: string;
  readonly owner: string | undefined;
  readonly with: readonly string[];
  readonly duration: Duration;
  /** Where the track sits in the document, for diagnostics. */
  readonly path: DocPath;
}

/** A transition from a step to another step or to an outcome. */
export interface Transition {
  readonly to: string;
  /**
   * Probability of taking this transition. When the file omits `p` on a step's only transition it is 1;
   * when it is omitted elsewhere it is 0 here and `pGiven` is false (lint reports probability-sum).
   */
  readonly p: number;
  readonly pGiven: boolean;
  /** Gap from the end of this step to the start of the next (or to the outcome); undefined when absent. */
  readonly within: Duration | undefined;
  /** Why deals take this transition (usually on transitions to `lost`). */
  readonly reason: string | undefined;
  readonly path: DocPath;
}

/** The gate of an ask step: what must have happened before we have earned the right to ask. */
export interface Gate {
  readonly involved: readonly string[];
  readonly completed: readonly string[];
}

/**
 * What kind of encounter a step is (rules and reports may use it). `internal`: work on our side only (deal desk,
 * partner registration, approvals): no buyer is expected in it, and it cannot be the ask.
 */
export type StepKind = 'discovery' | 'demo' | 'trial' | 'proposal' | 'review' | 'negotiation' | 'close' | 'other' | 'internal';

/** A step of the process: who runs it, who takes part, how long it takes, and where the deal goes next. */
export interface Step {
  readonly id: string;
  readonly title: string;
  readonly kind: StepKind | undefined;
  readonly owner: string | undefined;
  /** Buyer roles that take part in the step itself (tracks have their own). */
  readonly with: readonly string[];
  /** Undefined for parallel steps. */
  readonly duration: Duration | undefined;
  /** Empty for steps that are not parallel. */
  readonly parallel: readonly Track[];
  readonly exitCriteria: readonly string[];
  readonly next: readonly Transition[];
  readonly ask: boolean;
  readonly requires: Gate | undefined;
  readonly path: DocPath;
}

/** `disqualified`: the deal turned out not to be an opportunity (no budget, wrong fit); a loss that qualified numbers leave out. */
export type OutcomeResult = 'won' | 'lost' | 'disqualified';

/** An end state of a deal (won or lost, with an id such as `lost-no-budget`). */
export interface Outcome {
  readonly id: string;
  readonly result: OutcomeResult;
  readonly path: DocPath;
}

/** The market segment a process is for. */
export type Segment = 'smb' | 'mid-market' | 'enterprise' | 'global' | 'other';

/** Inclusive numeric bounds; either side may be absent. */
export interface Range {
  readonly min: number | undefined;
  readonly max: number | undefined;
}

/** Which prospects a process is for: head count, deal size, industries, regions and lead sources (see `spx route`). */
export interface AppliesTo {
  readonly employees: Range | undefined;
  readonly arr: Range | undefined;
  /** Industry ids, or ['any']. */
  readonly industries: readonly string[];
  /** Region ids, or ['any']. */
  readonly regions: readonly string[];
  /** Lead source or sales motion ids (e.g. partner, inbound, product-led), or ['any']. */
  readonly sources: readonly string[];
}

/** A day of the week, as the calendar names it. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** How business days map to dates: workdays, holidays and the time zone of deal data. */
export interface Calendar {
  readonly workdays: readonly Weekday[];
  /** ISO dates (YYYY-MM-DD). */
  readonly holidays: readonly string[];
  /** IANA time zone in which deal data's days are counted (default `UTC`). */
  readonly timeZone: string;
}

/**
 * How a CRM's deal stages map onto this process (the `crm` block). Stage names are matched exactly as they
 * appear in deal data (ids and labels may both be listed).
 */
export interface CrmMapping {
  /** The CRM pipeline (id or label) whose deals this process is for; undefined claims every deal. */
  readonly pipeline: string | undefined;
  /** CRM stage → the step ids (an observed group) or the single outcome id it records, in file order. */
  readonly stages: ReadonlyMap<string, readonly string[]>;
  /** CRM contact role → buyer role id. */
  readonly roles: ReadonlyMap<string, string>;
  readonly path: DocPath;
}

/** A normalized, valid process: what every analysis takes (see docs/format.md). */
export interface Process {
  readonly apiVersion: string;
  readonly name: string;
  readonly title: string;
  readonly version: string;
  readonly segment: Segment;
  readonly description: string | undefined;
  /** `metadata.dealValue`: the typical value of a won deal; undefined when the file does not say. */
  readonly dealValue?: number | undefined;
  readonly appliesTo: AppliesTo | undefined;
  readonly targets: { readonly cycleDays: number | undefined; readonly winRate: number | undefined };
  readonly calendar: Calendar;
  readonly sellerRoles: ReadonlyMap<string, Role>;
  readonly buyerRoles: ReadonlyMap<string, Role>;
  readonly start: string;
  /** In file order. */
  readonly steps: ReadonlyMap<string, Step>;
  /** Always contains at least `won` and `lost` results when the file is valid. */
  readonly outcomes: ReadonlyMap<string, Outcome>;
  /** The CRM mapping; undefined when the file has no `crm` block. */
  readonly crm: CrmMapping | undefined;
}
