/** Builds the normalized Process model from schema-valid data (defaults filled, durations parsed). */
import { parseDurationValue } from './duration.js';
import type {
  AppliesTo, Calendar, CrmMapping, Duration, Gate, Outcome, Process, Range, Role, Step, StepKind, Track, Transition, Weekday,
} from './types.js';

type Data = Record<string, unknown>;

const DEFAULT_CALENDAR: Calendar = { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: [], timeZone: 'UTC' };

/**
 * Only call on data that passed the JSON Schema: shapes are trusted here, not re-checked. `sharedCalendar` (the
 * `calendar` of spx.config.yaml) is the calendar of a process that has none of its own.
 */
export function toProcess(data: unknown, sharedCalendar?: Calendar): Process {
  const root = data as Data;
  const metadata = root['metadata'] as Data;
  const roles = (root['roles'] ?? {}) as Data;
  const targets = (root['targets'] ?? {}) as Data;
  const own = root['calendar'] as Data | undefined;
  // The process's own calendar wins whole over the shared one (see docs/format.md, Calendar).
  const calendar = own ? toCalendar(own) : (sharedCalendar ?? DEFAULT_CALENDAR);
  // Calendar-day durations become business days with this calendar's week.
  const duration = (raw: unknown): Duration => toDuration(raw, calendar.workdays.length);
  const steps = new Map<string, Step>();
  for (const [id, raw] of entries(root['steps'])) steps.set(id, toStep(id, raw as Data, duration));
  const outcomes = new Map<string, Outcome>();
  for (const [id, raw] of entries(root['outcomes'])) {
    outcomes.set(id, { id, result: (raw as Data)['result'] as Outcome['result'], path: ['outcomes', id] });
  }
  return {
    apiVersion: String(root['apiVersion']),
    name: String(metadata['name']),
    title: String(metadata['title'] ?? metadata['name']),
    version: String(metadata['version']),
    segment: metadata['segment'] as Process['segment'],
    description: metadata['description'] as string | undefined,
    dealValue: metadata['dealValue'] as number | undefined,
    appliesTo: toAppliesTo(root['appliesTo'] as Data | undefined),
    targets: { cycleDays: targets['cycleDays'] as number | undefined, winRate: targets['winRate'] as number | undefined },
    calendar,
    sellerRoles: toRoles(roles['seller']),
    buyerRoles: toRoles(roles['buyer']),
    start: String(root['start']),
    steps,
    outcomes,
    crm: toCrm(root['crm'] as Data | undefined),
  };
}

/** A schema-valid `calendar` block (of a process or of spx.config.yaml), with defaults for what it leaves out. */
export function toCalendar(calendar: Data): Calendar {
  return {
    workdays: (calendar['workdays'] as Weekday[] | undefined) ?? DEFAULT_CALENDAR.workdays,
    holidays: ((calendar['holidays'] as string[] | undefined) ?? []).map(String),
    timeZone: (calendar['timeZone'] as string | undefined) ?? DEFAULT_CALENDAR.timeZone,
  };
}

function toCrm(raw: Data | undefined): CrmMapping | undefined {
  if (!raw) return undefined;
  const stages = new Map<string, readonly string[]>();
  for (const [stage, target] of entries(raw['stages'])) stages.set(stage, Array.isArray(target) ? target.map(String) : [String(target)]);
  const roles = new Map<string, string>();
  for (const [role, buyerRole] of entries(raw['roles'])) roles.set(role, String(buyerRole));
  return { pipeline: raw['pipeline'] === undefined ? undefined : String(raw['pipeline']), stages, roles, path: ['crm'] };
}

function toStep(id: string, raw: Data, duration: (raw: unknown) => Duration): Step {
  const path = ['steps', id];
  const next = ((raw['next'] as Data[] | undefined) ?? []).map((t, index, all): Transition => {
    const given = typeof t['p'] === 'number';
    return {
      to: String(t['to']),
      // A lone transition without p is certain; several without p are reported by probability-sum.
      p: given ? (t['p'] as number) : all.length === 1 ? 1 : 0,
      pGiven: given,
      within: t['within'] === undefined ? undefined : duration(t['within']),
      reason: t['reason'] as string | undefined,
      path: [...path, 'next', index],
    };
  });
  const parallel = entries(raw['parallel']).map(([trackId, t]): Track => ({
    id: trackId,
    owner: (t as Data)['owner'] as string | undefined,
    with: ((t as Data)['with'] as string[] | undefined) ?? [],
    duration: duration((t as Data)['duration']),
    path: [...path, 'parallel', trackId],
  }));
  const requires = raw['requires'] as Data | undefined;
  const gate: Gate | undefined = requires
    ? { involved: (requires['involved'] as string[] | undefined) ?? [], completed: (requires['completed'] as string[] | undefined) ?? [] }
    : undefined;
  return {
    id,
    title: String(raw['title'] ?? id),
    kind: raw['kind'] as StepKind | undefined,
    owner: raw['owner'] as string | undefined,
    with: (raw['with'] as string[] | undefined) ?? [],
    duration: raw['duration'] === undefined ? undefined : duration(raw['duration']),
    parallel,
    exitCriteria: (raw['exitCriteria'] as string[] | undefined) ?? [],
    next,
    ask: raw['ask'] === true,
    requires: gate,
    path,
  };
}

function toRoles(raw: unknown): Map<string, Role> {
  const roles = new Map<string, Role>();
  for (const [id, value] of entries(raw)) {
    if (typeof value === 'string') roles.set(id, { id, title: value, decisionMaker: false });
    else {
      const role = (value ?? {}) as Data;
      roles.set(id, { id, title: String(role['title'] ?? id), decisionMaker: role['decisionMaker'] === true });
    }
  }
  return roles;
}

function toAppliesTo(raw: Data | undefined): AppliesTo | undefined {
  if (!raw) return undefined;
  const range = (value: unknown): Range | undefined =>
    value ? { min: (value as Data)['min'] as number | undefined, max: (value as Data)['max'] as number | undefined } : undefined;
  return {
    employees: range(raw['employees']),
    arr: range(raw['arr']),
    industries: (raw['industries'] as string[] | undefined) ?? ['any'],
    regions: (raw['regions'] as string[] | undefined) ?? ['any'],
    sources: (raw['sources'] as string[] | undefined) ?? ['any'],
  };
}

function toDuration(raw: unknown, workdaysPerWeek: number): Duration {
  // The schema admits only parseable forms, so undefined here would be a schema bug; fall back to 0 days.
  return parseDurationValue(raw, workdaysPerWeek) ?? { dist: 'fixed', value: 0 };
}

function entries(value: unknown): [string, unknown][] {
  return value && typeof value === 'object' ? Object.entries(value) : [];
}
