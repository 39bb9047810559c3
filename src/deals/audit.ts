/** The pipeline audit: which open deals drift into passivity today (no next step, overdue, stalled, gates skipped), and what to do about each. */
import { nextStep, type NextStepResult } from '../analysis/next-step.js';
import { observedView, type ObservedGroupView } from '../analysis/observed.js';
import { stageTimeQuantile } from '../analysis/stage-time.js';
import { stepBuyers } from '../analysis/graph.js';
import { observedMapping, type ObservedMapping } from '../model/crm.js';
import { durationSupport } from '../model/duration.js';
import type { Calendar, Process } from '../model/types.js';
import { addBusinessTime, businessTimeBetween, localDay } from './business-time.js';
import { quote } from './collect.js';
import { tableDeal, type DealRecord, type DealTable } from './columns.js';
import { dealRouter, routeDeals } from './routing.js';
import type { Deal, DealEvent } from './types.js';
import { dealVisitColumns, type VisitTable } from './visit-columns.js';
import { dealVisits, type Visit } from './visits.js';

/** What the audit flags, in the order a deal's findings are listed (the most fundamental first). */
export const AUDIT_FINDINGS = ['unknown-stage', 'off-process', 'gate-not-met', 'no-next-step', 'next-step-overdue', 'stalled', 'next-step-late'] as const;
/** One of the findings `spx audit` reports about an open deal. */
export type AuditFindingId = (typeof AUDIT_FINDINGS)[number];

/** One thing wrong with an open deal, and what to do about it. */
export interface AuditFinding {
  readonly id: AuditFindingId;
  /** One line: what is wrong, who to involve on both sides and by which date. */
  readonly message: string;
  /** The date to act by (YYYY-MM-DD in the process calendar's time zone), when the finding has one. */
  readonly due: string | undefined;
}

/** One open deal as the audit sees it. */
export interface AuditedDeal {
  readonly id: string;
  /** The name of the process the deal was routed to. */
  readonly process: string;
  /** The CRM stage the deal is in: an observed group's id, or the unmapped stage name. */
  readonly stage: string;
  /** The stage's step titles (or the stage name when it maps to nothing). */
  readonly stageTitle: string;
  /** Epoch ms the deal entered its stage. */
  readonly enteredAt: number;
  /** Business days in the stage up to `asOf` (process calendar). */
  readonly daysInStage: number;
  /** Epoch ms of the next scheduled activity, if any. */
  readonly nextActivityAt: number | undefined;
  readonly owner: string | undefined;
  readonly amount: number | undefined;
  readonly currency: string | undefined;
  /** The process's win probability for a deal entering this stage (observed view, §3); undefined in an unmapped stage. */
  readonly winProbability: number | undefined;
  /** The stall threshold of the stage (business days), when the stage has one. */
  readonly stallDays: number | undefined;
  /** In {@link AUDIT_FINDINGS} order; empty for a deal in good shape. */
  readonly findings: readonly AuditFinding[];
}

/** What {@link auditDeals} reads. */
export interface AuditInput {
  /** The processes deals are routed to (by `crm.pipeline`), in order of preference. */
  readonly processes: readonly Process[];
  /** Deals as readDeals gives them (events sorted by time). */
  readonly deals: readonly Deal[];
  /** Epoch ms: the audit's "today"; events at or after it are ignored. */
  readonly asOf: number;
  /** Quantile of the process's time in stage beyond which a deal is stalled (default 0.9). */
  readonly stallQuantile?: number;
  /** Seed of the stage-time simulation where no closed form exists (default 1). */
  readonly seed?: number;
}

/** Per process: its stall thresholds and counts. */
export interface AuditedProcess {
  readonly name: string;
  readonly version: string;
  readonly open: number;
  readonly flagged: number;
  /** Stall threshold per stage that has open deals, in business days (Infinity: the stage may never be left). */
  readonly stallDays: readonly { readonly stage: string; readonly days: number }[];
}

/** The audit of every open deal. */
export interface AuditReport {
  readonly asOf: number;
  readonly stallQuantile: number;
  readonly processes: readonly AuditedProcess[];
  readonly counts: {
    readonly open: number;
    readonly flagged: number;
    readonly byFinding: Readonly<Record<AuditFindingId, number>>;
  };
  /** Open deals, by process (in the order given), then in input order. */
  readonly deals: readonly AuditedDeal[];
  /** Deals in a pipeline no process claims. */
  readonly unrouted: readonly { readonly id: string; readonly pipeline: string | undefined }[];
}

