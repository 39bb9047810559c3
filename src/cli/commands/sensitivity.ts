/** `spx sensitivity`: which change buys the most win rate or the shortest cycle, seller capacity, and a target's pipeline. */
import type { ChalkInstance } from 'chalk';
import {
  computeCapacity,
  computeSensitivity,
  DAYS_STEP,
  describeCycleEffect,
  describeLeverChange,
  describeWinRateEffect,
  parseSetting,
  pipelineForTarget,
  POINTS_STEP,
  rankLevers,
  SpxError,
  type Lever,
  type Process,
  type RankedLever,
  type ScenarioChange,
  type TargetPlan,
} from '../../index.js';
import { fitText, reportWidth } from '../fit.js';
import { chalkFor, type Io } from '../io.js';
import { count, days, percent } from '../numbers.js';
import { scenarioJson, scenarioLine } from '../scenario.js';
import { table } from '../table.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';

export interface SensitivityOptions {
  readonly files: readonly string[];
  readonly by: 'win-rate' | 'cycle' | 'both';
  /** Raw option values, checked here so each mistake gets one E_USAGE line. */
  readonly top?: string;
  readonly opportunities?: string;
  readonly dealValue?: string;
  readonly target?: string;
  readonly byMonth?: string;
  readonly fromMonth?: string;
  readonly deals?: string;
  readonly seed?: string;
  readonly set?: readonly string[];
  readonly format: 'text' | 'json';
  readonly config?: string;
  readonly color?: boolean;
}

const DEFAULT_TOP = 10;

/** The JSON of one file (documented in docs/cli/sensitivity.md). */
export interface SensitivityJson {
  readonly file: string;
  readonly process: string;
  readonly version: string;
  readonly winRate: number;
  readonly disqualifiedRate: number;
  readonly qualifiedWinRate: number;
  readonly expectedCycleDays: number | null;
  readonly step: { readonly points: number; readonly days: number };
  readonly ranked: {
    /** What the `winRate` ranking ranks by: the qualified win rate when the process has disqualified outcomes. */
    readonly winRateBy: 'winRate' | 'qualifiedWinRate';
    readonly winRate: readonly RankedLever[] | null;
    readonly cycle: readonly RankedLever[] | null;
  };
  readonly levers: readonly Lever[];
  readonly capacity: {
    readonly opportunitiesPerMonth: number | null;
    readonly roles: readonly { role: string; title: string; daysPerDeal: number; daysPerWonDeal: number | null; daysPerMonth: number | null }[];
  };
  readonly target: TargetPlan | null;
  readonly scenario?: readonly ScenarioChange[];
}

export function sensitivityCommand(options: SensitivityOptions, io: Io): number {
  const top = positive('--top', options.top, DEFAULT_TOP, true);
  const opportunities = options.opportunities === undefined ? null : positive('--opportunities', options.opportunities, 0, false);
  const dealValue = options.dealValue === undefined ? undefined : positive('--deal-value', options.dealValue, 0, false);
  const bookings = options.target === undefined ? undefined : positive('--target', options.target, 0, false);
  const deals = positive('--deals', options.deals, 200_000, true);
  // A bound on the run time of the target's simulation (about a second per 10^6 enterprise deals).
  if (deals > 10_000_000) throw new SpxError('E_USAGE', `--deals ${options.deals}: at most 10,000,000 for the won-cycle lengths of --target`);
  const seed = options.seed === undefined ? 1 : wholeAtLeastZero('--seed', options.seed);
  if (bookings === undefined && (options.byMonth !== undefined || options.fromMonth !== undefined)) {
    throw new SpxError('E_USAGE', '--by-month and --from-month plan for a bookings target: add --target BOOKINGS');
  }
  const now = io.now();
  const currentMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const fromMonth = options.fromMonth === undefined ? currentMonth : month('--from-month', options.fromMonth);
  let byMonth: string | undefined;
  if (bookings !== undefined) {
    if (options.byMonth === undefined) throw new SpxError('E_USAGE', '--target needs --by-month YYYY-MM: the month by whose end the bookings count');
    byMonth = month('--by-month', options.byMonth);
    if (byMonth < fromMonth) throw new SpxError('E_USAGE', `--by-month ${byMonth} is before ${fromMonth}, the first month opportunities start (--from-month, default this month)`);
  }

  const processes = loadValidProcesses(options.files, io, loadConfig(io, options), (options.set ?? []).map(parseSetting));
  const reports = processes.map(({ file, process, scenario }): SensitivityJson => {
    let target: TargetPlan | null = null;
    if (bookings !== undefined) {
      const value = dealValue ?? process.dealValue;
      if (value === undefined) throw new SpxError('E_USAGE', `${file}: --target needs a deal value: give --deal-value or set metadata.dealValue in the process`);
      const fromDate = fromMonth === currentMonth ? new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())) : undefined;
      target = pipelineForTarget(process, { bookings, dealValue: value, fromMonth, byMonth: byMonth!, deals, seed, ...(fromDate ? { fromDate } : {}) });
    }
    return report(file, process, options.by, top, opportunities, target, scenario);
  });

  if (options.format === 'json') io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
  else {
    const chalk = chalkFor(io, options.color);
    io.stdout(fitText(reports.map((r, i) => renderText(r, processes[i]!.process, chalk)).join('\n'), reportWidth(io)));
  }
  return 0;
}

