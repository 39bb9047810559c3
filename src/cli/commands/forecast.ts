/** `spx forecast`: what the open pipeline will bring, per month and currency, with P10–P90 bands and a bar chart. */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChalkInstance } from 'chalk';
import {
  compileForecastInWorkers,
  forecastDealsInWorkers,
  forecastDealTable,
  forecastThreads,
  SpxError,
  WorkerPool,
  type Band,
  type CompiledForecast, type DealDataIssue, type ForecastDeal, type DealFormat, type ForecastReport, type ForecastRow } from '../../index.js';
import { ChunkedOutput } from '../chunked-output.js';
import { issueLine, printable, readPipelineTable, type PipelineTableInput } from '../deal-data.js';
import { chalkFor, type Io } from '../io.js';
import { outputTarget, writeFileAtomicChunks } from '../write-file.js';

export interface ForecastOptions {
  readonly files: readonly string[];
  readonly from?: DealFormat;
  readonly asOf?: string;
  readonly months: number;
  readonly seed: number;
  readonly runsPerDeal: number;
  /** The contract's name of --runs-per-deal, accepted as well. */
  readonly dealsPerDeal?: number;
  readonly workers: number;
  readonly format: 'text' | 'json';
  readonly config?: string;
  readonly configLookup?: boolean;
  readonly color?: boolean;
  /** Write the report to this file (atomically) instead of stdout. */
  readonly outputFile?: string;
  /** Replace the --output-file if it exists. */
  readonly force?: boolean;
}

/** The `--format json` shape: the report with instants as ISO 8601, absent values as null, and what was not read. */
export interface ForecastJson {
  readonly asOf: string;
  readonly seed: number;
  readonly runsPerDeal: number;
  readonly months: readonly string[];
  readonly processes: readonly { file: string; name: string; version: string }[];
  readonly totals: readonly unknown[];
  readonly rows: readonly unknown[];
  readonly deals: readonly unknown[];
  readonly skipped: ForecastReport['skipped'];
  readonly unrouted: readonly { id: string; pipeline: string | null }[];
  readonly format: DealFormat;
  readonly issues: readonly DealDataIssue[];
}

/** The chart's bar width in characters: with the labels and numbers, a line stays within 100 columns. */
const BAR = 40;

export async function forecastCommand(options: ForecastOptions, io: Io): Promise<number> {
  const runs = options.dealsPerDeal ?? options.runsPerDeal;
  if (options.months > 120) throw new SpxError('E_USAGE', `--months ${options.months}: at most 120`);
  if (runs > 100_000) throw new SpxError('E_USAGE', `--runs-per-deal ${runs}: at most 100,000`);
  if (options.workers > 64) throw new SpxError('E_USAGE', `--workers ${options.workers}: at most 64`);
  const target = options.outputFile === undefined ? undefined : outputTarget(io.cwd, options.outputFile, options.force);
  // The worker threads start first and load their code while this thread reads the processes and the deal data;
  // not when the data is too small to give them work (at most one deal per MIN_BYTES_PER_DEAL bytes).
  const threads = options.workers > 1 ? forecastThreads(Math.ceil(bytesOf(options.files, io.cwd) / MIN_BYTES_PER_DEAL), runs, options.workers) : 1;
  const pool = threads > 1 ? new WorkerPool(workerFile(io), threads) : undefined;
  try {
    // Once the processes are linted the workers compile them, while this thread reads the deal data.
    let compiled: CompiledForecast | undefined;
    const compileInWorkers = (read: { processes: PipelineTableInput['processes']; asOf: number }) => {
      if (pool !== undefined) compiled = compileForecastInWorkers(pool, { processes: read.processes, asOf: read.asOf, months: options.months });
    };
    // The deals stay in columns: each open deal's stage, amount and currency go straight into the simulation's arrays.
    const input = await readPipelineTable(options.files, options, io, compileInWorkers);
    const forecastInput = { processes: input.processes, table: input.data.table, asOf: input.asOf, months: options.months, seed: options.seed, runsPerDeal: runs };
    // With workers, the deals' JSON (most of the output) is formatted while they simulate, in chunks: millions of
    // deals make more text than one string can hold.
    let dealChunks: string[] | undefined;
    const formatDeals =
      options.format === 'json'
        ? (deals: readonly ForecastDeal[]) => {
            const chunks: string[] = [];
            const out = new ChunkedOutput((text) => chunks.push(text));
            writeDealsJson(deals, out);
            out.end();
            dealChunks = chunks;
          }
        : undefined;
    const report =
      pool === undefined
        ? forecastDealTable(forecastInput)
        : await forecastDealsInWorkers(forecastInput, pool, { whileSimulating: formatDeals, compiled, threads: forecastThreads(input.data.table.deals.length, runs, threads) });
    const render = (out: ChunkedOutput): void => {
      if (options.format === 'json') writeForecastJson(forecastJsonHead(report, input), dealChunks ?? report.deals, out);
      else out.write(renderText(report, input, chalkFor(io, options.outputFile ? false : options.color)));
      out.end();
    };
    if (target !== undefined) writeFileAtomicChunks(target, (write) => render(new ChunkedOutput(write)));
    else render(new ChunkedOutput((text) => io.stdout(text)));
    return 0;
  } finally {
    pool?.close();
  }
}