/**
 * Audits the open deals at `asOf` against their processes (the deal-data contract, §5). Deals are routed by
 * `crm.pipeline` ({@link routeDeals}); a deal is open when its last event before `asOf` does not map to an outcome.
 * For each open deal:
 *
 * - `unknown-stage`: its last event is in a stage the process does not map;
 * - `off-process`: its history moves from a stage to one the process never leads to (s(G→H) = 0);
 * - `gate-not-met`: it entered a stage whose steps are all gated ask steps before the gate was met — steps count
 *   as completed when a stage recording them was visited earlier (silent steps are given the benefit of the
 *   doubt), roles only when the data records any (event or deal roles, mapped through `crm.roles`);
 * - `no-next-step`: no next activity is scheduled (and the CRM reports no open activity);
 * - `next-step-overdue`: the next activity is before `asOf` (or the CRM reports an overdue task);
 * - `next-step-late`: it is more business days after `asOf` than the largest `within` (its maximum) of the
 *   transitions out of the stage's steps; stages whose transitions declare no `within` are not checked;
 * - `stalled`: its business time in the stage exceeds the `stallQuantile` of the process's time in that stage
 *   ({@link stageTimeQuantile}, computed once per stage).
 *
 * Messages say what to do: the next step of the minimal remaining path ({@link nextStep}) from the step the deal
 * most likely is at (the stage's step with the most expected entries), with the steps of the stages it visited as
 * completed and the roles its data records as involved; who takes part on both sides, and the date to hold it by
 * (`asOf` plus the transition's expected `within`, in the process calendar). Pure and deterministic.
 */
export function auditDeals(input: AuditInput): AuditReport {
  const { asOf } = input;
  const stallQuantile = input.stallQuantile ?? 0.9;
  const seed = input.seed ?? 1;
  if (!(stallQuantile > 0 && stallQuantile < 1)) throw new RangeError(`the stall quantile must lie strictly between 0 and 1, got ${stallQuantile}`);
  if (!Number.isFinite(asOf)) throw new RangeError(`asOf must be an instant, got ${asOf}`);
  const routing = routeDeals(input.processes, input.deals);
  const deals: AuditedDeal[] = [];
  const processes: AuditedProcess[] = [];
  for (const { process, deals: routed } of routing.routed) {
    const auditor = new ProcessAuditor(process, asOf, stallQuantile, seed);
    const audited = auditor.audit(routed);
    for (const deal of audited) deals.push(deal); // not push(...audited): 200,000 arguments overflow the stack
    processes.push({
      name: process.name,
      version: process.version,
      open: audited.length,
      flagged: audited.filter((d) => d.findings.length > 0).length,
      stallDays: auditor.thresholds(),
    });
  }
  const byFinding = Object.fromEntries(AUDIT_FINDINGS.map((id) => [id, 0])) as Record<AuditFindingId, number>;
  for (const deal of deals) for (const finding of deal.findings) byFinding[finding.id]++;
  return {
    asOf,
    stallQuantile,
    processes,
    counts: { open: deals.length, flagged: deals.filter((d) => d.findings.length > 0).length, byFinding },
    deals,
    unrouted: routing.unrouted.map((deal) => ({ id: deal.id, pipeline: deal.pipeline })),
  };
}

/** What {@link auditDealTable} reads: {@link AuditInput} with the deals in columns. */
export interface AuditTableInput extends Omit<AuditInput, 'deals'> {
  /** Deals as readDealTable gives them. */
  readonly table: DealTable;
  /** Report only the flagged deals in `deals` (the counts still cover every open deal): what a report of findings needs. */
  readonly flaggedOnly?: boolean;
  /**
   * Hands each reported deal to `onDeal` as it is made, in the order of `deals`, instead of keeping it: the report's
   * `deals` is then empty. A report of hundreds of thousands of deals written as they come keeps no object per deal.
   */
  readonly onDeal?: (deal: AuditedDeal) => void;
}

/**
 * {@link auditDeals} on deal data in columns ({@link DealTable}), with the same findings, messages and numbers: each
 * open deal's stage, time in stage and next-activity checks are worked out from the columns, and an
 * {@link AuditedDeal} is made only for the deals reported — every open deal, or with `flaggedOnly` the flagged ones.
 */
export function auditDealTable(input: AuditTableInput): AuditReport {
  const { asOf, table } = input;
  const stallQuantile = input.stallQuantile ?? 0.9;
  const seed = input.seed ?? 1;
  if (!(stallQuantile > 0 && stallQuantile < 1)) throw new RangeError(`the stall quantile must lie strictly between 0 and 1, got ${stallQuantile}`);
  if (!Number.isFinite(asOf)) throw new RangeError(`asOf must be an instant, got ${asOf}`);
  const route = dealRouter(input.processes);
  const claims = input.processes.map(() => new Uint8Array(table.deals.length));
  const unrouted: { id: string; pipeline: string | undefined }[] = [];
  table.deals.forEach((deal, d) => {
    const index = route(deal.pipeline);
    if (index === undefined) unrouted.push({ id: deal.id, pipeline: deal.pipeline });
    else claims[index]![d] = 1;
  });
  const deals: AuditedDeal[] = [];
  const processes: AuditedProcess[] = [];
  const byFinding = Object.fromEntries(AUDIT_FINDINGS.map((id) => [id, 0])) as Record<AuditFindingId, number>;
  const { onDeal } = input;
  const reported = (deal: AuditedDeal): void => {
    for (const finding of deal.findings) byFinding[finding.id]++;
    if (onDeal === undefined) deals.push(deal);
    else onDeal(deal);
  };
  let open = 0;
  let flagged = 0;
  input.processes.forEach((process, index) => {
    const auditor = new ProcessAuditor(process, asOf, stallQuantile, seed);
    const audited = auditor.auditTable(table, claims[index]!, input.flaggedOnly === true, reported);
    processes.push({ name: process.name, version: process.version, open: audited.open, flagged: audited.flagged, stallDays: auditor.thresholds() });
    open += audited.open;
    flagged += audited.flagged;
  });
  return { asOf, stallQuantile, processes, counts: { open, flagged, byFinding }, deals, unrouted };
}

