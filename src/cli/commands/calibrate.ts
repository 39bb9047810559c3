/** `spx calibrate`: read deal histories, compare them with what the process predicts, and optionally write the fitted numbers back. */
import { resolve } from 'node:path';
import type { ChalkInstance } from 'chalk';
import {
  applyCalibration,
  compareWithDealTable,
  diffProcesses,
  formatDiff,
  locate,
  readDealTable,
  SpxError,
  type CalibrationReport,
  type CalibrationUpdate,
  type DealDataIssue,
  type DealFormat,
  type Diagnostic,
  type Process,
  toCalendarDays,
  type StepCalibration,
} from '../../index.js';
import { dealSource, isProcessFile, issueLine, parseAsOf, printable, uniqueFiles } from '../deal-data.js';
import { fitText } from '../fit.js';
import { chalkFor, terminalWidth, useColor, type Io } from '../io.js';
import { parseNumberOption } from '../number-option.js';
import { readProcessFile } from '../files.js';
import { table } from '../table.js';
import { loadConfig, loadValidContents, type ValidSource } from '../valid-processes.js';
import { writeFileAtomic } from '../write-file.js';

export interface CalibrateOptions {
  readonly process: string;
  readonly data: readonly string[];
  readonly from?: DealFormat;
  readonly asOf?: string;
  /** Raw `--min-sample`; default 30. */
  readonly minSample?: string;
  readonly format: 'text' | 'json' | 'markdown';
  readonly write?: boolean;
  readonly strict?: boolean;
  readonly config?: string;
  /** Commander's name for --no-config-lookup. */
  readonly configLookup?: boolean;
  readonly color?: boolean;
}

/** The `--format json` shape: the contract's calibration report with the file, process and data facts around it. */
export interface CalibrationJson extends CalibrationReport {
  readonly file: string;
  readonly process: string;
  readonly version: string;
  readonly asOf: string;
  readonly format: DealFormat;
  /** Deals in another CRM pipeline than the process's `crm.pipeline` (not compared). */
  readonly otherPipelines: number;
  readonly eventsAfterAsOf: number;
  /** Records of the data files spx could not use, each with its position. */
  readonly issues: readonly DealDataIssue[];
  /** `findings` with their positions in the process file. */
  readonly diagnostics: readonly Diagnostic[];
}

export async function calibrateCommand(options: CalibrateOptions, io: Io): Promise<number> {
  const minSample = options.minSample === undefined ? 30 : parseNumberOption('--min-sample', options.minSample, { integer: true, min: 1, example: '30' });
  if (options.data.length === 0) throw new SpxError('E_USAGE', 'name at least one deal-data file after the process file');
  // A file named twice (overlapping globs) is read once: the process again among the data is no second process.
  const dataFiles = uniqueFiles([options.process, ...options.data], io.cwd).slice(1);
  if (dataFiles.length === 0) throw new SpxError('E_USAGE', 'name at least one deal-data file after the process file');
  // Told apart by their heads, as audit and forecast do: a CSV linted as a process gives a page of schema errors.
  const processAmongData = dataFiles.find((file) => isProcessFile(file, io.cwd));
  if (processAmongData !== undefined) {
    if (!isProcessFile(options.process, io.cwd)) {
      throw new SpxError('E_USAGE', `${options.process} is deal data and ${processAmongData} a process: give the process first (spx calibrate PROCESS DATA…)`);
    }
    throw new SpxError('E_USAGE', `${processAmongData} is a process file: calibrate compares one process with deal data; run it once per process`);
  }
  const config = loadConfig(io, options);
  const source = loadValidContents([{ inputs: [{ file: options.process, contents: readProcessFile(options.process, io.cwd) }] }], io, config)[0]![0]!;
  const { process, parsed } = source;
  const asOf = options.asOf === undefined ? io.now().getTime() : parseAsOf(options.asOf, process.calendar.timeZone);

  const data = await readDealTable(dataFiles.map((file) => dealSource(file, io.cwd)), {
    from: options.from,
    asOf,
    timeZone: process.calendar.timeZone,
  });
  const { report, otherPipelines } = compareWithDealTable(process, data.table, { asOf, minSample });
  const diagnostics: Diagnostic[] = report.findings.map((finding) => ({
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    // One wording per finding kind: the rule id doubles as its message id, and the path says which node.
    messageId: finding.ruleId,
    path: finding.path,
    file: source.file,
    ...locate(parsed, finding.path).range,
  }));
  const json: CalibrationJson = {
    file: source.file,
    process: process.name,
    version: process.version,
    asOf: new Date(asOf).toISOString(),
    format: data.format,
    ...report,
    otherPipelines,
    eventsAfterAsOf: data.eventsAfterAsOf,
    issues: data.issues,
    diagnostics,
  };

  const chalk = chalkFor(io, options.color);
  if (options.format === 'json') io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  else if (options.format === 'markdown') io.stdout(renderMarkdown(json, process));
  else {
    // Findings are file:line:column lines, as lint prints them: one line each in a pipe, for grep; fitted on a terminal.
    const width = terminalWidth(io);
    io.stdout(width === undefined ? renderText(json, process, chalk) : fitText(renderText(json, process, chalk), width));
  }

  if (options.write) writeFitted(source, report, io, options, config, minSample);

  const unusedData = data.issues.length + report.unmapped.length + report.deals.ignored > 0;
  return options.strict && (diagnostics.length > 0 || unusedData) ? 1 : 0;
}

