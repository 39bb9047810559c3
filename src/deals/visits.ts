/** Deals' stage histories as visits of the process's observed groups: where the data says each deal was, when, and for how long. */
import type { Calendar, OutcomeResult } from '../model/types.js';
import { businessTimeBetween } from './business-time.js';
import type { Deal, SourcePosition } from './types.js';

/** An observed group as the crm mapping defines it: the steps one CRM stage records. */
export interface ObservedGroupRef {
  readonly id: string;
  readonly steps: readonly string[];
}

/** What a CRM stage name maps to: an observed group, an outcome (by id, or the outcome itself), or nothing. */
export type ResolvedStage =
  | { readonly kind: 'group'; readonly group: ObservedGroupRef }
  | { readonly kind: 'outcome'; readonly outcome: string | { readonly id: string } }
  | undefined;

/** Maps a CRM stage name onto the process (the crm mapping's resolver). */
export type StageResolver = (stage: string) => ResolvedStage;

/** Where a deal went when it left a group. */
export type NextStage = { readonly kind: 'group'; readonly id: string } | { readonly kind: 'outcome'; readonly id: string };

/** One stay of a deal in an observed group, from the event that entered it to the event that entered another group or an outcome. */
export interface Visit {
  readonly dealId: string;
  /** The observed group's id. */
  readonly group: string;
  /** Epoch ms of the first event of the visit. */
  readonly enteredAt: number;
  /** Epoch ms of the event that ended it; undefined for an open visit. */
  readonly leftAt?: number;
  /** The group or outcome entered next; undefined for an open visit. */
  readonly next?: NextStage;
  /** Business days in the group: to `leftAt` when completed, to `asOf` (censored) when open. */
  readonly businessDays: number;
  /** The event that entered the group. */
  readonly source: SourcePosition;
}

/** One deal as the visits see it. */
export interface DealVisits {
  readonly id: string;
  /** The outcome id when the deal's last event (before `asOf`) maps to an outcome; undefined while open. */
  readonly outcome: string | undefined;
  /** won / lost for a closed deal; undefined while open. */
  readonly result: OutcomeResult | undefined;
  /** Epoch ms of its first event before `asOf`. */
  readonly startedAt: number;
  /** Epoch ms of the outcome event, for a closed deal. */
  readonly closedAt: number | undefined;
  /** Business days from the first event to the outcome, for a closed deal. */
  readonly cycleDays: number | undefined;
  /** The group an open deal is in (its last group event's), if any. */
  readonly currentGroup: string | undefined;
}

/** A CRM stage that maps to nothing: how many events and deals carry it. */
export interface UnmappedStage {
  readonly stage: string;
  readonly events: number;
  readonly deals: number;
}

/** Every deal's visits, and what could not be used. */
export interface VisitsResult {
  /** In deal order, then time order. */
  readonly visits: readonly Visit[];
  /** Deals with at least one mapped event before `asOf`, in input order. */
  readonly deals: readonly DealVisits[];
  /** Sorted by stage name. */
  readonly unmapped: readonly UnmappedStage[];
  /** Events at or after `asOf` (ignored). */
  readonly eventsAfterAsOf: number;
  /** Deals with no mapped event before `asOf`: nothing to compare (counted as `ignored`). */
  readonly ignoredDeals: number;
}

/** What {@link dealVisits} reads. */
export interface VisitsInput {
  readonly deals: readonly Deal[];
  readonly resolveStage: StageResolver;
  /** The process calendar: business time is counted in it. */
  readonly calendar: Calendar;
  /** Epoch ms: events at or after it are ignored; open visits are censored at it. */
  readonly asOf: number;
  /** The process's outcomes, for won / lost. */
  readonly outcomes: ReadonlyMap<string, { readonly result: OutcomeResult }>;
}

interface OpenVisit {
  group: string;
  enteredAt: number;
  source: SourcePosition;
}