/** Business days as people read them: one decimal, no trailing `.0`. */
export function formatDays(days: number): string {
  if (!Number.isFinite(days)) return '∞';
  // The double nearest k/10 prints as k/10 (shortest round trip): no toFixed needed.
  return String(Math.round(days * 10) / 10);
}

/** `days` as {@link formatDays}, with two decimals when one would not tell it apart from `other`. */
function days(value: number, other: number): string {
  return formatDays(value) === formatDays(other) && Number.isFinite(value) ? value.toFixed(2) : formatDays(value);
}

/** The YYYY-MM-DD that instant `t` falls on in the calendar's time zone. */
export function calendarDate(t: number, calendar: Calendar): string {
  return new Date(localDay(t, calendar).day * 86_400_000).toISOString().slice(0, 10);
}

const NO_ROLES: ReadonlySet<string> = new Set();

/**
 * Stall thresholds by process, then stage, quantile and seed: a seeded simulation per stage that audits of the same
 * (immutable) process object, as a watch or a test makes them, need not repeat.
 */
const knownThresholds = new WeakMap<Process, Map<string, number>>();

/** What to do next for one history: the advice text (without the date) and the date to hold it by. */
interface Advice {
  readonly text: string;
  readonly due: string;
}

/** The message of a gate-not-met finding around its date. */
interface GateGap {
  readonly before: string;
  readonly after: string;
}

/** Audits the deals of one process, caching what is per stage or per history shape. */
class ProcessAuditor {
  private readonly mapping: ObservedMapping;
  private readonly groups: ReadonlyMap<string, ObservedGroupView>;
  private readonly stallCache = new Map<string, number>();
  private readonly lateCache = new Map<string, number | undefined>();
  private readonly adviceCache = new Map<string, Advice>();
  private readonly noRolesCache = new Map<string, Advice>();
  private readonly gatedCache = new Map<string, boolean>();
  private readonly titleCache = new Map<string, string>();
  private readonly entryStep = new Map<string, string>();
  private readonly visitedAdvice = new Map<number, Advice>();
  /** Per (gated stage, stages visited before it) as a number: what its gate misses (null: nothing). */
  private readonly visitedGateGaps = new Map<number, GateGap | null>();
  // Findings shared by the deals they fit (see nextActivityFindings).
  private readonly noNextStepFindings = new Map<Advice | undefined, AuditFinding>();
  private readonly overdueFindings = new Map<Advice | undefined, Map<number, AuditFinding>>();
  private readonly lateFindings = new Map<string, Map<number, AuditFinding | null>>();
  private readonly stalledFindings = new Map<string, Map<Advice, Map<string, AuditFinding>>>();
  private readonly hasRoles: (deal: Deal) => boolean;
  private readonly today: string;

  constructor(
    private readonly process: Process,
    private readonly asOf: number,
    private readonly quantile: number,
    private readonly seed: number,
  ) {
    this.mapping = observedMapping(process);
    this.groups = observedView(process, this.mapping.groupOfStep).groups;
    this.hasRoles = (deal) => deal.involved !== undefined || deal.events.some((e) => e.involved !== undefined);
    this.today = calendarDate(asOf, process.calendar);
  }

  thresholds(): { stage: string; days: number }[] {
    return [...this.stallCache].map(([stage, days]) => ({ stage, days }));
  }

  audit(deals: readonly Deal[]): AuditedDeal[] {
    const { process, asOf } = this;
    const result = dealVisits({ deals, resolveStage: this.mapping.resolveStage, calendar: process.calendar, asOf, outcomes: process.outcomes });
    // dealVisits lists visits in deal order (deals without a mapped event have none): walk them alongside.
    const visits = result.visits;
    let cursor = 0;
    const audited: AuditedDeal[] = [];
    for (const deal of deals) {
      const first = cursor;
      while (cursor < visits.length && visits[cursor]!.dealId === deal.id) cursor++;
      const last = lastEventBefore(deal.events, asOf);
      if (last === undefined) continue; // the deal did not exist yet at asOf
      const target = this.mapping.resolveStage(deal.events[last]!.stage);
      if (target?.kind === 'outcome') continue;
      if (target === undefined) audited.push(this.unknownStage(deal, last));
      else audited.push(this.inGroup(deal, visits.slice(first, cursor)));
    }
    return audited;
  }