/**
 * A fitted duration (business days) in the unit the file writes the step's duration in: a step given in calendar
 * days keeps them (business days × 7 / workdays per week, to 2 decimals), so `--write` never changes what a number means.
 */
function inWrittenUnit(process: Process, stepId: string, fitted: { min: number; likely: number; max: number }): StepCalibration['duration'] {
  const calendarDays = process.steps.get(stepId)?.duration?.calendarDays;
  if (!calendarDays) return { min: fitted.min, likely: fitted.likely, max: fitted.max };
  const days = (x: number): number => Math.round(toCalendarDays(x, calendarDays) * 100) / 100;
  return { min: days(fitted.min), likely: days(fitted.likely), max: days(fitted.max), unit: 'calendar-days' };
}

/** `--write`: the fitted numbers of every one-step stage with enough data, into the file, keeping its layout; then the impact. */
function writeFitted(source: ValidSource, report: CalibrationReport, io: Io, options: CalibrateOptions, config: ReturnType<typeof loadConfig>, minSample: number): void {
  const steps = new Map<string, StepCalibration>();
  for (const stage of report.stages) {
    const fitted = stage.fitted;
    if (!fitted || stage.steps.length !== 1) continue;
    const update: { next?: Map<string, number>; duration?: StepCalibration['duration'] } = {};
    if (fitted.p) update.next = new Map(fitted.p.map(({ to, p }) => [to, p]));
    if (fitted.duration) update.duration = inWrittenUnit(source.process, stage.steps[0]!, fitted.duration);
    if (update.next || update.duration) steps.set(stage.steps[0]!, update);
  }
  if (steps.size === 0) {
    io.stderr(`spx: ${source.file}: nothing to write: no stage has ${minSample} or more observations (--min-sample)\n`);
    return;
  }
  const update: CalibrationUpdate = { steps };
  const written = applyCalibration(source.parsed.text, update);
  // The new text must still be a valid process before it replaces the user's file.
  const after = loadValidContents([{ inputs: [{ file: source.file, contents: written.text }], fix: 'the fitted numbers do not pass lint; the file was not changed' }], io, config)[0]![0]!;
  writeFileAtomic(resolve(io.cwd, source.file), written.text);
  io.stderr(`spx: ${source.file}: fitted numbers written for ${steps.size} ${steps.size === 1 ? 'step' : 'steps'}, version ${source.process.version} → ${written.version}\n`);
  io.stderr(formatDiff('text', { base: undefined, entries: [{ file: source.file, diff: diffProcesses(source, after), process: after.process }] }, { color: useColor(io, options.color) }));
}

const num = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const interval = (ci: readonly [number, number] | null, digits = 2): string => (ci ? `${ci[0].toFixed(digits)}–${ci[1].toFixed(digits)}` : '–');

/** A stage or outcome id as a reader knows it: the step's or outcome's title where there is one. */
function label(process: Process, id: string): string {
  const step = process.steps.get(id);
  return step && step.title !== id ? `${step.title} (${id})` : id;
}

function verdictText(verdict: string, chalk: ChalkInstance): string {
  if (verdict === 'ok') return chalk.green('ok');
  if (verdict === 'too-few') return chalk.dim('too few');
  return chalk.yellow(verdict);
}

