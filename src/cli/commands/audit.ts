/** `spx audit`: which open deals need attention today — no next step, overdue, stalled, gates skipped — and what to do about each. */
import type { ChalkInstance } from 'chalk';
import {
  AUDIT_FINDINGS,
  auditDealTable,
  csvRow,
  formatDays,
  SpxError,
  wrapWords,
  type AuditedDeal,
  type AuditFinding,
  type AuditFindingId,
  type AuditReport,
  type DealDataIssue,
  type DealFormat,
} from '../../index.js';
import { issueLine, printable, readPipelineTable, type PipelineTableInput as PipelineInput } from '../deal-data.js';
import { fitText, reportWidth } from '../fit.js';
import { chalkFor, DEFAULT_COLUMNS, type Io } from '../io.js';
import { count } from '../numbers.js';
import { ChunkedOutput } from '../chunked-output.js';
import { outputTarget, writeFileAtomicChunks } from '../write-file.js';

export interface AuditOptions {
  /** Process files and deal-data files, in any order (told apart by content). */
  readonly files: readonly string[];
  readonly from?: DealFormat;
  readonly asOf?: string;
  readonly stallQuantile: number;
  readonly seed: number;
  readonly format: 'text' | 'json' | 'csv' | 'markdown';
  readonly failOn?: string;
  readonly outputFile?: string;
  /** Replace the --output-file if it exists. */
  readonly force?: boolean;
  readonly config?: string;
  /** Commander's name for --no-config-lookup. */
  readonly configLookup?: boolean;
  readonly color?: boolean;
}

/** The `--format json` shape (deal-data contract §5): instants as ISO 8601, absent values as null. */
export interface AuditJson {
  readonly asOf: string;
  readonly stallQuantile: number;
  readonly processes: readonly { file: string; name: string; version: string; open: number; flagged: number; stallDays: { stage: string; days: number | null }[] }[];
  readonly counts: AuditReport['counts'];
  readonly deals: readonly {
    id: string;
    process: string;
    stage: string;
    enteredAt: string;
    daysInStage: number;
    nextActivityAt: string | null;
    owner: string | null;
    amount: number | null;
    currency: string | null;
    winProbability: number | null;
    stallDays: number | null;
    findings: { id: AuditFindingId; message: string; due: string | null }[];
  }[];
  readonly unrouted: readonly { id: string; pipeline: string | null }[];
  readonly format: DealFormat;
  readonly eventsAfterAsOf: number;
  readonly issues: readonly DealDataIssue[];
}

/** The CSV columns: one row per finding, ready to import as CRM tasks. */
export const AUDIT_CSV_COLUMNS = ['deal', 'owner', 'finding', 'due', 'message', 'process', 'stage', 'days_in_stage', 'next_activity_at', 'amount', 'currency', 'win_probability'] as const;

export async function auditCommand(options: AuditOptions, io: Io): Promise<number> {
  const failOn = parseFailOn(options.failOn);
  const target = options.outputFile === undefined ? undefined : outputTarget(io.cwd, options.outputFile, options.force);
  const input = await readPipelineTable(options.files, options, io);
  // Only the JSON report lists every open deal; the others report the flagged ones (and counts of all).
  const report = auditDealTable({
    processes: input.processes,
    table: input.data.table,
    asOf: input.asOf,
    stallQuantile: options.stallQuantile,
    seed: options.seed,
    flaggedOnly: options.format !== 'json',
  });
  const chalk = chalkFor(io, options.outputFile ? false : options.color);
  // The report is written as it is made: 200,000 deals make tens of MB, never held as one string.
  const render = (out: ChunkedOutput): void => {
    if (options.format === 'json') renderJson(report, input, out);
    else if (options.format === 'csv') renderCsv(report, out);
    else if (options.format === 'markdown') renderMarkdown(report, input, out);
    else renderText(report, input, chalk, options.outputFile ? DEFAULT_COLUMNS : reportWidth(io), out);
    out.end();
  };
  if (target !== undefined) writeFileAtomicChunks(target, (write) => render(new ChunkedOutput(write)));
  else render(new ChunkedOutput((text) => io.stdout(text)));
  // Data problems go to stderr where the report has no place for them (CSV, markdown, a file).
  if (input.data.issues.length > 0 && (options.format === 'csv' || options.format === 'markdown' || (options.outputFile && options.format === 'text'))) {
    io.stderr(issueLines(input.data.issues).map((line) => `spx: ${line}\n`).join(''));
  }
  const failed = failOn.filter((id) => report.counts.byFinding[id] > 0);
  return failed.length > 0 ? 1 : 0;
}