  /**
   * {@link audit} on the table's claimed deals, each deal reported handed to `reported` in table order. The common
   * case — a deal in an observed group, with no role data — is worked out on the columns, and an object is made only
   * for a deal reported; a deal in an unmapped stage or with role data goes through the object path (made a
   * {@link Deal} with its {@link Visit}s).
   */
  auditTable(table: DealTable, claimed: Uint8Array, flaggedOnly: boolean, reported: (deal: AuditedDeal) => void): { open: number; flagged: number } {
    const { process, asOf } = this;
    const columns = dealVisitColumns({ table, claimed, resolveStage: this.mapping.resolveStage, calendar: process.calendar, asOf, outcomes: process.outcomes });
    const visits = columns.visits;
    const stageKind = new Int8Array(table.stageNames.length); // 0 not resolved yet, 1 group, 2 outcome, 3 unmapped
    const groupState = visits.groupIds.map((id) => ({ id, gated: this.isGated(id), at: this.atStep(id), view: this.groups.get(id)! }));
    // Per (group, target): whether the process has the move (s(G→H) > 0).
    const onProcess = visits.groupIds.map((id) => visits.targetIds.map((target) => (this.groups.get(id)?.shares.get(target) ?? 0) > 0));
    const visitedMask = visits.groupIds.length <= 30;
    let open = 0;
    let flagged = 0;
    let cursor = 0;
    const visited: number[] = [];
    for (let d = 0; d < table.deals.length; d++) {
      if (claimed[d] === 0) continue;
      const first = cursor;
      while (cursor < visits.count && visits.deal[cursor] === d) cursor++;
      // The last event before asOf: events are sorted by time, ties in reading order.
      let last = -1;
      for (let i = table.eventStart[d + 1]! - 1; i >= table.eventStart[d]!; i--) {
        if (table.at[i]! < asOf) {
          last = i;
          break;
        }
      }
      if (last < 0) continue; // the deal did not exist yet at asOf
      const s = table.stage[last]!;
      if (stageKind[s] === 0) {
        const target = this.mapping.resolveStage(table.stageNames[s]!);
        stageKind[s] = target === undefined ? 3 : target.kind === 'group' ? 1 : 2;
      }
      if (stageKind[s] === 2) continue;
      open++;
      const record = table.deals[d]!;
      let deal: AuditedDeal | undefined;
      if (stageKind[s] === 3 || this.hasTableRoles(table, record, d)) {
        const object = tableDeal(table, d);
        if (stageKind[s] === 3) deal = this.unknownStage(object, lastEventBefore(object.events, asOf)!);
        else deal = this.inGroup(object, visitObjects(table, visits, first, cursor, object.id));
        if (flaggedOnly && deal.findings.length === 0) deal = undefined;
      } else {
        deal = this.inGroupColumns(record, visits, first, cursor, groupState, onProcess, visitedMask, visited, flaggedOnly);
      }
      if (deal === undefined) continue;
      if (deal.findings.length > 0) flagged++;
      reported(deal);
    }
    return { open, flagged };
  }

  /** Whether the data records roles for deal `d` (on the deal or on any of its events). */
  private hasTableRoles(table: DealTable, record: DealRecord, d: number): boolean {
    if (record.involved !== undefined) return true;
    for (let i = table.eventStart[d]!; i < table.eventStart[d + 1]!; i++) if (table.involvedOf(i) !== undefined) return true;
    return false;
  }

  /**
   * {@link inGroup} without role data, on visits `first`..`end - 1` of the visit columns: the same findings in the
   * same words, the advice cached per (stage, stages visited); undefined for a deal in good shape when only flagged
   * deals are reported.
   */
  private inGroupColumns(
    record: DealRecord,
    visits: VisitTable,
    first: number,
    end: number,
    groupState: readonly { id: string; gated: boolean; at: string; view: ObservedGroupView }[],
    onProcess: readonly (readonly boolean[])[],
    visitedMask: boolean,
    visited: number[],
    flaggedOnly: boolean,
  ): AuditedDeal | undefined {
    const { process } = this;
    const openVisit = end - 1;
    const open = groupState[visits.group[openVisit]!]!;
    const findings: AuditFinding[] = [];
    let off = -1;
    let offCount = 0;
    for (let v = first; v < end; v++) {
      const next = visits.next[v]!;
      if (next === -1 || onProcess[visits.group[v]!]![next]) continue;
      if (off < 0) off = v;
      offCount++;
    }
    if (off >= 0) {
      const more = offCount > 1 ? ` (and ${offCount - 1} more such ${offCount === 2 ? 'move' : 'moves'})` : '';
      findings.push({
        id: 'off-process',
        message: `moved from ${this.title(groupState[visits.group[off]!]!.id)} to ${this.title(visits.targetIds[visits.next[off]!]!)} on ${calendarDate(visits.leftAt[off]!, process.calendar)}, a move ${process.name} does not have${more}: record the stage it skipped, or change the process`,
        due: undefined,
      });
    }

    // The stages visited before the open visit, in order of first visit, and (as a bit set) the advice's cache key.
    visited.length = 0;
    let mask = 0;
    let gate: AuditFinding | undefined;
    for (let v = first; v < end; v++) {
      const g = visits.group[v]!;
      const state = groupState[g]!;
      if (state.gated && gate === undefined) {
        const gap = this.gateGapForVisited(g, visited, visitedMask ? mask : undefined, groupState);
        if (gap !== undefined) gate = this.gateFindingAt(gap, visits.enteredAt[v]!);
      }
      if (v !== openVisit && !visited.includes(g)) {
        visited.push(g);
        mask |= 1 << g;
      }
    }
    const advice = this.adviceForVisited(open.at, visited, groupState, visitedMask ? visits.group[openVisit]! * 2 ** 30 + mask : undefined);
    if (gate) findings.push(gate);
    const activity = this.nextActivityFindings(record, open.id, advice);
    if (activity.length > 0) findings.push(activity[0]!);

    const stallDays = this.stallThreshold(open.id);
    const businessDays = visits.businessDays[openVisit]!;
    if (businessDays > stallDays) findings.push(this.stalledFinding(open.id, businessDays, stallDays, advice));
    if (flaggedOnly && findings.length === 0) return undefined;
    const win = open.view.winProbability;
    return this.deal(record, open.id, this.title(open.id), visits.enteredAt[openVisit]!, businessDays, Number.isFinite(win) ? win : undefined, stallDays, findings);
  }