function summaryLines(json: CalibrationJson): string[] {
  const { deals, winRate, cycleDays } = json;
  const lines = [
    `  ${deals.total} deals (${deals.won} won, ${deals.lost} lost, ${deals.disqualified > 0 ? `${deals.disqualified} disqualified, ` : ''}${deals.open} open, ${deals.ignored} ignored) as of ${json.asOf.slice(0, 10)}, read as ${json.format}`,
    `  win rate: predicted ${num(winRate.predicted * 100, 1)}%, observed ${winRate.observed === null ? '–' : `${num(winRate.observed * 100, 1)}%`} (95% ${interval(winRate.ci && [winRate.ci[0] * 100, winRate.ci[1] * 100], 1)}, n ${winRate.n}) ${winRate.verdict}`,
    `  cycle of won deals: predicted ${num(cycleDays.predicted, 1)} business days, observed mean ${num(cycleDays.observedMean, 1)}, median ${num(cycleDays.observedMedian, 1)} (n ${cycleDays.n})`,
  ];
  if (json.otherPipelines > 0) lines.push(`  ${json.otherPipelines} deals in other pipelines were not compared`);
  if (json.eventsAfterAsOf > 0) lines.push(`  ${json.eventsAfterAsOf} events at or after ${json.asOf.slice(0, 10)} were ignored`);
  return lines;
}

function renderText(json: CalibrationJson, process: Process, chalk: ChalkInstance): string {
  const out = [`${chalk.bold(process.title)} ${chalk.dim(`(${json.process} ${json.version}, ${json.file})`)}`, ...summaryLines(json), ''];
  for (const stage of json.stages) {
    out.push(chalk.bold(`${stage.stage}`) + chalk.dim(stage.steps.length === 1 && stage.steps[0] === stage.stage ? '' : ` — steps ${stage.steps.join(', ')}`));
    const rows = table(['next stage', 'predicted', 'observed', 'k/n', '95% interval', 'verdict']);
    for (const t of json.transitions.filter((t) => t.from === stage.stage)) {
      rows.push([t.to, num(t.predicted), num(t.observed), `${t.k}/${t.n}`, interval(t.ci), verdictText(t.verdict, chalk)]);
    }
    rows.push([
      'days in stage',
      num(stage.predictedDays, 1),
      num(stage.mean, 1),
      `${stage.n}+${stage.censored} open`,
      interval(stage.ci, 1),
      verdictText(stage.verdict, chalk),
    ]);
    out.push(rows.toString());
    out.push(chalk.dim(`  Kaplan–Meier p50 ${num(stage.p50, 1)} · p80 ${num(stage.p80, 1)} · p90 ${num(stage.p90, 1)} business days`));
    out.push('');
  }
  if (json.unmapped.length > 0) {
    out.push(chalk.yellow(`stages the process does not map (add them to crm.stages): ${json.unmapped.map((u) => `${printable(u.stage)} (${u.deals} deals)`).join(', ')}`));
  }
  for (const d of json.diagnostics) out.push(`${d.file}:${d.line}:${d.column}  ${chalk.yellow('warning')}  ${d.message}  ${chalk.dim(d.ruleId)}`);
  if (json.issues.length > 0) {
    out.push(chalk.yellow(`${json.issues.length} data ${json.issues.length === 1 ? 'record was' : 'records were'} not used:`));
    for (const issue of json.issues.slice(0, 10)) out.push(`  ${issueLine(issue)}`);
    if (json.issues.length > 10) out.push(chalk.dim(`  … and ${json.issues.length - 10} more (--format json lists them all)`));
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** Markdown for a pull request or a review document: text from data files is escaped so it cannot inject markup. */
function renderMarkdown(json: CalibrationJson, process: Process): string {
  // Every line break (a lone CR too: CommonMark ends lines there) and control character becomes a space.
  const md = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&').replace(/\r\n|[\u0000-\u001f\u007f-\u009f]/g, ' ');
  const out = [`### Calibration of ${md(process.title)} (${md(json.process)} ${md(json.version)})`, '', ...summaryLines(json).map((l) => `- ${md(l.trim())}`), ''];
  out.push('| stage | next stage | predicted | observed | k/n | 95% interval | verdict |', '|---|---|---:|---:|---:|---|---|');
  for (const stage of json.stages) {
    for (const t of json.transitions.filter((t) => t.from === stage.stage)) {
      out.push(`| ${md(label(process, stage.stage))} | ${md(t.to)} | ${num(t.predicted)} | ${num(t.observed)} | ${t.k}/${t.n} | ${interval(t.ci)} | ${t.verdict} |`);
    }
    out.push(`| ${md(label(process, stage.stage))} | *days in stage* | ${num(stage.predictedDays, 1)} | ${num(stage.mean, 1)} | ${stage.n} (+${stage.censored} open) | ${interval(stage.ci, 1)} | ${stage.verdict} |`);
  }
  if (json.unmapped.length > 0) out.push('', `Unmapped stages: ${json.unmapped.map((u) => `${md(u.stage)} (${u.deals} deals)`).join(', ')}`);
  if (json.diagnostics.length > 0) {
    out.push('', ...json.diagnostics.map((d) => `- \`${d.file}:${d.line}:${d.column}\` ${md(d.message)} (${d.ruleId})`));
  }
  return `${out.join('\n')}\n`;
}