function report(
  file: string,
  process: Process,
  by: SensitivityOptions['by'],
  top: number,
  opportunities: number | null,
  target: TargetPlan | null,
  scenario: readonly ScenarioChange[] | undefined,
): SensitivityJson {
  const sensitivity = computeSensitivity(process);
  // Where some deals end disqualified, the win rate a seller moves is the qualified opportunities'.
  const { winRateBy, winRate: byWinRate, cycle: byCycle } = rankLevers(process, sensitivity);
  const capacity = computeCapacity(process);
  return {
    file,
    process: process.name,
    version: process.version,
    winRate: sensitivity.winRate,
    disqualifiedRate: sensitivity.disqualifiedRate,
    qualifiedWinRate: sensitivity.qualifiedWinRate,
    expectedCycleDays: sensitivity.expectedCycleWon ?? null,
    step: { points: POINTS_STEP, days: DAYS_STEP },
    ranked: { winRateBy, winRate: by === 'cycle' ? null : byWinRate.slice(0, top), cycle: by === 'win-rate' ? null : byCycle.slice(0, top) },
    levers: sensitivity.levers,
    capacity: {
      opportunitiesPerMonth: opportunities,
      roles: capacity.roles.map((r) => ({ ...r, daysPerMonth: opportunities === null ? null : opportunities * r.daysPerDeal })),
    },
    target,
    ...scenarioJson(scenario),
  };
}

