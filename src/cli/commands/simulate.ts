/** `spx simulate`: Monte Carlo deals through each process — win rate, cycle percentiles, funnel, bottlenecks, close dates. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ChalkInstance } from 'chalk';
import {
  CHUNK_DEALS,
  DEFAULT_STEP_CAP,
  expectedVisits,
  simulateParallel,
  simulationJson,
  SpxError,
  parseSetting,
  type Process,
  type ScenarioChange,
  type ProgressCallback,
  type SimulationJson,
  type SimulationOptions,
  type SimulationReport,
} from '../../index.js';
import { chalkFor, type Io } from '../io.js';
import { parseNumberOption } from '../number-option.js';
import { count, percent, quantity } from '../numbers.js';
import { table } from '../table.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';
import { parseDateOption } from '../dates.js';
import { scenarioJson, scenarioLine } from '../scenario.js';

export interface SimulateOptions {
  readonly files: readonly string[];
  /** Raw option values: checked here, so every mistake gets one clear E_USAGE line. */
  readonly deals?: string;
  readonly seed?: string;
  readonly workers?: string;
  readonly stepCap?: string;
  readonly from?: string;
  readonly startDate?: string;
  /** Raw `--set PATH=VALUE` settings. */
  readonly set?: readonly string[];
  /** Won-cycle percentiles to show, comma-separated (e.g. "10,25,50,90"). */
  readonly percentiles?: string;
  readonly format: 'text' | 'json';
  readonly config?: string;
  readonly color?: boolean;
}

export const DEFAULT_DEALS = 1_000_000;
export const DEFAULT_SEED = 1;
const MAX_DEALS = 100_000_000;
const MAX_WORKERS = 64;
/** A deal that loops this many times is stuck for any real process; more only makes runaway loops slower. */
const MAX_STEP_CAP = 1_000_000;
/**
 * Step visits a run may make in all (deals × expected visits per deal, each at most the step cap): about a minute
 * on one thread. 100,000,000 enterprise deals need a third of it; a loop that deals almost never leave would make
 * a million deals take hours, so that run is refused up front with the numbers instead.
 */
const MAX_TOTAL_VISITS = 1_000_000_000;
/** More threads than this rarely pay for their start-up on a run of a few million deals. */
const DEFAULT_WORKERS_CAP = 8;
/**
 * Without --workers, smaller runs stay on one thread: starting workers (about 50 ms, plus each one's JIT warm-up)
 * costs more than it saves below a couple of seconds of simulation. The output is the same either way.
 */
const DEFAULT_POOL_MIN_DEALS = 2_000_000;
/** Show a progress bar only for runs that last longer than this (and only on a terminal). */
const PROGRESS_AFTER_MS = 1000;

/** The JSON of one file: the library's simulation JSON, plus what --set changed (only with --set). */
export type SimulateJson = SimulationJson & { readonly scenario?: readonly ScenarioChange[] };

export async function simulateCommand(options: SimulateOptions, io: Io): Promise<number> {
  const deals = wholeNumber('--deals', options.deals, DEFAULT_DEALS, 1, MAX_DEALS);
  const seed = wholeNumber('--seed', options.seed, DEFAULT_SEED, 0, Number.MAX_SAFE_INTEGER);
  const cores = deals < DEFAULT_POOL_MIN_DEALS ? 1 : Math.min(availableParallelism(), DEFAULT_WORKERS_CAP);
  const workers = wholeNumber('--workers', options.workers, cores, 1, MAX_WORKERS);
  const stepCap = wholeNumber('--step-cap', options.stepCap, DEFAULT_STEP_CAP, 1, MAX_STEP_CAP);
  // Checked before any file is read; a relative word (today…) is resolved per process, in its calendar's time zone.
  if (options.startDate !== undefined) parseDateOption(options.startDate, io.now(), 'UTC', '--start-date');
  const percentiles = options.percentiles === undefined ? undefined : parsePercentiles(options.percentiles);
  const processes = loadValidProcesses(options.files, io, loadConfig(io, options), (options.set ?? []).map(parseSetting));
  for (const { file, process } of processes) {
    if (options.from !== undefined) checkStep(process, options.from);
    checkVisitBudget(file, process, options.from, deals, stepCap);
  }

  const chalk = chalkFor(io, options.color);
  const reports: SimulateJson[] = [];
  const titles: string[] = [];
  for (const { file, process, scenario } of processes) {
    const simulation: SimulationOptions = {
      deals,
      seed,
      stepCap,
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(percentiles === undefined ? {} : { percentiles }),
    };
    const progress = progressBar(io, file);
    const report = await simulateParallel(process, simulation, { workers, workerFile: workerFile(io, workers, deals), onProgress: progress.update });
    progress.clear();
    const start = options.startDate === undefined ? undefined : parseDateOption(options.startDate, io.now(), process.calendar.timeZone, '--start-date');
    reports.push({ ...simulationJson(file, process, report, start), ...scenarioJson(scenario) });
    titles.push(process.title);
  }

  if (options.format === 'json') io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
  else io.stdout(reports.map((report, i) => renderText(report, titles[i]!, chalk)).join('\n'));
  return 0;
}