function parseFailOn(text: string | undefined): AuditFindingId[] {
  if (text === undefined) return [];
  const ids = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) {
    if (!(AUDIT_FINDINGS as readonly string[]).includes(id)) throw new SpxError('E_USAGE', `--fail-on ${id}: no such finding; use any of ${AUDIT_FINDINGS.join(', ')}`);
  }
  if (ids.length === 0) throw new SpxError('E_USAGE', `--fail-on needs findings, comma-separated: ${AUDIT_FINDINGS.join(', ')}`);
  return ids as AuditFindingId[];
}

const finite = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x);

/** The JSON report without its deals (`deals: []`): they are written one line each by {@link renderJson}. */
function auditJsonHead(report: AuditReport, input: PipelineInput): AuditJson {
  return {
    asOf: new Date(report.asOf).toISOString(),
    stallQuantile: report.stallQuantile,
    processes: report.processes.map((p, i) => ({ file: input.sources[i]!.file, ...p, stallDays: p.stallDays.map((s) => ({ stage: s.stage, days: finite(s.days) })) })),
    counts: report.counts,
    deals: [],
    unrouted: report.unrouted.map((u) => ({ id: u.id, pipeline: u.pipeline ?? null })),
    format: input.data.format,
    eventsAfterAsOf: input.data.eventsAfterAsOf,
    issues: input.data.issues,
  };
}

/** Maps grown past this many entries are emptied: memory stays bounded when nearly every message differs. */
const MEMO_LIMIT = 50_000;

/** Characters JSON.stringify writes as they are, between its quotes: no quote, backslash, control character or surrogate. */
const JSON_PLAIN = /^[^"\\\x00-\x1f\ud800-\udfff]*$/;

/** `JSON.stringify(text)`, without its call for the plain text most ids are. */
const jsonString = (text: string): string => (JSON_PLAIN.test(text) ? `"${text}"` : JSON.stringify(text));

/** A number as JSON.stringify writes it, or null. */
const jsonNumber = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? 'null' : String(x));

const DAY_MS = 86_400_000;
/** The first instant of year 10000, which toISOString writes with six digits and a sign. */
const LAST_ISO_INSTANT = 253_402_300_800_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * The deals of the JSON report, one line each: the bytes `JSON.stringify` writes for a deal's {@link AuditJson}
 * entry, put together field by field rather than through an object per deal (a pipeline has hundreds of thousands).
 * What deals share — a finding (the audit shares finding objects between deals they fit), a stage, an owner, a
 * threshold — is written once and remembered.
 */
export class AuditDealJson {
  private readonly findings = new Map<AuditFinding, string>();
  private readonly strings = new Map<string, string>();
  private readonly numbers = new Map<number, string>();
  private readonly instants = new Map<number, string>();
  /** "YYYY-MM-DDT" per day since 1970. */
  private readonly days = new Map<number, string>();

  /** One deal's line (without indent or comma). */
  line(deal: AuditedDeal): string {
    let findings = '';
    for (const f of deal.findings) {
      let json = this.findings.get(f);
      if (json === undefined) {
        json = `{"id":"${f.id}","message":${JSON.stringify(f.message)},"due":${f.due === undefined ? 'null' : JSON.stringify(f.due)}}`;
        remember(this.findings, f, json);
      }
      findings = findings === '' ? json : `${findings},${json}`;
    }
    return (
      `{"id":${jsonString(deal.id)},"process":${this.string(deal.process)},"stage":${this.string(deal.stage)},"enteredAt":"${this.iso(deal.enteredAt)}"` +
      `,"daysInStage":${jsonNumber(deal.daysInStage)},"nextActivityAt":${this.instant(deal.nextActivityAt)},"owner":${this.string(deal.owner)}` +
      `,"amount":${this.number(deal.amount)},"currency":${this.string(deal.currency)},"winProbability":${this.number(deal.winProbability)}` +
      `,"stallDays":${this.number(deal.stallDays)},"findings":[${findings}]}`
    );
  }

  /** A string (or null) shared by many deals. */
  private string(text: string | undefined): string {
    if (text === undefined) return 'null';
    let json = this.strings.get(text);
    if (json === undefined) remember(this.strings, text, (json = JSON.stringify(text)));
    return json;
  }

