/** `spx report`: one self-contained HTML page per run — diagram, exact numbers, simulated distribution, funnel, findings. */
import { analyze, auditDeals, compareWithDeals, computeCapacity, computeSensitivity, decodeText, forecastDeals, parseSetting, readDeals, sha256Hex, simulate, SpxError, type Process, type ReportCalibration, type ReportPipeline, type ReportProcess, type DealData } from '../../index.js';
import { dealSource, parseAsOf } from '../deal-data.js';
import { readProcessFile } from '../files.js';
import { fileRevision, openRepo, type GitRepo } from '../git.js';
import type { Io } from '../io.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';
import { outputTarget, writeFileAtomic } from '../write-file.js';
import { checkVisitBudget, DEFAULT_DEALS, DEFAULT_SEED, wholeNumber } from './simulate.js';

export interface ReportOptions {
  readonly files: readonly string[];
  /** Raw option values, checked as `spx simulate` checks them. */
  readonly deals?: string;
  readonly seed?: string;
  /** Write the page here (atomically) instead of stdout. */
  readonly output?: string;
  /** Replace an existing output file. */
  readonly force?: boolean;
  readonly config?: string;
  readonly configLookup?: boolean;
  /** Deal-data files to compare each process with. */
  readonly history?: readonly string[];
  /** Count deal data up to this date (default: the report's time). */
  readonly asOf?: string;
  /** Raw `--set PATH=VALUE` settings: the what-if the page shows instead of the file. */
  readonly set?: readonly string[];
}

/** Observations a calibration verdict needs, as `spx calibrate`'s default --min-sample. */
const MIN_SAMPLE = 30;
/** `spx audit`'s and `spx forecast`'s defaults, so the report's numbers equal theirs for the same seed. */
const STALL_QUANTILE = 0.9;
const FORECAST_MONTHS = 6;
const RUNS_PER_DEAL = 1000;

const MAX_DEALS = 100_000_000;
/** The step cap `spx simulate` uses by default, so the report's numbers equal its output. */
const STEP_CAP = 10_000;

export async function reportCommand(options: ReportOptions, io: Io): Promise<number> {
  const target = options.output === undefined ? undefined : outputTarget(io.cwd, options.output, options.force);
  const deals = wholeNumber('--deals', options.deals, DEFAULT_DEALS, 1, MAX_DEALS);
  const seed = wholeNumber('--seed', options.seed, DEFAULT_SEED, 0, Number.MAX_SAFE_INTEGER);
  const generatedAt = reportTime(io);
  if (options.asOf !== undefined && options.history === undefined) throw new SpxError('E_USAGE', '--as-of needs --history: name the deal-data files to compare with');
  const sources = loadValidProcesses(options.files, io, loadConfig(io, options), (options.set ?? []).map(parseSetting));
  for (const { file, process } of sources) checkVisitBudget(file, process, undefined, deals, STEP_CAP);

  const repo = gitRepo(io);
  const processes: ReportProcess[] = [];
  // Deal data read once per calendar time zone and cut-off, whatever the number of processes.
  const reads = new Map<string, Promise<DealData>>();
  for (const { file, process, parsed, diagnostics, scenario } of sources) {
    const revision = repo === undefined ? undefined : safeRevision(repo, file);
    const history = options.history === undefined ? undefined : await compare(process, options.history, options.asOf, generatedAt, seed, io, reads);
    processes.push({
      file,
      ...(revision === undefined ? {} : { revision }),
      sha256: sha256Hex(scenario === undefined ? parsed.text : fileText(file, io)),
      process,
      analysis: analyze(process),
      simulation: simulate(process, { deals, seed, stepCap: STEP_CAP }),
      diagnostics,
      sensitivity: { sensitivity: computeSensitivity(process), capacity: computeCapacity(process) },
      ...(history === undefined ? {} : { calibration: history.calibration, pipeline: history.pipeline }),
      ...(scenario === undefined ? {} : { scenario }),
    });
  }

  // The page code is loaded only here, so no other command pays for it.
  const { renderReport } = await import('../../index.js');
  const html = renderReport({ processes, version: io.version, generatedAt });
  if (target !== undefined) writeFileAtomic(target, html);
  else io.stdout(html);
  // As in `spx path`: a process that cannot be won as designed is a finding (the report still says why).
  return processes.some((p) => p.analysis.minimalPath.kind !== 'path') ? 1 : 0;
}

/**
 * `--history`: the deal data read in the process calendar's time zone (read once per zone and cut-off: processes
 * sharing a calendar share the read), compared
 * as `spx calibrate` compares it, and its open deals audited and forecast as `spx audit` and `spx forecast` do
 * with this process alone and the report's seed. Without --as-of the report's own time is the cut-off, so the
 * page stays byte-identical under SOURCE_DATE_EPOCH.
 */
async function compare(
  process: Process,
  files: readonly string[],
  asOfText: string | undefined,
  generatedAt: Date,
  seed: number,
  io: Io,
  reads: Map<string, Promise<DealData>>,
): Promise<{ calibration: ReportCalibration; pipeline: ReportPipeline }> {
  if (files.length === 0) throw new SpxError('E_USAGE', '--history needs at least one deal-data file');
  const asOf = asOfText === undefined ? generatedAt.getTime() : parseAsOf(asOfText, process.calendar.timeZone);
  const key = `${process.calendar.timeZone} ${asOf}`;
  let read = reads.get(key);
  if (read === undefined) {
    read = readDeals(files.map((file) => dealSource(file, io.cwd)), { asOf, timeZone: process.calendar.timeZone });
    reads.set(key, read);
  }
  const data = await read;
  const { report, otherPipelines } = compareWithDeals(process, data.deals, { asOf, minSample: MIN_SAMPLE });
  const calibration = { asOf: new Date(asOf).toISOString(), files, format: data.format, report, otherPipelines, eventsAfterAsOf: data.eventsAfterAsOf, issues: data.issues.length };
  const audit = auditDeals({ processes: [process], deals: data.deals, asOf, stallQuantile: STALL_QUANTILE, seed });
  const forecast = forecastDeals({ processes: [process], deals: data.deals, asOf, months: FORECAST_MONTHS, seed, runsPerDeal: RUNS_PER_DEAL });
  return { calibration, pipeline: { audit, forecast } };
}

/** The text of the file on disk: with --set, `parsed` holds the scenario's YAML, but the page names the file's hash. */
function fileText(file: string, io: Io): string {
  const decoded = decodeText(file, readProcessFile(file, io.cwd));
  return 'text' in decoded ? decoded.text : '';
}

/** SOURCE_DATE_EPOCH (whole seconds since 1970, https://reproducible-builds.org/specs/source-date-epoch/), else the clock. */
function reportTime(io: Io): Date {
  const epoch = io.env['SOURCE_DATE_EPOCH'];
  if (epoch === undefined || epoch === '') return io.now();
  const seconds = /^\d{1,12}$/.test(epoch.trim()) ? Number(epoch.trim()) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds * 1000 > 8.64e15) {
    throw new SpxError('E_USAGE', `SOURCE_DATE_EPOCH=${epoch}: expected whole seconds since 1970-01-01 (e.g. $(git log -1 --format=%ct))`);
  }
  return new Date(seconds * 1000);
}

/** The repository around the working directory, if any; the revision is a label, so no git is no error. */
function gitRepo(io: Io): GitRepo | undefined {
  try {
    return openRepo(io);
  } catch {
    return undefined;
  }
}

function safeRevision(repo: GitRepo, file: string): string | undefined {
  try {
    return fileRevision(repo, file);
  } catch {
    return undefined;
  }
}