  /** {@link adviceWithoutRoles} for the visited stages (indices into `groupState`), cached by a numeric key when there is one. */
  private adviceForVisited(at: string, visited: readonly number[], groupState: readonly { id: string }[], key: number | undefined): Advice {
    let advice = key === undefined ? undefined : this.visitedAdvice.get(key);
    if (advice === undefined) {
      advice = this.adviceWithoutRoles(
        at,
        visited.map((g) => groupState[g]!.id),
      );
      if (key !== undefined) this.visitedAdvice.set(key, advice);
    }
    return advice;
  }

  /** One literal with every field in one order: spreading a partial object measured 10× slower (dictionary-mode objects). */
  private deal(deal: DealRecord, stage: string, stageTitle: string, enteredAt: number, daysInStage: number, winProbability: number | undefined, stallDays: number | undefined, findings: AuditFinding[]): AuditedDeal {
    return {
      id: deal.id,
      process: this.process.name,
      stage,
      stageTitle,
      enteredAt,
      daysInStage,
      nextActivityAt: deal.nextActivityAt,
      owner: deal.owner,
      amount: deal.amount,
      currency: deal.currency,
      winProbability,
      stallDays,
      findings: sortFindings(findings),
    };
  }

  /** A deal whose last event is in a stage the process does not map. */
  private unknownStage(deal: Deal, last: number): AuditedDeal {
    const stage = deal.events[last]!.stage;
    let first = last;
    while (first > 0 && deal.events[first - 1]!.stage === stage) first--;
    const enteredAt = deal.events[first]!.at;
    const findings: AuditFinding[] = [
      {
        id: 'unknown-stage',
        message: `sits in stage ${quote(stage)}, which ${this.process.name} does not map: add it to crm.stages, or move the deal to a stage the process knows`,
        due: undefined,
      },
    ];
    findings.push(...this.nextActivityFindings(deal, undefined, undefined));
    return this.deal(deal, stage, stage, enteredAt, businessTimeBetween(enteredAt, this.asOf, this.process.calendar), undefined, undefined, findings);
  }

  /** A deal in an observed group: its open visit is the last of its visits. */
  private inGroup(deal: Deal, visits: readonly Visit[]): AuditedDeal {
    const { process } = this;
    const open = visits[visits.length - 1]!;
    const group = this.groups.get(open.group)!;
    const findings: AuditFinding[] = [];
    let off: Visit | undefined;
    let offCount = 0;
    for (const v of visits) {
      if (v.next === undefined || (this.groups.get(v.group)?.shares.get(v.next.id) ?? 0) > 0) continue;
      off ??= v;
      offCount++;
    }
    if (off !== undefined) {
      const more = offCount > 1 ? ` (and ${offCount - 1} more such ${offCount === 2 ? 'move' : 'moves'})` : '';
      findings.push({
        id: 'off-process',
        message: `moved from ${this.title(off.group)} to ${this.title(off.next!.id)} on ${calendarDate(off.leftAt!, process.calendar)}, a move ${process.name} does not have${more}: record the stage it skipped, or change the process`,
        due: undefined,
      });
    }

    const at = this.atStep(open.group);
    const hasRoles = this.hasRoles(deal);
    let gate: AuditFinding | undefined;
    let advice: Advice;
    if (!hasRoles) {
      // Most CRM data records no roles: the history is then just the stages visited, and the advice is cached by them.
      const visited: string[] = [];
      for (const visit of visits) {
        if (this.isGated(visit.group)) gate ??= this.gateFinding(visit, this.stepsOf(visited), NO_ROLES, false);
        if (visit !== open && !visited.includes(visit.group)) visited.push(visit.group);
      }
      advice = this.adviceWithoutRoles(at, visited);
    } else {
      const completed = new Set<string>();
      const involved = new Set<string>();
      for (const role of deal.involved ?? []) involved.add(this.role(role));
      let eventIndex = 0;
      for (const visit of visits) {
        // Roles recorded on events before this visit began count as involved when it starts.
        while (eventIndex < deal.events.length && deal.events[eventIndex]!.at < visit.enteredAt) {
          for (const role of deal.events[eventIndex]!.involved ?? []) involved.add(this.role(role));
          eventIndex++;
        }
        gate ??= this.gateFinding(visit, completed, involved, true);
        if (visit !== open) for (const step of this.groups.get(visit.group)?.steps ?? []) completed.add(step);
      }
      for (const event of deal.events) if (event.at < this.asOf) for (const role of event.involved ?? []) involved.add(this.role(role));
      advice = this.advice(at, completed, involved);
    }
    if (gate) findings.push(gate);
    findings.push(...this.nextActivityFindings(deal, open.group, advice));

    const stallDays = this.stallThreshold(open.group);
    if (open.businessDays > stallDays) findings.push(this.stalledFinding(open.group, open.businessDays, stallDays, advice));
    return this.deal(deal, open.group, this.title(open.group), open.enteredAt, open.businessDays, Number.isFinite(group.winProbability) ? group.winProbability : undefined, stallDays, findings);
  }