  /** A number (or null) shared by many deals. */
  private number(x: number | undefined): string {
    if (x === undefined) return 'null';
    let json = this.numbers.get(x);
    if (json === undefined) remember(this.numbers, x, (json = jsonNumber(x)));
    return json;
  }

  /** An instant as an ISO string (or null), shared by many deals. */
  private instant(t: number | undefined): string {
    if (t === undefined) return 'null';
    let json = this.instants.get(t);
    if (json === undefined) remember(this.instants, t, (json = `"${this.iso(t)}"`));
    return json;
  }

  /**
   * `new Date(t).toISOString()`, a fifth of its time for instants of years 1970–9999 in whole ms (every instant
   * the readers make): the date part remembered per day, the time of day from integer arithmetic.
   */
  private iso(t: number): string {
    if (!(Number.isInteger(t) && t >= 0 && t < LAST_ISO_INSTANT)) return new Date(t).toISOString();
    const day = Math.floor(t / DAY_MS);
    let ms = t - day * DAY_MS;
    let date = this.days.get(day);
    if (date === undefined) remember(this.days, day, (date = new Date(day * DAY_MS).toISOString().slice(0, 11)));
    const hours = Math.floor(ms / 3_600_000);
    ms -= hours * 3_600_000;
    const minutes = Math.floor(ms / 60_000);
    ms -= minutes * 60_000;
    const seconds = Math.floor(ms / 1000);
    ms -= seconds * 1000;
    return `${date}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[ms]}Z`;
  }
}

/** Sets `key` in a memo, emptied first when full: memory stays bounded when nearly every value differs. */
function remember<K, V>(memo: Map<K, V>, key: K, value: V): void {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
}

/**
 * The JSON text: indented, except that each deal is one line — a pipeline of 200,000 deals is 40% less text, and
 * a diff or `grep` of two audits shows one line per deal.
 */
function renderJson(report: AuditReport, input: PipelineInput, out: ChunkedOutput): void {
  const placeholder = '\n  "deals": []';
  const head = JSON.stringify(auditJsonHead(report, input), null, 2);
  const at = head.indexOf(placeholder);
  out.write(head.slice(0, at));
  out.write('\n  "deals": ');
  if (report.deals.length === 0) out.write('[]');
  else {
    out.write('[\n    ');
    const json = new AuditDealJson();
    report.deals.forEach((deal, i) => {
      if (i > 0) out.write(',\n    ');
      out.write(json.line(deal));
    });
    out.write('\n  ]');
  }
  out.line(head.slice(at + placeholder.length));
}

/**
 * The order of `deals` worst first — more findings, then more money at stake, then longer in the stage; the id
 * breaks ties — within groups of a smaller `rank` first, when given: the indices of `deals`, sorted on typed arrays
 * of the keys instead of comparing the deal objects.
 */
export function worstFirstOrder(deals: readonly AuditedDeal[], rank?: Uint32Array): Uint32Array {
  const n = deals.length;
  // The integer key: the rank, then the number of findings (at most 7), the more first.
  const key = new Float64Array(n);
  const amount = new Float64Array(n);
  const days = new Float64Array(n);
  const ids: string[] = new Array<string>(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const deal = deals[i]!;
    key[i] = (rank === undefined ? 0 : rank[i]! * 16) + (15 - deal.findings.length);
    amount[i] = deal.amount ?? 0;
    days[i] = deal.daysInStage;
    ids[i] = deal.id;
    order[i] = i;
  }
  return order.sort((i, j) => {
    const byKey = key[i]! - key[j]! || amount[j]! - amount[i]! || days[j]! - days[i]!;
    if (byKey) return byKey;
    const a = ids[i]!;
    const b = ids[j]!;
    return a < b ? -1 : a > b ? 1 : i - j;
  });
}

const NO_OWNER = '(no owner)';

/** Flagged deals by owner: owners with the most flagged deals first, each owner's deals worst first. */
function byOwner(report: AuditReport): { owner: string; deals: AuditedDeal[] }[] {
  const flagged = report.deals.filter((deal) => deal.findings.length > 0);
  const ownerOf = new Map<string, number>();
  const owners: { owner: string; deals: AuditedDeal[] }[] = [];
  const sizes: number[] = [];
  const ownerIndex = new Uint32Array(flagged.length);
  flagged.forEach((deal, i) => {
    const owner = deal.owner ?? NO_OWNER;
    let index = ownerOf.get(owner);
    if (index === undefined) {
      ownerOf.set(owner, (index = owners.length));
      owners.push({ owner, deals: [] });
      sizes.push(0);
    }
    sizes[index]!++;
    ownerIndex[i] = index;
  });
  const ranked = owners.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || (owners[a]!.owner < owners[b]!.owner ? -1 : owners[a]!.owner > owners[b]!.owner ? 1 : 0));
  const rankOf = new Uint32Array(owners.length);
  ranked.forEach((owner, rank) => (rankOf[owner] = rank));
  const rank = ownerIndex.map((owner) => rankOf[owner]!);
  for (const i of worstFirstOrder(flagged, rank)) owners[ownerIndex[i]!]!.deals.push(flagged[i]!);
  return ranked.map((i) => owners[i]!);
}