function renderText(r: SensitivityJson, process: Process, chalk: ChalkInstance): string {
  const lines = [`${chalk.bold(process.title)} ${chalk.dim(`(${r.process} ${r.version}, ${r.file})`)}`];
  const scenario = scenarioLine(r.scenario);
  if (scenario !== undefined) lines.push(chalk.yellow(scenario));
  const qualified = r.ranked.winRateBy === 'qualifiedWinRate';
  lines.push(`  win rate ${percent(r.winRate)} · expected cycle of won deals ${days(r.expectedCycleDays ?? undefined)}`);
  if (qualified) {
    lines.push(`  qualified win rate ${percent(r.qualifiedWinRate)} (${percent(r.disqualifiedRate)} of deals end disqualified: not opportunities)`);
  }
  lines.push(chalk.dim('  Effects are the exact derivatives extrapolated linearly; re-check a big change with --set.'));
  // The rate ranked, and what each line says about it.
  const rateName = qualified ? 'qualified win rate' : 'win rate';
  if (r.ranked.winRate !== null) {
    lines.push('', chalk.bold(`What raises the ${rateName} most`));
    if (qualified) lines.push(chalk.dim('  win rate of the deals that do not end disqualified; disqualified transitions give no mass'));
    if (r.ranked.winRate.length === 0) lines.push('  no probability can move toward won');
    r.ranked.winRate.forEach((x, i) => {
      const effect = describeWinRateEffect(x, r.ranked.winRateBy);
      lines.push(`  ${String(i + 1).padStart(2)}. ${describeLeverChange(x, process)}: ${chalk.bold(effect.rate)}${effect.rest}`);
    });
  }
  if (r.ranked.cycle !== null) {
    lines.push('', chalk.bold('What shortens won cycles most'));
    if (r.ranked.cycle.length === 0) lines.push('  nothing shortens the won cycle');
    r.ranked.cycle.forEach((x, i) => {
      const effect = describeCycleEffect(x, r.ranked.winRateBy);
      lines.push(`  ${String(i + 1).padStart(2)}. ${describeLeverChange(x, process)}: ${chalk.bold(effect.cycle)}${effect.rest}`);
    });
  }
  lines.push('', chalk.bold('Seller capacity (engaged business days)'));
  const perMonth = r.capacity.opportunitiesPerMonth;
  const capacity = table(perMonth === null ? ['role', 'per deal', 'per won deal'] : ['role', 'per deal', 'per won deal', `per month (${count(perMonth)} new deals)`]);
  for (const role of r.capacity.roles) {
    const row = [`${role.title} (${role.role})`, role.daysPerDeal.toFixed(1), role.daysPerWonDeal === null ? 'n/a' : role.daysPerWonDeal.toFixed(1)];
    capacity.push(perMonth === null ? row : [...row, role.daysPerMonth!.toFixed(1)]);
  }
  lines.push(capacity.toString());
  if (r.target) lines.push('', ...targetLines(r.target, chalk));
  return `${lines.join('\n')}\n`;
}

function targetLines(t: TargetPlan, chalk: ChalkInstance): string[] {
  const lines = [
    chalk.bold(`Pipeline for ${count(t.bookings)} booked by the end of ${t.byMonth}`),
    `  ${count(t.dealValue)} a deal: ${count(t.wonDealsNeeded)} won deals; opportunities start every month from ${t.fromMonth}`,
  ];
  if (t.expectedPerMonth === null) {
    lines.push(chalk.yellow(`  no deal started from ${t.fromMonth} can be won by the end of ${t.byMonth}; start earlier or plan for a later month`));
    return lines;
  }
  const quantile = (n: number | null) => (n === null ? `over ${count(10_000_000)}` : count(n));
  lines.push(
    `  start ${chalk.bold(t.expectedPerMonth.toFixed(1))} new opportunities a month (expected bookings = target);` +
      ` ${quantile(t.p50PerMonth)} for a 50% chance, ${quantile(t.p90PerMonth)} for 90%`,
  );
  const months = table(['month', 'start days', 'won by then']);
  for (const m of t.months) months.push([m.month, String(m.startDays), percent(m.closesInTime)]);
  lines.push(months.toString());
  lines.push(chalk.dim(`  won-cycle lengths from ${count(t.simulation.deals)} simulated deals (seed ${t.simulation.seed})`));
  return lines;
}

function positive(flag: string, raw: string | undefined, fallback: number, whole: boolean): number {
  if (raw === undefined) return fallback;
  const text = raw.trim().replace(/[_,]/g, '');
  // Plain digits only, at most 2^53 − 1: an exponent (1e308) or a longer number made products such as the
  // load a month Infinity.
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value > 0) || value > Number.MAX_SAFE_INTEGER || (whole && !Number.isSafeInteger(value))) {
    throw new SpxError('E_USAGE', `${flag} ${raw}: expected a ${whole ? 'whole ' : ''}number above 0`);
  }
  return value;
}

function wholeAtLeastZero(flag: string, raw: string): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(value)) throw new SpxError('E_USAGE', `${flag} ${raw}: expected a whole number ≥ 0`);
  return value;
}

function month(flag: string, raw: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(raw.trim());
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw new SpxError('E_USAGE', `${flag} ${raw}: expected a month as YYYY-MM, e.g. 2026-12`);
  return raw.trim();
}