  /**
   * no-next-step, next-step-overdue, next-step-late. A finding depends only on the advice, the stage and the next
   * activity's instant: each is made once and shared by the deals it fits (a pipeline has thousands per stage).
   */
  private nextActivityFindings(deal: DealRecord, group: string | undefined, advice: Advice | undefined): AuditFinding[] {
    const { asOf } = this;
    const next = deal.nextActivityAt;
    if (next === undefined && deal.hasOpenActivity !== true) {
      let finding = this.noNextStepFindings.get(advice);
      if (finding === undefined) {
        finding = { id: 'no-next-step', message: `no next activity scheduled: ${todo(advice)}`, due: advice?.due ?? this.today };
        this.noNextStepFindings.set(advice, finding);
      }
      return [finding];
    }
    if ((next !== undefined && next < asOf) || (next === undefined && deal.hasOverdueTask === true)) {
      let byNext = this.overdueFindings.get(advice);
      if (byNext === undefined) this.overdueFindings.set(advice, (byNext = new Map()));
      const key = next ?? NaN; // NaN: an overdue task without a date
      let finding = byNext.get(key);
      if (finding === undefined) {
        const calendar = this.process.calendar;
        const when = next === undefined ? 'an activity is overdue' : `the next activity was due ${calendarDate(next, calendar)} (${formatDays(businessTimeBetween(next, asOf, calendar))} business days ago)`;
        finding = { id: 'next-step-overdue', message: `${when}: hold it or rebook it; ${todo(advice)}`, due: this.today };
        rememberBounded(byNext, key, finding);
      }
      return [finding];
    }
    if (next !== undefined && group !== undefined) {
      let byNext = this.lateFindings.get(group);
      if (byNext === undefined) this.lateFindings.set(group, (byNext = new Map()));
      let finding = byNext.get(next);
      if (finding === undefined) {
        finding = this.lateFinding(group, next) ?? null;
        rememberBounded(byNext, next, finding);
      }
      return finding === null ? [] : [finding];
    }
    return [];
  }

  /** next-step-late for a deal in `group` whose next activity is at `next` (after asOf), or undefined. */
  private lateFinding(group: string, next: number): AuditFinding | undefined {
    const calendar = this.process.calendar;
    const limit = this.lateLimit(group);
    const ahead = businessTimeBetween(this.asOf, next, calendar);
    if (limit === undefined || !(ahead > limit)) return undefined;
    const by = this.dueDate(limit);
    return {
      id: 'next-step-late',
      message: `the next activity on ${calendarDate(next, calendar)} is ${formatDays(ahead)} business days out; after ${this.title(group)} the process allows at most ${formatDays(limit)}: pull it forward to ${by} or earlier`,
      due: by,
    };
  }

  /**
   * The stalled finding of a deal `businessDays` in `group` (over its threshold `stallDays`), made once per stage,
   * advice and days as printed (the threshold is the stage's, so the printed days tell the message).
   */
  private stalledFinding(group: string, businessDays: number, stallDays: number, advice: Advice): AuditFinding {
    let byAdvice = this.stalledFindings.get(group);
    if (byAdvice === undefined) this.stalledFindings.set(group, (byAdvice = new Map()));
    let byDays = byAdvice.get(advice);
    if (byDays === undefined) byAdvice.set(advice, (byDays = new Map()));
    const inStage = days(businessDays, stallDays);
    let finding = byDays.get(inStage);
    if (finding === undefined) {
      const percent = `${formatDays(this.quantile * 100)}%`;
      finding = {
        id: 'stalled',
        message: `stalled: ${inStage} business days in ${this.title(group)}; the process expects ${percent} of deals to leave it within ${days(stallDays, businessDays)}: ${advice.text} by ${advice.due}, or close it as lost`,
        due: this.today,
      };
      byDays.set(inStage, finding);
    }
    return finding;
  }

  /** The gate finding of a visit into a stage whose steps are all gated asks, when the history does not meet any of them. */
  private gateFinding(visit: Pick<Visit, 'group' | 'enteredAt'>, completed: ReadonlySet<string>, involved: ReadonlySet<string>, hasRoles: boolean): AuditFinding | undefined {
    const gap = this.gateGap(visit.group, completed, involved, hasRoles);
    return gap === undefined ? undefined : this.gateFindingAt(gap, visit.enteredAt);
  }