/** Refuses, before any simulation, a run whose expected step visits exceed MAX_TOTAL_VISITS (see there). */
export function checkVisitBudget(file: string, process: Process, from: string | undefined, deals: number, stepCap: number): void {
  const expected = expectedVisits(process, from);
  if (deals * Math.min(expected, stepCap) <= MAX_TOTAL_VISITS) return;
  const visits = Number.isFinite(expected) ? `${count(Math.round(expected))} step visits on average` : 'step visits without end';
  const capped = expected > stepCap ? ` (${count(stepCap)} with the step cap)` : '';
  throw new SpxError(
    'E_USAGE',
    `${file}: a deal makes ${visits}${capped}, in a loop deals rarely leave, so ${count(deals)} deals would take over ${count(MAX_TOTAL_VISITS)} visits; give the loop better odds of leaving, or lower --deals or --step-cap`,
  );
}

/** The built worker script, when the run uses worker threads (see simulateParallel: several threads, more than one chunk). */
function workerFile(io: Io, workers: number, deals: number): string | undefined {
  if (workers === 1 || deals <= CHUNK_DEALS) return undefined;
  const file = join(io.packageRoot, 'dist', 'simulate-worker.cjs');
  if (!existsSync(file)) {
    throw new SpxError('E_INTERNAL', `${file} is missing: rebuild spx (npm run build), or run with --workers 1`);
  }
  return file;
}

const EXAMPLES: Readonly<Record<string, string>> = { '--deals': '100000', '--seed': '42', '--workers': '2', '--step-cap': '10000' };

/** `--percentiles 10,25,50,90`: numbers in (0, 100], in the order given, without repeats. */
function parsePercentiles(raw: string): number[] {
  const values = raw.split(',').map((part) => part.trim());
  const numbers = values.map(Number);
  const bad = values.find((text, i) => !/^\d+(\.\d+)?$/.test(text) || !(numbers[i]! > 0 && numbers[i]! <= 100));
  if (bad !== undefined || values.length === 0) {
    throw new SpxError('E_USAGE', `--percentiles ${raw}: expected percentiles above 0 and at most 100, comma-separated, e.g. 10,25,50,90`);
  }
  return [...new Set(numbers)];
}

/** A whole number option within [min, max], through the CLI's one number parser. */
export function wholeNumber(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  return raw === undefined ? fallback : parseNumberOption(flag, raw, { integer: true, min, max, example: EXAMPLES[flag] ?? String(min) });
}

function checkStep(process: Process, from: string): void {
  if (process.steps.has(from)) return;
  const steps = [...process.steps.keys()].join(', ');
  if (process.outcomes.has(from)) throw new SpxError('E_UNKNOWN_STEP', `--from ${from} is an outcome, not a step; deals there are already decided (steps: ${steps})`);
  throw new SpxError('E_UNKNOWN_STEP', `--from ${from}: no such step in ${process.name} (steps: ${steps})`);
}

/**
 * A progress bar on stderr, drawn only when stderr is a terminal and the run has lasted over a second
 * (short runs would only flicker). The CLI layer is the one place allowed to look at the real process.
 */
