/** Deal histories in columns as visits of the process's observed groups: {@link dealVisits} on a {@link DealTable}, one typed-array row per visit, no object per event or visit. */
import type { Calendar, OutcomeResult } from '../model/types.js';
import { businessTimeBetween } from './business-time.js';
import type { DealTable } from './columns.js';
import type { StageResolver, UnmappedStage } from './visits.js';

/** The visits in columns, in deal order then time order (the order of {@link dealVisits}'s `visits`). */
export interface VisitTable {
  readonly count: number;
  /** Per visit: the deal's index in the table. */
  readonly deal: Int32Array;
  /** Per visit: index into `groupIds`. */
  readonly group: Int32Array;
  /** Per visit: index into `targetIds` of the group or outcome entered next; -1 for an open visit. */
  readonly next: Int32Array;
  readonly enteredAt: Float64Array;
  /** NaN for an open visit. */
  readonly leftAt: Float64Array;
  /** Business days in the group: to `leftAt`, or to `asOf` (censored) when open. */
  readonly businessDays: Float64Array;
  /** Per visit: the table's index of the event that entered the group (its source). */
  readonly event: Int32Array;
  /** Observed group ids, in order of first appearance. */
  readonly groupIds: readonly string[];
  /** Group and outcome ids entered next, in order of first appearance; `targetIsGroup[i]` tells which. */
  readonly targetIds: readonly string[];
  readonly targetIsGroup: readonly boolean[];
}

/** Per deal with a mapped event before `asOf` (the `deals` of {@link dealVisits}), in columns. */
export interface DealVisitTable {
  readonly count: number;
  /** The deal's index in the table. */
  readonly deal: Int32Array;
  /** Index into `outcomeIds`; -1 while open. */
  readonly outcome: Int32Array;
  readonly outcomeIds: readonly string[];
  /** 1 won, 2 lost, 3 disqualified, 0 open (or an outcome the process does not know). */
  readonly result: Int8Array;
  readonly startedAt: Float64Array;
  /** NaN while open. */
  readonly closedAt: Float64Array;
  /** NaN while open. */
  readonly cycleDays: Float64Array;
  /** Index into the visits' `groupIds` of the group an open deal is in; -1 when none. */
  readonly currentGroup: Int32Array;
}

/** {@link dealVisits}'s result in columns. */
export interface VisitColumns {
  readonly visits: VisitTable;
  readonly deals: DealVisitTable;
  readonly unmapped: readonly UnmappedStage[];
  readonly eventsAfterAsOf: number;
  readonly ignoredDeals: number;
}

/** What {@link dealVisitColumns} reads. */
export interface VisitColumnsInput {
  readonly table: DealTable;
  /** Which of the table's deals to take (all when absent): 1 to take. */
  readonly claimed?: Uint8Array;
  readonly resolveStage: StageResolver;
  readonly calendar: Calendar;
  readonly asOf: number;
  readonly outcomes: ReadonlyMap<string, { readonly result: OutcomeResult }>;
}

const UNMAPPED = 0;
const GROUP = 1;
const OUTCOME = 2;

/**
 * {@link dealVisits} on deal data in columns, with exactly its rules and numbers (the same visits in the same
 * order, the same business days): each CRM stage is resolved once, and each deal's events are walked in the
 * table's time order.
 */