  /** What a history is missing at a gated stage, as the message's text before and after the date; undefined when a gate is met. */
  private gateGap(group: string, completed: ReadonlySet<string>, involved: ReadonlySet<string>, hasRoles: boolean): GateGap | undefined {
    const { process } = this;
    const steps = this.groups.get(group)?.steps ?? [];
    let missing: { step: string; roles: string[]; steps: string[] } | undefined;
    for (const id of steps) {
      const step = process.steps.get(id)!;
      if (!step.ask || step.requires === undefined) return undefined;
      const roles = hasRoles ? step.requires.involved.filter((r) => !involved.has(r)) : [];
      const stepsMissing = step.requires.completed.filter((s) => !completed.has(s) && this.mapping.groupOfStep.has(s));
      if (roles.length === 0 && stepsMissing.length === 0) return undefined;
      missing ??= { step: id, roles, steps: stepsMissing };
    }
    if (missing === undefined) return undefined;
    const parts: string[] = [];
    if (missing.roles.length > 0) parts.push(`involve ${missing.roles.map((r) => this.buyerTitle(r)).join(', ')}`);
    if (missing.steps.length > 0) parts.push(`complete ${missing.steps.map((s) => process.steps.get(s)!.title).join(', ')}`);
    return { before: `reached ${process.steps.get(missing.step)!.title} (an ask) on `, after: ` before its gate was met: ${parts.join(' and ')} before asking for the decision` };
  }

  private gateFindingAt(gap: GateGap, enteredAt: number): AuditFinding {
    return { id: 'gate-not-met', message: `${gap.before}${calendarDate(enteredAt, this.process.calendar)}${gap.after}`, due: this.today };
  }

  /** {@link gateGap} without role data for a gated stage (index `g` into `groupState`) entered after the stages in `visited`, cached by their bit set when there is one. */
  private gateGapForVisited(g: number, visited: readonly number[], mask: number | undefined, groupState: readonly { id: string }[]): GateGap | undefined {
    const key = mask === undefined ? undefined : g * 2 ** 30 + mask;
    let gap = key === undefined ? undefined : this.visitedGateGaps.get(key);
    if (gap === undefined) {
      gap = this.gateGap(groupState[g]!.id, this.stepsOf(visited.map((x) => groupState[x]!.id)), NO_ROLES, false) ?? null;
      if (key !== undefined) this.visitedGateGaps.set(key, gap);
    }
    return gap ?? undefined;
  }

  /**
   * The date by which `days` business days from asOf have passed: the day the deadline falls in, or the day before
   * when it falls at midnight (a deadline at the end of Friday is Friday, not Saturday).
   */
  private dueDate(days: number): string {
    const end = addBusinessTime(this.asOf, days, this.process.calendar);
    return calendarDate(Math.max(this.asOf, end - 1), this.process.calendar);
  }

  /** Whether every step of a stage is an ask step with a gate (only such stages can be entered with a gate not met). */
  private isGated(group: string): boolean {
    let gated = this.gatedCache.get(group);
    if (gated === undefined) {
      const steps = this.groups.get(group)?.steps ?? [];
      gated = steps.length > 0 && steps.every((id) => this.process.steps.get(id)!.ask && this.process.steps.get(id)!.requires !== undefined);
      this.gatedCache.set(group, gated);
    }
    return gated;
  }

  private stepsOf(groups: readonly string[]): Set<string> {
    return new Set(groups.flatMap((g) => this.groups.get(g)?.steps ?? []));
  }

  /** The advice for a history without role data: the roles of the steps it went through count as involved (the process says they took part). */
  private adviceWithoutRoles(at: string, visited: readonly string[]): Advice {
    const key = `${at}\u0000${visited.length < 2 ? visited.join('') : [...visited].sort().join('\u0000')}`;
    let advice = this.noRolesCache.get(key);
    if (advice === undefined) {
      const completed = this.stepsOf(visited);
      const involved = new Set<string>();
      for (const id of completed) for (const role of stepBuyers(this.process.steps.get(id)!)) involved.add(role);
      advice = this.advice(at, completed, involved);
      this.noRolesCache.set(key, advice);
    }
    return advice;
  }

  /** The stall threshold of a stage, computed once. */
  private stallThreshold(group: string): number {
    let days = this.stallCache.get(group);
    if (days === undefined) {
      let known = knownThresholds.get(this.process);
      if (known === undefined) knownThresholds.set(this.process, (known = new Map()));
      const key = `${group}\u0000${this.quantile}\u0000${this.seed}`;
      days = known.get(key);
      if (days === undefined) known.set(key, (days = stageTimeQuantile(this.process, this.mapping.groupOfStep, group, this.quantile, this.seed)));
      if (Number.isNaN(days)) days = Infinity; // a stage the process never enters has no expectation to exceed
      this.stallCache.set(group, days);
    }
    return days;
  }

  /** The largest `within` (its maximum) of the transitions out of a stage's steps; undefined when none declares one. */
  private lateLimit(group: string): number | undefined {
    if (this.lateCache.has(group)) return this.lateCache.get(group);
    let limit: number | undefined;
    for (const id of this.groups.get(group)?.steps ?? []) {
      for (const t of this.process.steps.get(id)!.next) {
        if (!(t.p > 0) || t.within === undefined) continue;
        limit = Math.max(limit ?? 0, durationSupport(t.within)[1]);
      }
    }
    this.lateCache.set(group, limit);
    return limit;
  }

  /** The step a deal in a stage most likely is at: the one with the most expected entries (file order breaks ties). */
  private atStep(group: string): string {
    let at = this.entryStep.get(group);
    if (at === undefined) {
      const view = this.groups.get(group)!;
      let best = -1;
      for (const id of view.steps) {
        const n = view.entries.get(id) ?? 0;
        if (n > best) {
          best = n;
          at = id;
        }
      }
      this.entryStep.set(group, at!);
    }
    return at!;
  }