/** The fewest bytes of deal data a deal takes (an events CSV row `id,stage,date` and its newline): bounds the deals in a file. */
const MIN_BYTES_PER_DEAL = 16;

/** The size of the files together (those that cannot be read count 0: reading them reports why). */
function bytesOf(files: readonly string[], cwd: string): number {
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(resolve(cwd, file)).size;
    } catch {
      // reported when the file is read
    }
  }
  return bytes;
}

/** The built worker entry; the core never derives paths from its own location. */
function workerFile(io: Io): string {
  const file = join(io.packageRoot, 'dist', 'forecast-worker.cjs');
  if (!existsSync(file)) throw new SpxError('E_INTERNAL', `${file} is missing: rebuild spx (npm run build), or run with --workers 1`);
  return file;
}

const nullable = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** The JSON report without its long arrays (`[]`: deals, skipped, unrouted, issues), which {@link writeForecastJson} writes item by item. */
function forecastJsonHead(report: ForecastReport, input: PipelineTableInput): ForecastJsonHead {
  return {
    asOf: new Date(report.asOf).toISOString(),
    seed: report.seed,
    runsPerDeal: report.runsPerDeal,
    months: report.months,
    processes: input.sources.map((s) => ({ file: s.file, name: s.process.name, version: s.process.version })),
    totals: report.totals.map((t) => ({ ...t, currency: nullable(t.currency) })),
    rows: report.rows.map((r) => ({ ...r, currency: nullable(r.currency) })),
    skipped: report.skipped,
    unrouted: report.unrouted.map((u) => ({ id: u.id, pipeline: nullable(u.pipeline) })),
    format: input.data.format,
    issues: input.data.issues,
  };
}

/** {@link ForecastJson} but its deals, which are written from the report's {@link ForecastDeal}s. */
export type ForecastJsonHead = Omit<ForecastJson, 'deals'>;

/** The four arrays as long as the data: each written item by item, never as one string. */
const LONG_ARRAYS = ['deals', 'skipped', 'unrouted', 'issues'] as const;

/**
 * Writes `JSON.stringify(json, null, 2)` with the deals of `deals` (their entries made by {@link dealJson}) and a
 * line break to `out`, byte for byte, in chunks: the head is small, the deals (or the chunks {@link writeDealsJson}
 * made of them) and the other long arrays are written item by item.
 */
export function writeForecastJson(json: ForecastJsonHead, deals: readonly ForecastDeal[] | readonly string[], out: ChunkedOutput): void {
  const { asOf, seed, runsPerDeal, months, processes, totals, rows, format } = json;
  // The keys in ForecastJson's order.
  const head = JSON.stringify({ asOf, seed, runsPerDeal, months, processes, totals, rows, deals: [], skipped: [], unrouted: [], format, issues: [] }, null, 2);
  let at = 0;
  for (const key of LONG_ARRAYS) {
    // A top-level key is the only line that is exactly this: nested keys are indented further, strings have no raw line break.
    const placeholder = `\n  "${key}": []`;
    const start = head.indexOf(placeholder, at);
    out.write(head.slice(at, start));
    out.write(`\n  "${key}": `);
    if (key === 'deals') {
      if (deals.length === 0) out.write('[]');
      else if (typeof deals[0] === 'string') for (const chunk of deals as readonly string[]) out.write(chunk);
      else writeDealsJson(deals as readonly ForecastDeal[], out);
    } else writeNestedArray(json[key], out);
    at = start + placeholder.length;
  }
  out.line(head.slice(at));
}