export function dealVisitColumns(input: VisitColumnsInput): VisitColumns {
  const { table, calendar, asOf, claimed } = input;
  const groupIds: string[] = [];
  const groupIndex = new Map<string, number>();
  const targetIds: string[] = [];
  const targetIsGroup: boolean[] = [];
  const targetIndex = new Map<string, number>();
  const outcomeIds: string[] = [];
  const outcomeIndex = new Map<string, number>();
  const target = (id: string, isGroup: boolean): number => {
    const key = `${isGroup ? 'g' : 'o'}:${id}`;
    let t = targetIndex.get(key);
    if (t === undefined) {
      t = targetIds.length;
      targetIds.push(id);
      targetIsGroup.push(isGroup);
      targetIndex.set(key, t);
    }
    return t;
  };
  // Per stage: what it maps to, and (group) its index and its index as a target, or (outcome) its target and outcome index.
  const stageCount = table.stageNames.length;
  const kind = new Uint8Array(stageCount);
  const stageGroup = new Int32Array(stageCount).fill(-1);
  const stageTarget = new Int32Array(stageCount).fill(-1);
  const stageOutcome = new Int32Array(stageCount).fill(-1);
  const stageResult = new Int8Array(stageCount);
  const resolvedStages = new Uint8Array(stageCount);
  const resolveAt = (s: number): void => {
    resolvedStages[s] = 1;
    const r = input.resolveStage(table.stageNames[s]!);
    if (r === undefined) return;
    if (r.kind === 'group') {
      const id = r.group.id;
      const g = internId(id, groupIds, groupIndex);
      kind[s] = GROUP;
      stageGroup[s] = g;
      stageTarget[s] = target(id, true);
    } else {
      const id = typeof r.outcome === 'string' ? r.outcome : r.outcome.id;
      const o = internId(id, outcomeIds, outcomeIndex);
      kind[s] = OUTCOME;
      stageOutcome[s] = o;
      stageTarget[s] = target(id, false);
      const result = input.outcomes.get(id)?.result;
      stageResult[s] = result === 'won' ? 1 : result === 'lost' ? 2 : result === 'disqualified' ? 3 : 0;
    }
  };

  const dealCount = table.deals.length;
  const eventCount = table.at.length;
  // At most one visit per event, one entry per deal: sized once, trimmed at the end.
  const vDeal = new Int32Array(eventCount);
  const vGroup = new Int32Array(eventCount);
  const vNext = new Int32Array(eventCount);
  const vEntered = new Float64Array(eventCount);
  const vLeft = new Float64Array(eventCount);
  const vDays = new Float64Array(eventCount);
  const vEvent = new Int32Array(eventCount);
  let visits = 0;
  const dDeal = new Int32Array(dealCount);
  const dOutcome = new Int32Array(dealCount);
  const dResult = new Int8Array(dealCount);
  const dStarted = new Float64Array(dealCount);
  const dClosed = new Float64Array(dealCount);
  const dCycle = new Float64Array(dealCount);
  const dCurrent = new Int32Array(dealCount);
  let deals = 0;
  const unmappedEvents = new Map<number, number>();
  const unmappedDeals = new Map<number, number>();
  const unmappedLastDeal = new Map<number, number>();
  let eventsAfterAsOf = 0;
  let ignoredDeals = 0;
  const stage = table.stage;
  const at = table.at;

  /** Appends one visit row (`next` -1 and `left` NaN while it is still open at as-of). */
  const addVisit = (deal: number, group: number, next: number, entered: number, left: number, days: number, event: number): void => {
    vDeal[visits] = deal;
    vGroup[visits] = group;
    vNext[visits] = next;
    vEntered[visits] = entered;
    vLeft[visits] = left;
    vDays[visits] = days;
    vEvent[visits] = event;
    visits++;
  };
  for (let d = 0; d < dealCount; d++) {
    if (claimed !== undefined && claimed[d] === 0) continue;
    const from = table.eventStart[d]!;
    const to = table.eventStart[d + 1]!;
    let openGroup = -1;
    let openEntered = 0;
    let openEvent = -1;
    let startedAt = NaN;
    let mapped = 0;
    let outcome = -1;
    let outcomeStage = -1;
    let closedAt = NaN;
    for (let i = from; i < to; i++) {
      const t = at[i]!;
      if (!(t < asOf)) {
        eventsAfterAsOf++;
        continue;
      }
      if (Number.isNaN(startedAt)) startedAt = t;
      const s = stage[i]!;
      if (resolvedStages[s] === 0) resolveAt(s);
      const k = kind[s];
      if (k === UNMAPPED) {
        unmappedEvents.set(s, (unmappedEvents.get(s) ?? 0) + 1);
        if (unmappedLastDeal.get(s) !== d) {
          unmappedDeals.set(s, (unmappedDeals.get(s) ?? 0) + 1);
          unmappedLastDeal.set(s, d);
        }
        outcome = -1;
        continue;
      }
      mapped++;
      if (k === GROUP) {
        outcome = -1;
        const g = stageGroup[s]!;
        if (openGroup === g) continue;
        if (openGroup !== -1) {
          addVisit(d, openGroup, stageTarget[s]!, openEntered, t, businessTimeBetween(openEntered, t, calendar), openEvent);
        }
        openGroup = g;
        openEntered = t;
        openEvent = i;
      } else {
        if (openGroup !== -1) {
          addVisit(d, openGroup, stageTarget[s]!, openEntered, t, businessTimeBetween(openEntered, t, calendar), openEvent);
          openGroup = -1;
        }
        outcome = stageOutcome[s]!;
        outcomeStage = s;
        closedAt = t;
      }
    }
    if (mapped === 0 || Number.isNaN(startedAt)) {
      ignoredDeals++;
      continue;
    }
    if (openGroup !== -1) {
      addVisit(d, openGroup, -1, openEntered, NaN, businessTimeBetween(openEntered, asOf, calendar), openEvent);
    }
    const closed = outcome !== -1;
    dDeal[deals] = d;
    dOutcome[deals] = outcome;
    dResult[deals] = closed ? stageResult[outcomeStage]! : 0;
    dStarted[deals] = startedAt;
    dClosed[deals] = closed ? closedAt : NaN;
    dCycle[deals] = closed ? businessTimeBetween(startedAt, closedAt, calendar) : NaN;
    dCurrent[deals] = closed ? -1 : openGroup;
    deals++;
  }

  const unmapped: UnmappedStage[] = [...unmappedEvents]
    .map(([s, events]) => ({ stage: table.stageNames[s]!, events, deals: unmappedDeals.get(s)! }))
    .sort((x, y) => (x.stage < y.stage ? -1 : x.stage > y.stage ? 1 : 0));
  return {
    visits: {
      count: visits,
      deal: vDeal.subarray(0, visits),
      group: vGroup.subarray(0, visits),
      next: vNext.subarray(0, visits),
      enteredAt: vEntered.subarray(0, visits),
      leftAt: vLeft.subarray(0, visits),
      businessDays: vDays.subarray(0, visits),
      event: vEvent.subarray(0, visits),
      groupIds,
      targetIds,
      targetIsGroup,
    },
    deals: {
      count: deals,
      deal: dDeal.subarray(0, deals),
      outcome: dOutcome.subarray(0, deals),
      outcomeIds,
      result: dResult.subarray(0, deals),
      startedAt: dStarted.subarray(0, deals),
      closedAt: dClosed.subarray(0, deals),
      cycleDays: dCycle.subarray(0, deals),
      currentGroup: dCurrent.subarray(0, deals),
    },
    unmapped,
    eventsAfterAsOf,
    ignoredDeals,
  };
}

/** The index of `id` in `ids`, appended (and indexed) on first sight. */
export function internId(id: string, ids: string[], index: Map<string, number>): number {
  let i = index.get(id);
  if (i === undefined) {
    i = ids.length;
    ids.push(id);
    index.set(id, i);
  }
  return i;
}