  /** `spx next` for this history: the next step, who takes part on both sides, and the date to hold it by. */
  private advice(at: string, completed: ReadonlySet<string>, involved: ReadonlySet<string>): Advice {
    const key = `${at}\u0000${[...completed].sort().join(',')}\u0000${[...involved].sort().join(',')}`;
    const cached = this.adviceCache.get(key);
    if (cached) return cached;
    const { process } = this;
    const result: NextStepResult = nextStep(process, { at, completed: [...completed], involved: [...involved] }, { by: 'steps' });
    let advice: Advice;
    if (result.kind === 'path') {
      const due = this.dueDate(result.within);
      if (result.next === undefined) {
        const step = process.steps.get(at)!;
        advice = { text: `ask for the decision in ${step.title} (${this.people(step.owner ? [step.owner] : [], stepBuyers(step))})`, due };
      } else {
        advice = { text: `book ${result.next.title} (${this.people(result.next.sellers, result.next.buyers)})`, due };
      }
    } else if (result.kind === 'blocked') {
      const missing = [...result.blocked.missingInvolved.map((r) => this.buyerTitle(r)), ...result.blocked.missingCompleted.map((s) => process.steps.get(s)?.title ?? s)];
      advice = { text: `involve ${missing.join(', ')} before ${process.steps.get(result.blocked.askStep)?.title ?? result.blocked.askStep}`, due: this.today };
    } else {
      advice = { text: `won cannot be reached from ${process.steps.get(at)!.title}; close it as lost`, due: this.today };
    }
    this.adviceCache.set(key, advice);
    return advice;
  }

  private people(sellers: readonly string[], buyers: readonly string[]): string {
    const ours = sellers.map((r) => this.process.sellerRoles.get(r)?.title ?? r).join(', ') || '—';
    const theirs = buyers.map((r) => this.buyerTitle(r)).join(', ') || '—';
    return `our side: ${ours}; their side: ${theirs}`;
  }

  private buyerTitle(role: string): string {
    return this.process.buyerRoles.get(role)?.title ?? role;
  }

  /** A CRM contact role as a buyer role (through `crm.roles`, else as it is). */
  private role(role: string): string {
    return this.process.crm?.roles.get(role) ?? role;
  }

  /** A stage as people read it: its steps' titles. */
  private title(group: string): string {
    let title = this.titleCache.get(group);
    if (title === undefined) this.titleCache.set(group, (title = this.computeTitle(group)));
    return title;
  }

  private computeTitle(group: string): string {
    const steps = this.groups.get(group)?.steps;
    if (steps === undefined) return this.process.outcomes.has(group) ? group : `"${group}"`;
    return steps.map((s) => this.process.steps.get(s)!.title).join(' / ');
  }
}

/** Visits `first`..`end - 1` of the visit columns as {@link Visit} objects (for the object path). */
function visitObjects(table: DealTable, visits: VisitTable, first: number, end: number, dealId: string): Visit[] {
  const result: Visit[] = [];
  for (let v = first; v < end; v++) {
    const group = visits.groupIds[visits.group[v]!]!;
    const source = table.sourceOf(visits.event[v]!);
    const next = visits.next[v]!;
    if (next === -1) result.push({ dealId, group, enteredAt: visits.enteredAt[v]!, businessDays: visits.businessDays[v]!, source });
    else {
      const kind = visits.targetIsGroup[next] ? 'group' : 'outcome';
      result.push({ dealId, group, enteredAt: visits.enteredAt[v]!, leftAt: visits.leftAt[v]!, next: { kind, id: visits.targetIds[next]! }, businessDays: visits.businessDays[v]!, source });
    }
  }
  return result;
}

/** Index of the last event before `asOf` (the latest; among equal times the last in order), or undefined. */
function lastEventBefore(events: readonly DealEvent[], asOf: number): number | undefined {
  let last: number | undefined;
  for (let i = 0; i < events.length; i++) {
    const at = events[i]!.at;
    if (at < asOf && (last === undefined || at >= events[last]!.at)) last = i;
  }
  return last;
}

/** Memos grown past this many entries are emptied: memory stays bounded when nearly every key differs. */
const MEMO_LIMIT = 50_000;

/**
 * Sets `key` in a memo, emptying the memo first when it holds 50,000 entries: memory stays bounded when nearly
 * every key differs (findings per instant, text per message or value in a report of many deals).
 */
export function rememberBounded<K, V>(memo: Map<K, V>, key: K, value: V): void {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
}

/** What to do for a deal with `advice` (none in a stage the process does not map). */
function todo(advice: Advice | undefined): string {
  return advice ? `${advice.text} by ${advice.due}` : 'schedule the next step with the buyer';
}

/** In {@link AUDIT_FINDINGS} order; nearly always so already (only next-step-late is found before stalled but listed after). */
function sortFindings(findings: AuditFinding[]): AuditFinding[] {
  let ordered = true;
  for (let i = 1; i < findings.length && ordered; i++) ordered = AUDIT_FINDINGS.indexOf(findings[i - 1]!.id) <= AUDIT_FINDINGS.indexOf(findings[i]!.id);
  if (ordered) return findings;
  return findings.sort((a, b) => AUDIT_FINDINGS.indexOf(a.id) - AUDIT_FINDINGS.indexOf(b.id));
}