/** A number as `JSON.stringify` writes it (null when not finite). */
const jsonNumber = (x: number): string => (Number.isFinite(x) ? String(x) : 'null');

/** Strings that repeat from deal to deal: at most this many of a field are remembered. */
const REMEMBERED = 4096;

/** `JSON.stringify` of a string, absent as null, remembered: a pipeline repeats its processes, stages, owners, currencies and dates. */
function rememberedJson(): (text: string | undefined) => string {
  const json = new Map<string, string>();
  return (text) => {
    if (text === undefined) return 'null';
    let piece = json.get(text);
    if (piece === undefined) {
      piece = JSON.stringify(text);
      if (json.size < REMEMBERED) json.set(text, piece);
    }
    return piece;
  };
}

/**
 * The deals array of the JSON report, as `JSON.stringify` writes it at a top-level key with indent 2, a deal at a
 * time: the text of each deal's {@link dealJson} entry, made field by field.
 */
export function writeDealsJson(deals: readonly ForecastDeal[], out: ChunkedOutput): void {
  if (deals.length === 0) {
    out.write('[]');
    return;
  }
  const process = rememberedJson();
  const stage = rememberedJson();
  const owner = rememberedJson();
  const currency = rememberedJson();
  const date = rememberedJson();
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i]!;
    out.write(
      `${i === 0 ? '[' : ','}\n    {\n      "id": ${JSON.stringify(d.id)},\n      "process": ${process(d.process)},\n      "stage": ${stage(d.stage)},\n      "owner": ${owner(d.owner)},\n      "amount": ${d.amount === undefined ? 'null' : jsonNumber(d.amount)},\n      "currency": ${currency(d.currency)},\n      "winProbability": ${jsonNumber(d.winProbability)},\n      "expectedCloseDate": ${date(d.expectedCloseDate)}\n    }`,
    );
  }
  out.write('\n  ]');
}

/** An array as `JSON.stringify(value, null, 2)` writes it at a top-level key, an item at a time. */
function writeNestedArray(items: readonly unknown[], out: ChunkedOutput): void {
  if (items.length === 0) {
    out.write('[]');
    return;
  }
  for (let i = 0; i < items.length; i++) {
    // An item's text indented 4 more: JSON.stringify escapes every line break inside strings, so each raw one starts a line.
    out.write(`${i === 0 ? '[' : ','}\n    ${(JSON.stringify(items[i], null, 2) ?? 'null').replaceAll('\n', '\n    ')}`);
  }
  out.write('\n  ]');
}

/** A deal's entry of the JSON report. */
export function dealJson(d: ForecastDeal): unknown {
  return {
    id: d.id,
    process: d.process,
    stage: d.stage,
    owner: nullable(d.owner),
    amount: nullable(d.amount),
    currency: nullable(d.currency),
    winProbability: d.winProbability,
    expectedCloseDate: nullable(d.expectedCloseDate),
  };
}

