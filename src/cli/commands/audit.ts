/** `spx audit`: which open deals need attention today — no next step, overdue, stalled, gates skipped — and what to do about each. */
import { resolve } from 'node:path';
import type { ChalkInstance } from 'chalk';
import {
  AUDIT_FINDINGS,
  auditDealTable,
  csvRow,
  formatDays,
  SpxError,
  wrapWords,
  type AuditedDeal,
  type AuditFindingId,
  type AuditReport,
  type DealDataIssue,
  type DealFormat,
} from '../../index.js';
import { issueLine, readPipelineTable, type PipelineTableInput as PipelineInput } from '../deal-data.js';
import { fitText, reportWidth } from '../fit.js';
import { chalkFor, DEFAULT_COLUMNS, type Io } from '../io.js';
import { count } from '../numbers.js';
import { writeFileAtomic } from '../write-file.js';

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
  let output: string;
  if (options.format === 'json') output = renderJson(auditJson(report, input));
  else if (options.format === 'csv') output = renderCsv(report);
  else if (options.format === 'markdown') output = renderMarkdown(report, input);
  else {
    const width = options.outputFile ? DEFAULT_COLUMNS : reportWidth(io);
    output = renderText(report, input, chalk, width);
  }
  if (options.outputFile) writeFileAtomic(resolve(io.cwd, options.outputFile), output);
  else io.stdout(output);
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

const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());
const finite = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x);

function auditJson(report: AuditReport, input: PipelineInput): AuditJson {
  return {
    asOf: new Date(report.asOf).toISOString(),
    stallQuantile: report.stallQuantile,
    processes: report.processes.map((p, i) => ({ file: input.sources[i]!.file, ...p, stallDays: p.stallDays.map((s) => ({ stage: s.stage, days: finite(s.days) })) })),
    counts: report.counts,
    deals: report.deals.map((d) => ({
      id: d.id,
      process: d.process,
      stage: d.stage,
      enteredAt: iso(d.enteredAt)!,
      daysInStage: d.daysInStage,
      nextActivityAt: iso(d.nextActivityAt),
      owner: d.owner ?? null,
      amount: d.amount ?? null,
      currency: d.currency ?? null,
      winProbability: finite(d.winProbability),
      stallDays: finite(d.stallDays),
      findings: d.findings.map((f) => ({ id: f.id, message: f.message, due: f.due ?? null })),
    })),
    unrouted: report.unrouted.map((u) => ({ id: u.id, pipeline: u.pipeline ?? null })),
    format: input.data.format,
    eventsAfterAsOf: input.data.eventsAfterAsOf,
    issues: input.data.issues,
  };
}

/**
 * The JSON text: indented, except that each deal is one line — a pipeline of 200,000 deals is 40% less text, and
 * a diff or `grep` of two audits shows one line per deal.
 */
function renderJson(json: AuditJson): string {
  const placeholder = '\n  "deals": []';
  const head = JSON.stringify({ ...json, deals: [] }, null, 2);
  const deals = json.deals.length === 0 ? '[]' : `[\n${json.deals.map((deal) => `    ${JSON.stringify(deal)}`).join(',\n')}\n  ]`;
  const at = head.indexOf(placeholder);
  return `${head.slice(0, at)}\n  "deals": ${deals}${head.slice(at + placeholder.length)}\n`;
}

/** Worst first: more findings, then more money at stake, then longer in the stage; the id breaks ties. */
function worstFirst(a: AuditedDeal, b: AuditedDeal): number {
  return b.findings.length - a.findings.length || (b.amount ?? 0) - (a.amount ?? 0) || b.daysInStage - a.daysInStage || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const NO_OWNER = '(no owner)';

/** Flagged deals by owner: owners with the most flagged deals first, each owner's deals worst first. */
function byOwner(report: AuditReport): [string, AuditedDeal[]][] {
  const owners = new Map<string, AuditedDeal[]>();
  for (const deal of report.deals) {
    if (deal.findings.length === 0) continue;
    const owner = deal.owner ?? NO_OWNER;
    let list = owners.get(owner);
    if (list === undefined) owners.set(owner, (list = []));
    list.push(deal);
  }
  for (const list of owners.values()) list.sort(worstFirst);
  return [...owners].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0));
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
  return `${deal.id} · ${deal.stageTitle} · ${formatDays(deal.daysInStage)} business days in stage${money}${win}`;
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

