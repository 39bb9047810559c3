/** `spx simulate`: Monte Carlo deals through each process — win rate, cycle percentiles, funnel, bottlenecks, close dates. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ChalkInstance } from 'chalk';
import { addBusinessDays } from '../../analysis/business-days.js';
import { computeMetrics, expectedVisits } from '../../analysis/metrics.js';
import { SpxError } from '../../model/errors.js';
import type { Process } from '../../model/types.js';
import { CHUNK_DEALS, DEFAULT_STEP_CAP } from '../../simulate/engine.js';
import { compileModel } from '../../simulate/model.js';
import { runInThisThread, simulationReport, type ProgressCallback, type SimulationOptions, type SimulationReport, type SimulationTotals } from '../../simulate/simulate.js';
import { runInWorkers } from '../../simulate/workers.js';
import { chalkFor, type Io } from '../io.js';
import { count, percent } from '../numbers.js';
import { table } from '../table.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';
import { isoDate, parseDate } from '../dates.js';

export interface SimulateOptions {
  readonly files: readonly string[];
  /** Raw option values: checked here, so every mistake gets one clear E_USAGE line. */
  readonly deals?: string;
  readonly seed?: string;
  readonly workers?: string;
  readonly stepCap?: string;
  readonly from?: string;
  readonly startDate?: string;
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

/** The JSON of one file: the simulation report plus the exact numbers and calendar dates. */
export type SimulateJson = { readonly file: string } & SimulationReport & {
    readonly closeDates: CloseDates | null;
    readonly exact: { readonly winRate: number; readonly cycleDaysMean: number | null };
  };

interface CloseDates {
  readonly start: string;
  readonly mean: string;
  readonly p50: string;
  readonly p80: string;
  readonly p90: string;
  readonly p95: string;
}