const FINDING_PHRASES: Record<AuditFindingId, string> = {
  'no-next-step': 'with no next step',
  'next-step-overdue': 'with an overdue next step',
  'next-step-late': 'with the next step scheduled too late',
  stalled: 'stalled',
  'gate-not-met': 'past a gate not met',
  'off-process': 'off the process',
  'unknown-stage': 'in a stage the process does not map',
};

/** "312 open deals, 41 with no next step, 23 stalled… (58 need attention)". */
function summaryLine(report: AuditReport): string {
  const { counts } = report;
  const parts = [`${count(counts.open)} open ${counts.open === 1 ? 'deal' : 'deals'}`, `${count(counts.byFinding['no-next-step'])} ${FINDING_PHRASES['no-next-step']}`];
  for (const id of AUDIT_FINDINGS) if (id !== 'no-next-step' && counts.byFinding[id] > 0) parts.push(`${count(counts.byFinding[id])} ${FINDING_PHRASES[id]}`);
  return `${parts.join(', ')} (${count(counts.flagged)} need attention)`;
}

function dealHeadline(deal: AuditedDeal): string {
  const money = deal.amount === undefined ? '' : ` · ${deal.amount}${deal.currency ? ` ${deal.currency}` : ''}`;
  const win = deal.winProbability === undefined ? '' : ` · win ${Math.round(deal.winProbability * 100)}%`;
  return printable(`${deal.id} · ${deal.stageTitle} · ${formatDays(deal.daysInStage)} business days in stage${money}${win}`);
}

function issueLines(issues: readonly DealDataIssue[]): string[] {
  const lines = [`${issues.length} data ${issues.length === 1 ? 'record was' : 'records were'} not used:`];
  for (const issue of issues.slice(0, 10)) lines.push(`  ${issueLine(issue)}`);
  if (issues.length > 10) lines.push(`  … and ${issues.length - 10} more (--format json lists them all)`);
  return lines;
}

function unroutedLine(report: AuditReport): string | undefined {
  if (report.unrouted.length === 0) return undefined;
  const pipelines = new Map<string, number>();
  for (const u of report.unrouted) pipelines.set(u.pipeline ?? '', (pipelines.get(u.pipeline ?? '') ?? 0) + 1);
  const list = [...pipelines].map(([p, n]) => `${p} (${n})`).join(', ');
  return `${report.unrouted.length} deals are in pipelines no process claims (set crm.pipeline): ${list}`;
}

/** Characters one column wide each that need no fitting (displayWidth counts them 1): printable ASCII, Latin-1 and Latin Extended but the soft hyphen, "—". */
const NARROW = /^[\x20-\x7e\xa0-\xac\xae-\u02ff\u2014]*$/;

/** {@link fitText} of one line, without its work when the line is narrow characters within the width (nearly every line). */
function fitLine(line: string, width: number): string {
  return line.length <= width && NARROW.test(line) ? line : fitText(line, width);
}

/**
 * The text report, fitted to `width` line by line as {@link fitText} does. The finding lines are wrapped here, within
 * `width` already, and skip the fitting: a report of 100,000 findings is tens of MB.
 */