function progressBar(io: Io, file: string): { update: ProgressCallback; clear(): void } {
  const tty = Boolean(process.stderr.isTTY);
  const started = performance.now();
  let drawn = false;
  let lastDraw = 0;
  return {
    update(done, total) {
      if (!tty) return;
      const now = performance.now();
      if (now - started < PROGRESS_AFTER_MS || (now - lastDraw < 100 && done < total)) return;
      lastDraw = now;
      drawn = true;
      const width = 30;
      const filled = Math.round((done / total) * width);
      io.stderr(`\r${file} [${'█'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% of ${count(total)} deals`);
    },
    clear() {
      if (drawn) io.stderr('\r\u001b[2K');
    },
  };
}

const oneDecimal = (n: number | null | undefined): string => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(1));

function renderText(report: SimulateJson, title: string, chalk: ChalkInstance): string {
  // Tables show step titles; ids only where a reader needs them to find the step in the file.
  const titleOf = new Map(report.funnel.map((f) => [f.step, f.title]));
  const out: string[] = [];
  const heading = (text: string): void => {
    out.push('', chalk.bold(text));
  };
  out.push(`${chalk.bold(title)} ${chalk.dim(`(${report.process} ${report.version}, ${report.file})`)}`);
  const scenario = scenarioLine(report.scenario);
  if (scenario !== undefined) out.push(chalk.yellow(scenario));
  out.push(`  ${quantity(report.deals, 'deal')} from ${titleOf.get(report.from) ?? report.from} (${report.from}) · seed ${report.seed}`);
  out.push(`  win rate ${chalk.bold(percent(report.winRate))} ${chalk.dim(`(± ${(report.winRateStdErr * 100).toFixed(2)}% standard error; exact ${percent(report.exact.winRate)})`)}`);
  if (report.outcomes.some((o) => o.result === 'disqualified')) {
    out.push(
      `  qualified opportunities: ${percent(1 - report.disqualifiedRate)} of deals (the rest ended disqualified)`,
      `    win rate ${chalk.bold(percent(report.qualifiedWinRate))} ${chalk.dim(`(exact ${percent(report.exact.qualifiedWinRate)})`)}`,
    );
  }
  const { cycleDays } = report;
  if (cycleDays === null) {
    out.push(chalk.yellow(report.stuck > 0 ? '  no simulated deal was won (see the stuck deals below)' : '  no simulated deal was won: check the probabilities on the way to won'));
  } else {
    const exact = report.exact.cycleDaysMean === null ? '' : `; exact ${oneDecimal(report.exact.cycleDaysMean)}`;
    const error = cycleDays.stdErr === null ? 'n/a' : cycleDays.stdErr.toFixed(2);
    out.push(`  won deals take ${chalk.bold(`${oneDecimal(cycleDays.mean)} business days`)} on average ${chalk.dim(`(± ${error}${exact})`)}`);
    const cycle = table(report.closeDates ? ['won cycle', 'business days', `close date (from ${report.closeDates.start})`] : ['won cycle', 'business days']);
    const rows: [string, number, string | undefined][] = [['mean', cycleDays.mean, report.closeDates?.mean]];
    if (cycleDays.percentiles !== undefined) {
      cycleDays.percentiles.forEach(({ p, days }, i) => rows.push([`p${p}`, days, report.closeDates?.percentiles?.[i]?.date]));
    } else {
      rows.push(
        ['p50', cycleDays.p50, report.closeDates?.p50],
        ['p80', cycleDays.p80, report.closeDates?.p80],
        ['p90', cycleDays.p90, report.closeDates?.p90],
        ['p95', cycleDays.p95, report.closeDates?.p95],
      );
    }
    for (const [label, value, date] of rows) cycle.push(date === undefined ? [label, oneDecimal(value)] : [label, oneDecimal(value), date]);
    out.push(cycle.toString());
    heading('Won cycle lengths (business days)');
    out.push(...histogramLines(report.cycleHistogram));
  }
  if (report.stuck > 0) {
    out.push(
      chalk.yellow(`  ${quantity(report.stuck, 'deal')} (${percent(report.stuck / report.deals)}) stuck: ${count(report.stepCap)} step visits without an outcome`),
      chalk.yellow('    check loops with a high probability'),
    );
  }

  heading('Outcomes (how deals ended)');
  const order: Record<string, number> = { won: 0, lost: 1, disqualified: 2 };
  const outcomes = table(['outcome', 'result', 'deals', 'share of all deals']);
  for (const row of [...report.outcomes].sort((a, b) => order[a.result]! - order[b.result]!)) {
    outcomes.push([row.outcome, row.result, count(row.deals), percent(row.share)]);
  }
  out.push(outcomes.toString());

  heading('Funnel (share of deals that reached each step)');
  const funnel = table(['step', 'reached', 'visits per deal']);
  for (const row of report.funnel) funnel.push([`${row.title} (${row.step})`, percent(row.reached), row.visitsPerDeal.toFixed(2)]);
  out.push(funnel.toString());

  heading('Bottlenecks (share of all deal time)');
  const { tracks } = report.bottlenecks;
  // Criticality: how often each track of a parallel step was the one that made the step last as long as it did.
  const bottlenecks = table(tracks.length > 0 ? ['step / track', 'time share', 'days per visit', 'longest track'] : ['step', 'time share', 'days per visit']);
  const row = (cells: string[]): void => {
    bottlenecks.push(tracks.length > 0 ? cells : cells.slice(0, 3));
  };
  const ranked = [...report.bottlenecks.steps].sort((a, b) => b.timeShare - a.timeShare);
  for (const step of ranked) {
    row([titleOf.get(step.step) ?? step.step, percent(step.timeShare), oneDecimal(step.daysPerVisit), '']);
    for (const track of tracks.filter((t) => t.step === step.step)) {
      row([`  ${track.track}`, percent(track.timeShare), '', track.criticality === null ? 'n/a' : `${percent(track.criticality)} of visits`]);
    }
  }
  row([chalk.dim('waiting between steps'), percent(report.bottlenecks.waitingShare), '', '']);
  out.push(bottlenecks.toString());

  heading('Lost reasons');
  if (report.lostReasons.length === 0) out.push('  none');
  else {
    const lost = table(['reason', 'outcome', 'deals', 'share of all deals']);
    for (const row of report.lostReasons) lost.push([row.reason ?? chalk.dim('(no reason given)'), row.outcome, count(row.deals), percent(row.share)]);
    out.push(lost.toString());
  }

  if (report.gateMisses === null) out.push('', chalk.dim('Gates are not checked with --from: what happened before the step is unknown.'));
  else if (report.gateMisses.length > 0) {
    const missed = report.gateMisses.filter((g) => g.deals > 0);
    if (missed.length === 0) out.push('', 'Every deal that reached an ask step had met its gate.');
    else {
      heading('Asked before the gate was met');
      for (const g of missed) {
        out.push(chalk.yellow(`  ${titleOf.get(g.step) ?? g.step} (${g.step}): ${quantity(g.deals, 'deal')} (${percent(g.share)} of those that reached it)`));
        out.push(chalk.yellow('    involve the missing roles before the ask'));
      }
    }
  }
  return `${out.join('\n')}\n`;
}

const BAR_WIDTH = 40;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar per bin, in eighths of a character, scaled to the fullest bin. */
function histogramLines(bins: SimulationReport['cycleHistogram']): string[] {
  const won = bins.reduce((sum, b) => sum + b.deals, 0);
  const most = Math.max(...bins.map((b) => b.deals), 1);
  const labels = bins.map((b) => (b.to === null ? `≥ ${b.from}` : `${b.from}–${b.to}`));
  const pad = Math.max(...labels.map((l) => l.length));
  return bins.map((bin, i) => {
    const eighths = Math.round((bin.deals / most) * BAR_WIDTH * 8);
    const bar = '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
    return `  ${labels[i]!.padStart(pad)} │${bar.padEnd(BAR_WIDTH)} ${percent(won > 0 ? bin.deals / won : 0).padStart(6)}`;
  });
}