export async function simulateCommand(options: SimulateOptions, io: Io): Promise<number> {
  const deals = wholeNumber('--deals', options.deals, DEFAULT_DEALS, 1, MAX_DEALS);
  const seed = wholeNumber('--seed', options.seed, DEFAULT_SEED, 0, Number.MAX_SAFE_INTEGER);
  const cores = deals < DEFAULT_POOL_MIN_DEALS ? 1 : Math.min(availableParallelism(), DEFAULT_WORKERS_CAP);
  const workers = wholeNumber('--workers', options.workers, cores, 1, MAX_WORKERS);
  const stepCap = wholeNumber('--step-cap', options.stepCap, DEFAULT_STEP_CAP, 1, MAX_STEP_CAP);
  const start = options.startDate === undefined ? undefined : parseDate(options.startDate, '--start-date');
  const processes = loadValidProcesses(options.files, io, loadConfig(io, options));
  for (const { file, process } of processes) {
    if (options.from !== undefined) checkStep(process, options.from);
    checkVisitBudget(file, process, options.from, deals, stepCap);
  }

  const chalk = chalkFor(io, options.color);
  const reports: SimulateJson[] = [];
  const titles: string[] = [];
  for (const { file, process } of processes) {
    const simulation: SimulationOptions = { deals, seed, stepCap, ...(options.from === undefined ? {} : { from: options.from }) };
    const model = compileModel(process, options.from === undefined ? {} : { from: options.from });
    const progress = progressBar(io, file);
    const totals = await run(model, simulation, workers, io, progress.update);
    progress.clear();
    const report = simulationReport(process, model, simulation, totals);
    reports.push({ file, ...withExtras(process, report, start) });
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

/** In this thread for one chunk or one worker; otherwise on worker threads. Both give identical totals. */
async function run(model: ReturnType<typeof compileModel>, simulation: SimulationOptions, workers: number, io: Io, onProgress: ProgressCallback): Promise<SimulationTotals> {
  if (workers === 1 || simulation.deals <= CHUNK_DEALS) return runInThisThread(model, simulation, onProgress);
  const workerFile = join(io.packageRoot, 'dist', 'simulate-worker.cjs');
  if (!existsSync(workerFile)) {
    throw new SpxError('E_INTERNAL', `${workerFile} is missing: rebuild spx (npm run build), or run with --workers 1`);
  }
  return runInWorkers(model, simulation, { workerFile, workers, onProgress });
}

function withExtras(process: Process, report: SimulationReport, start: Date | undefined): Omit<SimulateJson, 'file'> {
  const metrics = computeMetrics(process);
  const at = metrics.steps.get(report.from);
  const { process: name, version, seed, deals, from, stepCap, winRate, winRateStdErr, cycleDays, ...rest } = report;
  const closeDates =
    start === undefined || cycleDays === null
      ? null
      : {
          start: isoDate(start),
          mean: isoDate(addBusinessDays(start, cycleDays.mean, process.calendar)),
          p50: isoDate(addBusinessDays(start, cycleDays.p50, process.calendar)),
          p80: isoDate(addBusinessDays(start, cycleDays.p80, process.calendar)),
          p90: isoDate(addBusinessDays(start, cycleDays.p90, process.calendar)),
          p95: isoDate(addBusinessDays(start, cycleDays.p95, process.calendar)),
        };
  // The report's keys in the documented order, with the dates and the exact numbers after the cycle.
  return {
    process: name,
    version,
    seed,
    deals,
    from,
    stepCap,
    winRate,
    winRateStdErr,
    cycleDays,
    closeDates,
    exact: { winRate: at?.winProbability ?? 0, cycleDaysMean: at?.expectedCycleWon ?? null },
    ...rest,
  };
}

/** A whole number option within [min, max]: digits with optional `_` or `,` separators, or scientific notation like 1e6. */
export function wholeNumber(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const text = raw.trim().replace(/[_,]/g, '');
  const value = /^\d+$/.test(text) ? Number(text) : /^\d+(\.\d+)?e\d+$/i.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new SpxError('E_USAGE', `${flag} ${raw}: expected a whole number from ${count(min)} to ${count(max)}`);
  }
  return value;
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
  const out: string[] = [];
  const heading = (text: string): void => {
    out.push('', chalk.bold(text));
  };
  out.push(`${chalk.bold(title)} ${chalk.dim(`(${report.process} ${report.version}, ${report.file})`)}`);
  out.push(`  ${count(report.deals)} deals from ${report.from} · seed ${report.seed}`);
  out.push(`  win rate ${chalk.bold(percent(report.winRate))} ${chalk.dim(`(± ${(report.winRateStdErr * 100).toFixed(2)}% standard error; exact ${percent(report.exact.winRate)})`)}`);
  const { cycleDays } = report;
  if (cycleDays === null) {
    out.push(chalk.yellow(report.stuck > 0 ? '  no simulated deal was won (see the stuck deals below)' : '  no simulated deal was won: check the probabilities on the way to won'));
  } else {
    const exact = report.exact.cycleDaysMean === null ? '' : `; exact ${oneDecimal(report.exact.cycleDaysMean)}`;
    const error = cycleDays.stdErr === null ? 'n/a' : cycleDays.stdErr.toFixed(2);
    out.push(`  won deals take ${chalk.bold(`${oneDecimal(cycleDays.mean)} business days`)} on average ${chalk.dim(`(± ${error}${exact})`)}`);
    const cycle = table(report.closeDates ? ['won cycle', 'business days', `close date (from ${report.closeDates.start})`] : ['won cycle', 'business days']);
    const rows: [string, number, string | undefined][] = [
      ['mean', cycleDays.mean, report.closeDates?.mean],
      ['p50', cycleDays.p50, report.closeDates?.p50],
      ['p80', cycleDays.p80, report.closeDates?.p80],
      ['p90', cycleDays.p90, report.closeDates?.p90],
      ['p95', cycleDays.p95, report.closeDates?.p95],
    ];
    for (const [label, value, date] of rows) cycle.push(date === undefined ? [label, oneDecimal(value)] : [label, oneDecimal(value), date]);
    out.push(cycle.toString());
    heading('Won cycle lengths (business days)');
    out.push(...histogramLines(report.cycleHistogram));
  }
  if (report.stuck > 0) {
    out.push(chalk.yellow(`  ${count(report.stuck)} deals (${percent(report.stuck / report.deals)}) were stuck: ${count(report.stepCap)} step visits without reaching an outcome — check loops with a high probability`));
  }

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
    row([step.step, percent(step.timeShare), oneDecimal(step.daysPerVisit), '']);
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
      for (const g of missed) out.push(chalk.yellow(`  ${g.step}: ${count(g.deals)} deals (${percent(g.share)} of those that reached it) — involve the missing roles before the ask`));
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