function renderText(report: AuditReport, input: PipelineInput, chalk: ChalkInstance, width: number, out: ChunkedOutput): void {
  const date = new Date(report.asOf).toISOString().slice(0, 10);
  const names = report.processes.map((p) => `${p.name} ${p.version}`).join(', ');
  out.line(fitText(`${chalk.bold(`Pipeline audit as of ${date}`)} ${chalk.dim(`(${names})`)}`, width));
  out.line(fitText(`  ${summaryLine(report)}`, width));
  const unrouted = unroutedLine(report);
  if (unrouted) out.line(fitText(chalk.yellow(`  ${unrouted}`), width));
  // One coloured label per finding id, made once: a pipeline may have 100,000 findings.
  const labels = new Map(AUDIT_FINDINGS.map((id) => [id, `    ${chalk.yellow(id.padEnd(17))} `]));
  const continuation = `\n${' '.repeat(22)}`;
  // A finding's lines, by id and message: deals in the same stage with the same advice share their messages, and
  // wrapping is the costliest part of a line.
  const findingLines = new Map(AUDIT_FINDINGS.map((id) => [id, new Map<string, string>()]));
  for (const { owner, deals } of byOwner(report)) {
    out.line('');
    out.line(fitText(chalk.bold(`${printable(owner)} — ${deals.length} ${deals.length === 1 ? 'deal needs' : 'deals need'} attention`), width));
    for (const deal of deals) {
      out.line(fitLine(`  ${dealHeadline(deal)}`, width));
      // A long action continues under the message, past the finding label (4 + 17 + 1 columns). Its lines are at
      // most width - 22 columns (of text at least two wide, where a wide character always fits): fitting leaves them,
      // unless the data put a line break in the message.
      for (const f of deal.findings) {
        const memo = findingLines.get(f.id)!;
        let lines = memo.get(f.message);
        if (lines === undefined) {
          const message = printable(f.message);
          lines = labels.get(f.id)! + wrapWords(message, width - 22).join(continuation);
          if (!(width - 22 >= 2 && !message.includes('\n'))) lines = fitText(lines, width);
          remember(memo, f.message, lines);
        }
        out.line(lines);
      }
    }
  }
  if (input.data.issues.length > 0) {
    out.line('');
    for (const l of issueLines(input.data.issues)) out.line(fitText(chalk.yellow(l), width));
  }
}

/** One CSV row a finding of `deal`. */
function csvFindingRow(deal: AuditedDeal, f: AuditedDeal['findings'][number]): string {
  return csvRow([
    deal.id,
    deal.owner,
    f.id,
    f.due,
    f.message,
    deal.process,
    deal.stage,
    Number(deal.daysInStage.toFixed(2)),
    deal.nextActivityAt === undefined ? undefined : new Date(deal.nextActivityAt).toISOString(),
    deal.amount,
    deal.currency,
    deal.winProbability === undefined ? undefined : Number(deal.winProbability.toFixed(4)),
  ]);
}

function renderCsv(report: AuditReport, out: ChunkedOutput): void {
  out.line(AUDIT_CSV_COLUMNS.join(','));
  const deals = report.deals;
  for (const i of worstFirstOrder(deals)) {
    const deal = deals[i]!;
    for (const f of deal.findings) out.line(csvFindingRow(deal, f));
  }
}

/** Markdown for a weekly pipeline-review issue or a Slack post: text from data files is escaped so it cannot inject markup. */
function renderMarkdown(report: AuditReport, input: PipelineInput, out: ChunkedOutput): void {
  // Every line break (a lone CR too: CommonMark ends lines there) and control character becomes a space.
  const md = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&').replace(/\r\n|[\u0000-\u001f\u007f-\u009f]/g, ' ');
  const date = new Date(report.asOf).toISOString().slice(0, 10);
  out.line(`### Pipeline audit — ${date}`);
  out.line('');
  out.line(md(summaryLine(report)));
  const unrouted = unroutedLine(report);
  if (unrouted) {
    out.line('');
    out.line(md(unrouted));
  }
  out.line('');
  out.line('| finding | deals |');
  out.line('|---|---:|');
  for (const id of AUDIT_FINDINGS) out.line(`| \`${id}\` | ${report.counts.byFinding[id]} |`);
  // Escaped messages by id and message: many deals share theirs.
  const findingLines = new Map(AUDIT_FINDINGS.map((id) => [id, new Map<string, string>()]));
  for (const { owner, deals } of byOwner(report)) {
    out.line('');
    out.line(`#### ${md(owner)} (${deals.length})`);
    out.line('');
    for (const deal of deals) {
      out.line(`- **${md(deal.id)}** · ${md(dealHeadline(deal).slice(deal.id.length + 3))}`);
      for (const f of deal.findings) {
        const memo = findingLines.get(f.id)!;
        let line = memo.get(f.message);
        if (line === undefined) {
          line = `  - \`${f.id}\` ${md(f.message)}`;
          remember(memo, f.message, line);
        }
        out.line(line);
      }
    }
  }
  if (input.data.issues.length > 0) {
    out.line('');
    out.line(`*${input.data.issues.length} data records were not used; run spx audit --format json to list them.*`);
  }
}