/**
 * The text report, fitted to `width` line by line as {@link fitText} does. The finding lines are wrapped here, within
 * `width` already, and skip the fitting: a report of 100,000 findings is tens of MB.
 */
function renderText(report: AuditReport, input: PipelineInput, chalk: ChalkInstance, width: number): string {
  const date = new Date(report.asOf).toISOString().slice(0, 10);
  const names = report.processes.map((p) => `${p.name} ${p.version}`).join(', ');
  const out = [fitText(`${chalk.bold(`Pipeline audit as of ${date}`)} ${chalk.dim(`(${names})`)}`, width), fitText(`  ${summaryLine(report)}`, width)];
  const unrouted = unroutedLine(report);
  if (unrouted) out.push(fitText(chalk.yellow(`  ${unrouted}`), width));
  // One coloured label per finding id, made once: a pipeline may have 100,000 findings.
  const labels = new Map(AUDIT_FINDINGS.map((id) => [id, `    ${chalk.yellow(id.padEnd(17))} `]));
  const continuation = `\n${' '.repeat(22)}`;
  for (const [owner, deals] of byOwner(report)) {
    out.push('', fitText(chalk.bold(`${owner} — ${deals.length} ${deals.length === 1 ? 'deal needs' : 'deals need'} attention`), width));
    for (const deal of deals) {
      out.push(fitText(`  ${dealHeadline(deal)}`, width));
      // A long action continues under the message, past the finding label (4 + 17 + 1 columns). Its lines are at
      // most width - 22 columns (of text at least two wide, where a wide character always fits): fitting leaves them,
      // unless the data put a line break in the message.
      for (const f of deal.findings) {
        const lines = labels.get(f.id)! + wrapWords(f.message, width - 22).join(continuation);
        out.push(width - 22 >= 2 && !f.message.includes('\n') ? lines : fitText(lines, width));
      }
    }
  }
  if (input.data.issues.length > 0) out.push('', ...issueLines(input.data.issues).map((l) => fitText(chalk.yellow(l), width)));
  return `${out.join('\n')}\n`;
}

function renderCsv(report: AuditReport): string {
  const lines = [AUDIT_CSV_COLUMNS.join(',')];
  for (const deal of [...report.deals].sort(worstFirst)) {
    for (const f of deal.findings) {
      lines.push(
        csvRow([
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
        ]),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Markdown for a weekly pipeline-review issue or a Slack post: text from data files is escaped so it cannot inject markup. */
function renderMarkdown(report: AuditReport, input: PipelineInput): string {
  const md = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&').replace(/\r?\n/g, ' ');
  const date = new Date(report.asOf).toISOString().slice(0, 10);
  const out = [`### Pipeline audit — ${date}`, '', md(summaryLine(report))];
  const unrouted = unroutedLine(report);
  if (unrouted) out.push('', md(unrouted));
  out.push('', '| finding | deals |', '|---|---:|');
  for (const id of AUDIT_FINDINGS) out.push(`| \`${id}\` | ${report.counts.byFinding[id]} |`);
  for (const [owner, deals] of byOwner(report)) {
    out.push('', `#### ${md(owner)} (${deals.length})`, '');
    for (const deal of deals) {
      out.push(`- **${md(deal.id)}** · ${md(dealHeadline(deal).slice(deal.id.length + 3))}`);
      for (const f of deal.findings) out.push(`  - \`${f.id}\` ${md(f.message)}`);
    }
  }
  if (input.data.issues.length > 0) out.push('', `*${input.data.issues.length} data records were not used; run spx audit --format json to list them.*`);
  return `${out.join('\n')}\n`;
}
