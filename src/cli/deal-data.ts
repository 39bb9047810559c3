/** Shared by the commands that read deal data (calibrate, audit, forecast): streamed sources, --as-of, and telling process files from data files. */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectFormat, locate, parseInstant, readDealTable, SpxError, tableToDeals, type Deal, type DealData, type DealTableData, type DealDataIssue, type DealFormat, type DealSource, type Process } from '../index.js';
import { declaresSpx, readProcessFile } from './files.js';
import type { Io } from './io.js';
import { loadConfig, loadValidContents, type ValidSource } from './valid-processes.js';

/** 9900-01-01T00:00Z: a century before the last date spx writes. */
const LATEST_AS_OF = Date.UTC(9900, 0, 1);

/** A bare date is midnight in the process calendar's time zone; a date-time needs `Z` or an offset (or is wall-clock there). */
export function parseAsOf(text: string, timeZone: string): number {
  const instant = parseInstant(text, timeZone);
  if (instant === undefined) throw new SpxError('E_BAD_DATE', `--as-of ${text} is not a date; use YYYY-MM-DD or an ISO 8601 date-time, e.g. 2026-12-01`);
  // Months, due dates and close dates after it must stay four-digit years (as the data's dates are, and the JSON schemas say).
  if (instant >= LATEST_AS_OF) throw new SpxError('E_BAD_DATE', `--as-of ${text} is too late: spx writes dates up to 9999 and looks ahead from --as-of; use a date before 9900-01-01`);
  return instant;
}