/** A whole number with thousands separators (locale-independent, so output is the same everywhere). */
export function groupDigits(value: number): string {
  const rounded = Math.round(value);
  const sign = rounded < 0 ? '-' : '';
  const magnitude = Math.abs(rounded);
  // String() writes 1e21 and up in exponent notation; a finite double is a whole number there, BigInt writes its digits.
  const digits = magnitude >= 1e21 && Number.isFinite(magnitude) ? BigInt(magnitude).toString() : String(magnitude);
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const wins = (x: number): string => x.toFixed(1);
const range = (b: Band, f: (x: number) => string): string => `${f(b.p10)}–${f(b.p90)}`;

/**
 * One chart line: `#` up to the expected bookings, `-` on to P90, `|` at P10, on a scale where `max` fills the bar.
 */
function bar(row: ForecastRow, max: number): string {
  const at = (x: number) => (max > 0 ? Math.round((x / max) * BAR) : 0);
  const cells: string[] = Array.from({ length: BAR }, (_, i) => (i < at(row.expectedBookings) ? '#' : i < at(row.bookings.p90) ? '-' : ' '));
  const p10 = at(row.bookings.p10);
  if (p10 > 0 && p10 <= BAR) cells[p10 - 1] = '|';
  return cells.join('');
}

function renderText(report: ForecastReport, input: PipelineTableInput, chalk: ChalkInstance): string {
  const date = new Date(report.asOf).toISOString().slice(0, 10);
  const names = input.sources.map((s) => `${s.process.name} ${s.process.version}`).join(', ');
  const out = [
    `${chalk.bold(`Pipeline forecast as of ${date}`)} ${chalk.dim(`(${names})`)}`,
    `  ${report.deals.length} open deals, ${groupDigits(report.runsPerDeal)} simulated futures each (seed ${report.seed}); expectations exact, P10–P90 simulated`,
  ];
  if (report.skipped.length > 0) out.push(chalk.yellow(`  ${report.skipped.length} open deals without a forecast (stage not mapped or never entered): ${report.skipped.slice(0, 5).map((s) => printable(s.id)).join(', ')}${report.skipped.length > 5 ? ', …' : ''}`));
  if (report.unrouted.length > 0) out.push(chalk.yellow(`  ${report.unrouted.length} deals are in pipelines no process claims (set crm.pipeline)`));
  for (const total of report.totals) {
    const currency = printable(total.currency ?? '(no currency)');
    const rows = report.rows.filter((r) => r.currency === total.currency);
    out.push('', chalk.bold(`${currency} — ${total.deals} deals${total.withoutAmount > 0 ? `, ${total.withoutAmount} without an amount (counted in wins only)` : ''}`));
    out.push(`  ${'month'.padEnd(8)} ${'exp. wins'.padStart(9)} ${'P10–P90'.padStart(11)} ${'exp. bookings'.padStart(14)} ${'P10–P90 bookings'.padStart(24)}`);
    const line = (label: string, w: number, wb: Band, b: number, bb: Band) =>
      `  ${label.padEnd(8)} ${wins(w).padStart(9)} ${range(wb, String).padStart(11)} ${groupDigits(b).padStart(14)} ${range(bb, groupDigits).padStart(24)}`;
    for (const row of rows) out.push(line(row.month, row.expectedWins, row.wins, row.expectedBookings, row.bookings));
    out.push(chalk.bold(line('total', total.expectedWins, total.wins, total.expectedBookings, total.bookings)));
    if (total.expectedBookings > 0) {
      const max = Math.max(...rows.map((r) => Math.max(r.bookings.p90, r.expectedBookings)));
      out.push('', chalk.dim(`  bookings by month (${currency}): # expected, - up to P90, | P10`));
      for (const row of rows) out.push(`  ${row.month.padEnd(8)} ${bar(row, max)} ${groupDigits(row.expectedBookings)}`);
    }
  }
  const top = [...report.deals].sort((a, b) => (b.amount ?? 0) * b.winProbability - (a.amount ?? 0) * a.winProbability || (a.id < b.id ? -1 : 1)).slice(0, 10);
  if (top.length > 0) {
    out.push('', chalk.bold('largest expected bookings'), `  ${'deal'.padEnd(12)} ${'stage'.padEnd(24)} ${'amount'.padStart(12)} ${'win'.padStart(5)} ${'expected close'.padStart(14)}`);
    for (const d of top) {
      out.push(`  ${printable(d.id.slice(0, 12)).padEnd(12)} ${printable(d.stage.slice(0, 24)).padEnd(24)} ${`${d.amount === undefined ? '–' : groupDigits(d.amount)}${d.currency ? ` ${printable(d.currency)}` : ''}`.padStart(12)} ${`${(d.winProbability * 100).toFixed(0)}%`.padStart(5)} ${(d.expectedCloseDate ?? '–').padStart(14)}`);
    }
    if (report.deals.length > top.length) out.push(chalk.dim(`  … ${report.deals.length - top.length} more deals (--json lists every deal)`));
  }
  if (input.data.issues.length > 0) {
    out.push('', chalk.yellow(`${input.data.issues.length} data ${input.data.issues.length === 1 ? 'record was' : 'records were'} not used:`));
    for (const issue of input.data.issues.slice(0, 10)) out.push(`  ${issueLine(issue)}`);
    if (input.data.issues.length > 10) out.push(chalk.dim(`  … and ${input.data.issues.length - 10} more (--json lists them all)`));
  }
  return `${out.join('\n')}\n`;
}