/**
 * Turns deal histories into visits of observed groups (the deal-data contract, "Events"): events are taken in
 * time order (ties in input order); events at or after `asOf` are ignored and counted; an event whose stage maps
 * to nothing is counted per stage (events and deals) and skipped. Consecutive events of one group are one visit
 * (CRMs write history rows for amount and date changes too). A deal is in a group from the instant it enters it
 * until it enters a different group or an outcome, which completes the visit with that `next`; a visit no later
 * event ends is open, censored at `asOf`. An outcome event closes the deal; a later group event reopens it (a
 * new visit). The deal's outcome is its last event's, when that maps to an outcome; otherwise it is open. Its
 * cycle is the business time from its first event (mapped or not) to the outcome event.
 */
export function dealVisits(input: VisitsInput): VisitsResult {
  const { calendar, asOf } = input;
  const resolved = new Map<string, ResolvedStage>();
  const resolve = (stage: string): ResolvedStage => {
    if (resolved.has(stage)) return resolved.get(stage);
    const r = input.resolveStage(stage);
    resolved.set(stage, r);
    return r;
  };
  const unmapped = new Map<string, { events: number; deals: number; lastDeal: number }>();
  const visits: Visit[] = [];
  const deals: DealVisits[] = [];
  let eventsAfterAsOf = 0;
  let ignoredDeals = 0;

  input.deals.forEach((deal, dealIndex) => {
    const events = isSorted(deal.events) ? deal.events : [...deal.events].sort((x, y) => x.at - y.at);
    let open: OpenVisit | undefined;
    let startedAt: number | undefined;
    let mapped = 0;
    let outcome: string | undefined;
    let closedAt: number | undefined;
    const close = (at: number, next: NextStage): void => {
      if (open === undefined) return;
      visits.push({ dealId: deal.id, group: open.group, enteredAt: open.enteredAt, leftAt: at, next, businessDays: businessTimeBetween(open.enteredAt, at, calendar), source: open.source });
      open = undefined;
    };
    for (const event of events) {
      if (!(event.at < asOf)) {
        eventsAfterAsOf++;
        continue;
      }
      startedAt ??= event.at;
      const r = resolve(event.stage);
      if (r === undefined) {
        let entry = unmapped.get(event.stage);
        if (entry === undefined) {
          entry = { events: 0, deals: 0, lastDeal: -1 };
          unmapped.set(event.stage, entry);
        }
        entry.events++;
        if (entry.lastDeal !== dealIndex) {
          entry.deals++;
          entry.lastDeal = dealIndex;
        }
        // The contract: the outcome is the LAST event's stage; an unknown stage after an outcome leaves it open.
        outcome = undefined;
        continue;
      }
      mapped++;
      if (r.kind === 'group') {
        outcome = undefined;
        if (open !== undefined && open.group === r.group.id) continue;
        close(event.at, { kind: 'group', id: r.group.id });
        open = { group: r.group.id, enteredAt: event.at, source: event.source };
      } else {
        const id = typeof r.outcome === 'string' ? r.outcome : r.outcome.id;
        close(event.at, { kind: 'outcome', id });
        outcome = id;
        closedAt = event.at;
      }
    }
    if (mapped === 0 || startedAt === undefined) {
      ignoredDeals++;
      return;
    }
    const currentGroup = open?.group;
    if (open !== undefined) visits.push({ dealId: deal.id, group: open.group, enteredAt: open.enteredAt, businessDays: businessTimeBetween(open.enteredAt, asOf, calendar), source: open.source });
    const result = outcome === undefined ? undefined : input.outcomes.get(outcome)?.result;
    const closed = outcome !== undefined;
    deals.push({
      id: deal.id,
      outcome,
      result,
      startedAt,
      closedAt: closed ? closedAt : undefined,
      cycleDays: closed ? businessTimeBetween(startedAt, closedAt!, calendar) : undefined,
      currentGroup: closed ? undefined : currentGroup,
    });
  });

  return {
    visits,
    deals,
    unmapped: [...unmapped].map(([stage, u]) => ({ stage, events: u.events, deals: u.deals })).sort((x, y) => (x.stage < y.stage ? -1 : x.stage > y.stage ? 1 : 0)),
    eventsAfterAsOf,
    ignoredDeals,
  };
}

function isSorted(events: Deal['events']): boolean {
  for (let i = 1; i < events.length; i++) if (events[i]!.at < events[i - 1]!.at) return false;
  return true;
}