/** Deal data is streamed: a 1 GB export is never read whole. Only regular files: a FIFO or device would never end. */
export function dealSource(file: string, cwd: string): DealSource {
  const absolute = resolve(cwd, file);
  const size = regularFileSize(file, absolute);
  return {
    file,
    async *chunks() {
      if (size === 0) return;
      try {
        yield* createReadStream(absolute, { highWaterMark: 1 << 20 });
      } catch (error) {
        throw new SpxError('E_READ', `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    },
  };
}

function regularFileSize(file: string, absolute: string): number {
  try {
    const stat = statSync(absolute);
    if (stat.isDirectory()) throw new SpxError('E_READ', `${file}: is a directory, not a deal-data file`);
    if (!stat.isFile()) throw new SpxError('E_READ', `${file}: is not a regular file; save the export to a file and pass that`);
    return stat.size;
  } catch (error) {
    if (error instanceof SpxError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SpxError('E_FILE_NOT_FOUND', `${file}: no such file; check the path`);
    throw new SpxError('E_READ', `${file}: cannot be read (${code ?? String(error)}); check its permissions`);
  }
}

/** Where a data issue is: file:line[:column], or the file and JSON path. */
export function issueWhere(issue: DealDataIssue): string {
  const { file, line, column, jsonPath } = issue.source;
  if (line !== undefined) return `${file}:${line}${column === undefined ? '' : `:${column}`}`;
  return jsonPath === undefined ? file : `${file} ${jsonPath}`;
}

/** An issue as one line: its message, prefixed with its position unless the message already starts with it. */
export function issueLine(issue: DealDataIssue): string {
  const where = issueWhere(issue);
  return printable(issue.message.startsWith(`${where}:`) || issue.message.startsWith(`${issue.source.file}:`) ? issue.message : `${where}: ${issue.message}`);
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROLS = /\r\n|[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Text from a deal-data file (an id, owner, stage, currency) as a text report prints it: every control character
 * (an escape sequence that clears the screen or sets the title, a lone CR that overwrites the line, C1) becomes a
 * space, so an export cannot drive the terminal.
 */
export function printable(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, ' ') : text;
}

/** The first bytes of a file, to tell a process file (YAML declaring `apiVersion: spx/`) from deal data. */
function head(file: string, cwd: string): Uint8Array {
  const absolute = resolve(cwd, file);
  regularFileSize(file, absolute);
  const fd = openSync(absolute, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a file is a process, not deal data: its head declares `apiVersion: spx/` at the start of a line, and it does
 * not start like deal data spx knows (a CSV whose quoted note holds such a line is data). The one test of
 * audit, forecast and calibrate.
 */
export function isProcessFile(file: string, cwd: string): boolean {
  const bytes = head(file, cwd);
  return declaresSpx(bytes) && detectFormat(file, new TextDecoder().decode(bytes)) === undefined;
}

/**
 * The files without repeats (the same file: by device and inode, so through links too), the first of each
 * kept: overlapping globs name a file twice, and a process read twice would claim its pipeline twice, a data file
 * read twice double its events. A file that cannot be resolved is kept (reading it reports why).
 */
export function uniqueFiles(files: readonly string[], cwd: string): string[] {
  const seen = new Set<string>();
  return files.filter((file) => {
    let identity: string;
    try {
      // As bigints: some file systems number inodes past 2^53.
      const { dev, ino } = statSync(resolve(cwd, file), { bigint: true });
      identity = `${dev}:${ino}`;
    } catch {
      return true;
    }
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
}

export interface PipelineOptions {
  readonly from?: DealFormat;
  readonly asOf?: string;
  readonly config?: string;
  readonly configLookup?: boolean;
}

/** Deals go to the first process that claims their pipeline: a second claim of one `crm.pipeline` would get none of them. */
function refuseSharedPipelines(sources: readonly ValidSource[]): void {
  const claimedBy = new Map<string, string>();
  for (const source of sources) {
    const pipeline = source.process.crm?.pipeline;
    if (pipeline === undefined) continue;
    const first = claimedBy.get(pipeline);
    if (first === undefined) {
      claimedBy.set(pipeline, source.file);
      continue;
    }
    const { line, column } = locate(source.parsed, ['crm', 'pipeline']).range;
    throw new SpxError('E_USAGE', `${source.file}:${line}:${column}: crm.pipeline ${JSON.stringify(pipeline)} is claimed by ${first} too, which would get all its deals; give each process its own pipeline`);
  }
}

/** The processes (valid, in the order given) and the deal data of a command line that mixes them. */
export interface PipelineInput {
  readonly sources: readonly ValidSource[];
  readonly processes: readonly Process[];
  readonly data: DealData;
  /** Epoch ms. */
  readonly asOf: number;
}

/**
 * Reads `PROCESS… DATA…` in any order: files whose head declares `apiVersion: spx/` are processes (linted; any
 * error is fatal), the rest deal data (streamed). `--as-of` (default: now) and bare dates in the data are read in
 * the first process's calendar time zone.
 */
export async function readPipeline(files: readonly string[], options: PipelineOptions, io: Io): Promise<PipelineInput> {
  const { data, ...input } = await readPipelineTable(files, options, io);
  return { ...input, data: { format: data.format, deals: tableToDeals(data.table), issues: data.issues, eventsAfterAsOf: data.eventsAfterAsOf } };
}

/** {@link readPipeline} with the deal data in columns ({@link readDealTable}): no object per event. */
export interface PipelineTableInput extends Omit<PipelineInput, 'data'> {
  readonly data: DealTableData;
}

/**
 * {@link readPipeline}, the deal data left in columns. `beforeData`, if given, is called with the processes and
 * as-of once they are read and linted, before the deal data is: work that needs only them (e.g. handing the
 * processes to worker threads) overlaps the read.
 */
export async function readPipelineTable(
  files: readonly string[],
  options: PipelineOptions,
  io: Io,
  beforeData?: (input: Omit<PipelineTableInput, 'data'>) => void,
): Promise<PipelineTableInput> {
  const processFiles: string[] = [];
  const dataFiles: string[] = [];
  for (const file of uniqueFiles(files, io.cwd)) (isProcessFile(file, io.cwd) ? processFiles : dataFiles).push(file);
  if (processFiles.length === 0) throw new SpxError('E_USAGE', 'name at least one process file (a YAML file starting with apiVersion: spx/v1) before the deal data');
  if (dataFiles.length === 0) throw new SpxError('E_USAGE', 'name at least one deal-data file after the process files');
  const config = loadConfig(io, options);
  const sources = loadValidContents([{ inputs: processFiles.map((file) => ({ file, contents: readProcessFile(file, io.cwd) })) }], io, config)[0]!;
  refuseSharedPipelines(sources);
  const timeZone = sources[0]!.process.calendar.timeZone;
  const asOf = options.asOf === undefined ? io.now().getTime() : parseAsOf(options.asOf, timeZone);
  const processes = sources.map((s) => s.process);
  beforeData?.({ sources, processes, asOf });
  const data = await readDealTable(dataFiles.map((file) => dealSource(file, io.cwd)), { from: options.from, asOf, timeZone });
  return { sources, processes, data, asOf };
}
