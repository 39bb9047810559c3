/** Assembles the report page: one self-contained HTML document from numbers already computed (pure, deterministic). */
import { analysisJson, type ProcessAnalysis } from '../analysis/analyze.js';
import { docsPath } from '../lint/rule.js';
import type { CalibrationReport } from '../deals/calibrate.js';
import type { DealFormat } from '../deals/types.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ScenarioChange } from '../model/scenario.js';
import type { Process } from '../model/types.js';
import type { SimulationReport } from '../simulate/simulate.js';
import { funnelSvg, histogramSvg, intervalSvg, shareBar } from './charts.js';
import { diagramSvg } from './diagram.js';
import { esc, escClipped, fixed, pct, scriptJson } from './html.js';
import { leversBlock, sensitivityData, type ReportSensitivity } from './levers.js';
import { auditBlock, forecastBlock, pipelineData, type ReportPipeline } from './pipeline.js';
import { CALIBRATION_STYLE, PIPELINE_STYLE, STYLE } from './style.js';

/** One process in the report, with everything computed for it. */
export interface ReportProcess {
  /** The file as the user named it. */
  readonly file: string;
  /** The git commit that last changed the file (and whether it has changed since), when known. */
  readonly revision?: string;
  /** SHA-256 of the file's bytes, in hex. */
  readonly sha256: string;
  readonly process: Process;
  /** Exact metrics and the minimal path (`spx path`). */
  readonly analysis: ProcessAnalysis;
  /** The Monte Carlo run (`spx simulate`). */
  readonly simulation: SimulationReport;
  /** Lint findings (warnings: a process with errors is not reported on). */
  readonly diagnostics: readonly Diagnostic[];
  /** The comparison with real deal histories (`--history`), when there is one. */
  readonly calibration?: ReportCalibration;
  /** The audit and forecast of the deal data's open deals (`--history`), when there is one. */
  readonly pipeline?: ReportPipeline;
  /** Exact what-if derivatives and seller capacity (`spx sensitivity`). */
  readonly sensitivity: ReportSensitivity;
  /** The `--set` what-if the numbers were computed under (not in the file), when there is one. */
  readonly scenario?: readonly ScenarioChange[];
}

/** A process compared with deal data: the calibration report and what was read. */
export interface ReportCalibration {
  /** ISO instant: visits open at this time are counted up to it. */
  readonly asOf: string;
  /** The deal-data files, as the user named them. */
  readonly files: readonly string[];
  readonly format: DealFormat;
  readonly report: CalibrationReport;
  /** Deals of another CRM pipeline (not compared). */
  readonly otherPipelines: number;
  readonly eventsAfterAsOf: number;
  /** Records of the files that could not be used. */
  readonly issues: number;
}

/** Everything the report shows. */
export interface ReportInput {
  readonly processes: readonly ReportProcess[];
  /** The spx version that made the report. */
  readonly version: string;
  /** When the report was made (from SOURCE_DATE_EPOCH or the clock). */
  readonly generatedAt: Date;
}

/** The JSON embedded in the page (`<script type="application/json" id="spx-data">`). */
export function reportData(input: ReportInput) {
  return {
    generator: `spx ${input.version}`,
    generatedAt: input.generatedAt.toISOString(),
    processes: input.processes.map((p) => ({
      file: p.file,
      revision: p.revision ?? null,
      sha256: p.sha256,
      title: p.process.title,
      path: analysisJson(p.file, p.analysis),
      simulation: p.simulation,
      lint: p.diagnostics.map((d) => ({ ruleId: d.ruleId, severity: d.severity, message: d.message, line: d.line, column: d.column })),
      calibration: p.calibration ?? null,
      ...(p.pipeline === undefined ? { audit: null, forecast: null } : pipelineData(p.pipeline)),
      sensitivity: sensitivityData(p.process, p.sensitivity),
      // Only with --set, as in the commands' JSON: a page without a scenario keeps its bytes.
      ...(p.scenario === undefined ? {} : { scenario: p.scenario }),
    })),
  };
}

/**
 * Renders the report: one HTML document with inline CSS and SVG, no script (but the data block), no network.
 * The same input gives the same bytes.
 */
export function renderReport(input: ReportInput): string {
  const many = input.processes.length > 1;
  const title = many ? 'Sales process report' : `${input.processes[0]?.process.title ?? 'Sales process'} — sales process report`;
  const body: string[] = [];
  body.push('<header class="report">');
  body.push('<p class="eyebrow">spx · sales process as code</p>');
  body.push(`<h1>${many ? `Sales process report: ${input.processes.length} processes compared` : 'Sales process report'}</h1>`);
  body.push(`<p>Exact numbers from the process model, ${simulationLine(input.processes[0]?.simulation)}. Durations are in business days on each process's calendar.</p>`);
  body.push(`<p>Generated ${esc(stamp(input.generatedAt))} by spx ${esc(input.version)}.</p>`);
  body.push('</header>');
  if (many) body.push(overview(input.processes));
  input.processes.forEach((p, i) => body.push(processSection(p, i)));
  body.push(footer(input));
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<meta name="generator" content="spx ${esc(input.version)}">`,
    `<title>${escClipped(title, 70)}</title>`,
    `<style>${STYLE}${CALIBRATION_STYLE}${PIPELINE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    `<script type="application/json" id="spx-data">${scriptJson(reportData(input))}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function stamp(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function simulationLine(simulation: SimulationReport | undefined): string {
  if (!simulation) return 'no simulation';
  return `and a Monte Carlo run of ${simulation.deals.toLocaleString('en-US')} deals (seed ${simulation.seed})`;
}

/** A number element the tests (and readers' tools) can find: `data-key` names it, `data-value` holds full precision. */
function keyNumber(key: string, value: number | null | undefined, text: string): string {
  const data = value === null || value === undefined || !Number.isFinite(value) ? '' : ` data-value="${value}"`;
  return `<span class="value" data-key="${key}"${data}>${esc(text)}</span>`;
}

const daysText = (value: number | null | undefined): string => (value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : `${fixed(value, 1)} d`);

function overview(processes: readonly ReportProcess[]): string {
  const rows = processes.map((p, i) => {
    const { metrics, minimalPath: path } = p.analysis;
    const cycle = p.simulation.cycleDays;
    const findings = p.diagnostics.length;
    return `<tr><td><a href="#p${i}">${esc(p.process.title)}</a></td><td>${esc(p.process.segment)}</td><td class="mono">${esc(p.process.version)}</td><td class="num">${pct(metrics.winRate)}</td><td class="num">${daysText(metrics.expectedCycleWon)}</td><td class="num">${daysText(cycle?.p50)}</td><td class="num">${daysText(cycle?.p80)}</td><td class="num">${path.kind === 'path' ? `${path.count} · ${daysText(path.expectedDays)}` : 'none'}</td><td class="num">${findings}</td></tr>`;
  });
  return [
    '<section class="overview" aria-labelledby="overview-title">',
    '<h2 id="overview-title" class="visually-plain">Overview</h2>',
    '<div class="scroll"><table class="overview">',
    '<caption>Each process side by side: exact win rate and expected won cycle, simulated percentiles, the minimal path to won, and lint findings.</caption>',
    '<thead><tr><th scope="col">Process</th><th scope="col">Segment</th><th scope="col">Version</th><th scope="col" class="num">Win rate</th><th scope="col" class="num">E[cycle | won]</th><th scope="col" class="num">P50</th><th scope="col" class="num">P80</th><th scope="col" class="num">Minimal path</th><th scope="col" class="num">Findings</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody>`,
    '</table></div>',
    '</section>',
  ].join('\n');
}

function processSection(p: ReportProcess, index: number): string {
  const { process, analysis, simulation } = p;
  const id = `p${index}`;
  const out: string[] = [];
  out.push(`<section class="process" id="${id}" aria-labelledby="${id}-title">`);
  out.push('<header>');
  out.push(`<p class="eyebrow">${esc(process.segment)} process</p>`);
  out.push(`<h2 id="${id}-title">${esc(process.title)}</h2>`);
  if (p.scenario !== undefined) out.push(scenarioLine(p.scenario));
  const revision = p.revision === undefined ? '' : ` · revision <code>${esc(p.revision)}</code>`;
  out.push(`<p class="meta"><code>${esc(process.name)}</code> · version <code>${esc(process.version)}</code> · segment ${esc(process.segment)} · source <code>${esc(p.file)}</code>${revision}</p>`);
  if (process.description !== undefined) out.push(`<p class="lead">${esc(process.description)}</p>`);
  out.push('</header>');
  out.push(kpis(p, id));
  out.push(diagramFigure(p, id));
  out.push(pathTable(p, id));
  out.push(simulationBlock(p, id));
  out.push(funnelBlock(p, id));
  out.push(bottlenecks(simulation, id));
  out.push(lostReasons(simulation, id));
  out.push(leversBlock(process, p.sensitivity, id));
  if (p.calibration) out.push(calibrationBlock(p, p.calibration, id));
  if (p.pipeline) out.push(auditBlock(p.pipeline, id), forecastBlock(p.pipeline, id, p.process.title));
  out.push(findings(p, id));
  void analysis;
  out.push('</section>');
  return out.join('\n');
}

/** The what-if the page shows instead of the file: every value changed, before → after. */
function scenarioLine(changes: readonly ScenarioChange[]): string {
  const shown = (value: unknown): string => (value === null ? 'unset' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  const list = changes.map((c) => `<code>${esc(c.path)}</code> ${esc(shown(c.from))} → ${esc(shown(c.to))}`).join(', ');
  return `<p class="scenario"><strong>What-if scenario, not in the file:</strong> ${list}. Every number below is for the process with these values.</p>`;
}

function kpis(p: ReportProcess, id: string): string {
  const { metrics, minimalPath: path } = p.analysis;
  const { targets } = p.process;
  const cycle = p.simulation.cycleDays;
  const card = (label: string, value: string, sub: string): string => `<div class="kpi"><dt>${label}</dt><dd>${value}<span class="sub">${sub}</span></dd></div>`;
  const target = (text: string | undefined): string => (text === undefined ? 'exact, from the model' : `exact · target ${text}`);
  return [
    `<dl class="kpis" id="${id}-kpis">`,
    card('Win rate', keyNumber('win-rate', metrics.winRate, pct(metrics.winRate)), esc(target(targets.winRate === undefined ? undefined : pct(targets.winRate)))),
    card('Expected cycle of won deals', keyNumber('cycle-won', metrics.expectedCycleWon, daysText(metrics.expectedCycleWon)), esc(target(targets.cycleDays === undefined ? undefined : `${targets.cycleDays} d`))),
    card('Expected time to any outcome', keyNumber('time-to-outcome', metrics.expectedTimeToOutcome, daysText(metrics.expectedTimeToOutcome)), 'won or lost, exact'),
    path.kind === 'path'
      ? card('Minimal path to won', `${keyNumber('path-steps', path.count, `${path.count} steps`)}`, `${keyNumber('path-days', path.expectedDays, daysText(path.expectedDays))} expected`.replace('class="value"', 'class="inline"'))
      : card('Minimal path to won', keyNumber('path-steps', null, 'none'), path.kind === 'blocked' ? `the gate of ${esc(path.blocked.askStep)} cannot be met` : 'won is unreachable'),
    card('Won in 80% of cases within', keyNumber('p80', cycle?.p80, daysText(cycle?.p80)), cycle === null ? 'no simulated deal was won' : `simulated · P50 ${keyNumber('p50', cycle.p50, daysText(cycle.p50)).replace('class="value"', 'class="inline"')}`),
    '</dl>',
  ].join('\n');
}

function diagramFigure(p: ReportProcess, id: string): string {
  const { process, analysis } = p;
  const numbers = new Map([...analysis.metrics.steps.values()].map((s) => [s.id, { expectedDays: s.expectedDuration }]));
  const svg = diagramSvg(process, analysis.minimalPath, numbers, `${id}-diagram-title`, `Process diagram of ${process.title}: ${process.steps.size} steps`, analysis.metrics.winRate);
  const transitions = [...process.steps.values()].map((step) => {
    const next = step.next.map((t) => `${esc(t.to)} ${pct(t.p, 0)}${t.reason === undefined ? '' : ` (${esc(t.reason)})`}`).join(', ');
    return `<tr><td>${esc(step.title)} <span class="mono">(${esc(step.id)})</span></td><td>${step.ask ? 'ask' : ''}</td><td>${next}</td></tr>`;
  });
  return [
    `<h3 id="${id}-diagram">Process map</h3>`,
    `<figure class="diagram-figure" id="${id}-diagram-figure">`,
    `<div class="scroll">${svg}</div>`,
    '<figcaption>',
    'Steps left to right in the order deals meet them; each box gives the seller and buyer roles, the expected duration and the share of deals lost there.',
    'Arrows carry the probability of each transition; long processes wrap onto further rows.',
    '<ul class="legend"><li class="l-path">minimal path to won</li><li>transition</li><li class="l-back">loop back</li><li class="l-ask">ask step (gated)</li><li class="l-lost">lost from this step</li></ul>',
    '</figcaption>',
    '</figure>',
    '<details class="transitions">',
    '<summary>Every transition as a table</summary>',
    `<table><caption>The diagram's transitions, per step (probability; reason when lost).</caption><thead><tr><th scope="col">Step</th><th scope="col">Kind</th><th scope="col">Next</th></tr></thead><tbody>${transitions.join('')}</tbody></table>`,
    '</details>',
  ].join('\n');
}

function pathTable(p: ReportProcess, id: string): string {
  const path = p.analysis.minimalPath;
  const out = [`<h3 id="${id}-path">Minimal path to won</h3>`];
  if (path.kind === 'blocked') {
    const missing = [...path.blocked.missingInvolved.map((r) => `role ${r}`), ...path.blocked.missingCompleted.map((s) => `step ${s}`)].join(', ');
    out.push(`<p>No path to won meets the gate of <code>${esc(path.blocked.askStep)}</code>: ${esc(missing)} can never happen before it.</p>`);
    return out.join('\n');
  }
  if (path.kind === 'no-path') {
    out.push('<p>No path reaches won.</p>');
    return out.join('\n');
  }
  let total = 0;
  const rows = path.steps.map((s, i) => {
    total += s.gapBefore + s.expectedDays;
    return `<tr><td class="num">${i + 1}</td><td>${esc(s.title)}</td><td>${esc(s.sellers.join(', ') || '—')}</td><td>${esc(s.buyers.join(', ') || '—')}</td><td class="num">${fixed(s.gapBefore, 1)}</td><td class="num">${fixed(s.expectedDays, 1)}</td><td class="num">${fixed(total, 1)}</td></tr>`;
  });
  out.push(`<p>The fewest ${path.by === 'steps' ? 'engagements' : 'expected days'} from the first step to ${esc(path.outcome)} that meet every ask gate: ${path.count} steps, ${fixed(path.expectedDays, 1)} business days expected, taken by ${pct(path.probability, 1)} of deals.</p>`);
  out.push(
    `<table class="path" id="${id}-path-table"><caption>Minimal path, step by step, with who takes part on each side (days: wait before the step, the step, running total).</caption><thead><tr><th scope="col" class="num">#</th><th scope="col">Step</th><th scope="col">Seller side</th><th scope="col">Buyer side</th><th scope="col" class="num">Wait</th><th scope="col" class="num">Step</th><th scope="col" class="num">Total</th></tr></thead><tbody>${rows.join('')}<tr class="total"><td></td><td colspan="5">to ${esc(path.outcome)} (final wait ${fixed(path.gapToOutcome, 1)})</td><td class="num">${fixed(path.expectedDays, 1)}</td></tr></tbody></table>`,
  );
  return out.join('\n');
}

function simulationBlock(p: ReportProcess, id: string): string {
  const s = p.simulation;
  const out = [`<h3 id="${id}-cycle">How long won deals take</h3>`];
  const c = s.cycleDays;
  if (c === null) {
    out.push(`<p>No simulated deal was won in ${s.deals.toLocaleString('en-US')} deals${s.stuck > 0 ? `; ${s.stuck.toLocaleString('en-US')} got stuck in a loop` : ''}.</p>`);
    return out.join('\n');
  }
  const markers = [
    { label: 'P50', value: c.p50 },
    { label: 'P80', value: c.p80 },
    { label: 'P90', value: c.p90 },
    { label: 'P95', value: c.p95 },
  ];
  const svg = histogramSvg(s.cycleHistogram, markers, `${id}-hist-title`, `Histogram of the simulated cycle length of won deals, ${p.process.title}`);
  const won = s.cycleHistogram.reduce((sum, b) => sum + b.deals, 0);
  const bins = s.cycleHistogram.map((b) => `<tr><td>${b.to === null ? `${b.from} or more` : `${b.from} to ${b.to}`}</td><td class="num">${b.deals.toLocaleString('en-US')}</td><td class="num">${pct(won > 0 ? b.deals / won : 0)}</td></tr>`);
  out.push('<div class="two">');
  out.push(`<figure id="${id}-histogram">${svg}<figcaption>${s.deals.toLocaleString('en-US')} simulated deals (seed ${s.seed}); ${pct(s.winRate)} won (exact ${pct(p.analysis.metrics.winRate)}). Half of won deals close within ${fixed(c.p50, 1)} business days, 80% within ${fixed(c.p80, 1)}, 90% within ${fixed(c.p90, 1)}, 95% within ${fixed(c.p95, 1)}.</figcaption></figure>`);
  out.push('<div>');
  out.push(
    `<table class="percentiles"><caption>Won cycle length, business days</caption><thead><tr><th scope="col">Statistic</th><th scope="col" class="num">Days</th></tr></thead><tbody>` +
      `<tr><td>mean (simulated)</td><td class="num">${keyNumber('sim-mean', c.mean, fixed(c.mean, 1)).replace('class="value"', 'class="inline"')}</td></tr>` +
      `<tr><td>mean (exact)</td><td class="num">${fixed(p.analysis.metrics.expectedCycleWon, 1)}</td></tr>` +
      ['p50', 'p80', 'p90', 'p95'].map((q) => `<tr><td>${q.toUpperCase()}</td><td class="num">${keyNumber(`sim-${q}`, c[q as 'p50'], fixed(c[q as 'p50'], 1)).replace('class="value"', 'class="inline"')}</td></tr>`).join('') +
      `<tr><td>shortest – longest</td><td class="num">${fixed(c.min, 1)} – ${fixed(c.max, 1)}</td></tr>` +
      `<tr><td>simulated win rate</td><td class="num">${keyNumber('sim-win-rate', s.winRate, pct(s.winRate, 2)).replace('class="value"', 'class="inline"')}</td></tr>` +
      '</tbody></table>',
  );
  out.push(`<details><summary>Histogram bins as a table</summary><table><caption>Won deals per cycle-length bin</caption><thead><tr><th scope="col">Business days</th><th scope="col" class="num">Deals</th><th scope="col" class="num">Share</th></tr></thead><tbody>${bins.join('')}</tbody></table></details>`);
  out.push('</div></div>');
  return out.join('\n');
}

function funnelBlock(p: ReportProcess, id: string): string {
  const s = p.simulation;
  const onPath = new Set(p.analysis.minimalPath.kind === 'path' ? p.analysis.minimalPath.steps.map((x) => x.id) : []);
  const svg = funnelSvg(
    s.funnel.map((f) => ({ label: f.title, reached: f.reached, onPath: onPath.has(f.step) })),
    `${id}-funnel-title`,
    `Funnel of ${p.process.title}: share of deals that reached each step`,
  );
  const rows = s.funnel.map((f, i) => {
    const previous = i === 0 ? undefined : s.funnel[i - 1]!.reached;
    const conversion = previous === undefined ? 'start' : previous > 0 ? pct(f.reached / previous) : 'n/a';
    const win = p.analysis.metrics.steps.get(f.step)?.winProbability;
    return `<tr${onPath.has(f.step) ? ' class="on-path"' : ''}><td>${esc(f.title)}</td><td class="num">${pct(f.reached)}</td><td class="num">${conversion}</td><td class="num">${fixed(f.visitsPerDeal, 2)}</td><td class="num">${pct(win)}</td></tr>`;
  });
  return [
    `<h3 id="${id}-funnel">Funnel</h3>`,
    '<div class="stack">',
    `<figure id="${id}-funnel-figure">${svg}<figcaption>Share of all simulated deals that reached each step at least once; steps on the minimal path in the accent colour.</figcaption></figure>`,
    `<table class="funnel-table"><caption>Conversion per step</caption><thead><tr><th scope="col">Step</th><th scope="col" class="num">Reached</th><th scope="col" class="num">Of previous</th><th scope="col" class="num">Visits / deal</th><th scope="col" class="num">Win chance from here</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    '</div>',
  ].join('\n');
}

function bottlenecks(s: SimulationReport, id: string): string {
  const ranked = [...s.bottlenecks.steps].sort((a, b) => b.timeShare - a.timeShare);
  const titles = new Map(s.funnel.map((f) => [f.step, f.title]));
  const hasTracks = s.bottlenecks.tracks.length > 0;
  const rows: string[] = [];
  for (const step of ranked) {
    rows.push(`<tr><td>${esc(titles.get(step.step) ?? step.step)}</td><td>${shareBar(step.timeShare)}</td><td class="num">${pct(step.timeShare)}</td><td class="num">${fixed(step.daysPerVisit, 1)}</td>${hasTracks ? '<td class="num"></td>' : ''}</tr>`);
    for (const track of s.bottlenecks.tracks.filter((t) => t.step === step.step)) {
      rows.push(`<tr class="track"><td>&nbsp;&nbsp;∥ ${esc(track.track)}</td><td>${shareBar(track.timeShare)}</td><td class="num">${pct(track.timeShare)}</td><td class="num"></td><td class="num">${track.criticality === null ? 'n/a' : pct(track.criticality)}</td></tr>`);
    }
  }
  rows.push(`<tr><td>waiting between steps</td><td>${shareBar(s.bottlenecks.waitingShare)}</td><td class="num">${pct(s.bottlenecks.waitingShare)}</td><td class="num"></td>${hasTracks ? '<td class="num"></td>' : ''}</tr>`);
  return [
    `<h3 id="${id}-bottlenecks">Where the time goes</h3>`,
    `<table class="bottlenecks"><caption>Share of all deal time (won, lost and stuck) spent in each step, most first${hasTracks ? '; for parallel tracks, how often each was the longest (its criticality)' : ''}.</caption><thead><tr><th scope="col">Step</th><th scope="col"><span class="sr">Bar</span></th><th scope="col" class="num">Time share</th><th scope="col" class="num">Days per visit</th>${hasTracks ? '<th scope="col" class="num">Longest track</th>' : ''}</tr></thead><tbody>${rows.join('')}</tbody></table>`,
  ].join('\n');
}

function lostReasons(s: SimulationReport, id: string): string {
  const out = [`<h3 id="${id}-lost">Why deals are lost</h3>`];
  if (s.lostReasons.length === 0) out.push('<p>No deal is lost.</p>');
  else {
    const rows = s.lostReasons.map((r) => `<tr><td>${r.reason === null ? '<span class="note">(no reason given)</span>' : esc(r.reason)}</td><td>${esc(r.outcome)}</td><td class="num">${r.deals.toLocaleString('en-US')}</td><td class="num">${pct(r.share)}</td></tr>`);
    out.push(`<table class="lost"><caption>Simulated lost deals by reason (share of all deals)</caption><thead><tr><th scope="col">Reason</th><th scope="col">Outcome</th><th scope="col" class="num">Deals</th><th scope="col" class="num">Share</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  }
  const missed = (s.gateMisses ?? []).filter((g) => g.deals > 0);
  if (s.gateMisses !== null && s.gateMisses.length > 0) {
    if (missed.length === 0) out.push('<p class="ok">Every deal that reached an ask step had met its gate.</p>');
    else out.push(`<p>Asked before the gate was met: ${missed.map((g) => `${esc(g.step)} ${g.deals.toLocaleString('en-US')} deals (${pct(g.share)})`).join('; ')}.</p>`);
  }
  return out.join('\n');
}

const VERDICTS: Record<string, string> = { ok: 'ok', differs: 'differs', 'too-few': 'too few', 'off-process': 'off process' };

function verdictCell(verdict: string): string {
  return `<td class="verdict-${verdict}">${VERDICTS[verdict] ?? esc(verdict)}</td>`;
}

const ciText = (ci: readonly [number, number] | null, digits: number, scale = 1): string => (ci ? `${fixed(ci[0] * scale, digits)} – ${fixed(ci[1] * scale, digits)}` : '–');

function calibrationBlock(p: ReportProcess, c: ReportCalibration, id: string): string {
  const r = c.report;
  const title = (stage: string): string => {
    const step = p.process.steps.get(stage);
    return step && step.title !== stage ? `${step.title} (${stage})` : stage;
  };
  const out = [`<h3 id="${id}-calibration">Against real deals</h3>`];
  out.push(
    `<p>${r.deals.total.toLocaleString('en-US')} deals from ${c.files.map((f) => `<code>${esc(f)}</code>`).join(', ')} (${esc(c.format)}) as of ${esc(c.asOf.slice(0, 10))}: ${r.deals.won.toLocaleString('en-US')} won, ${r.deals.lost.toLocaleString('en-US')} lost, ${r.deals.disqualified > 0 ? `${r.deals.disqualified.toLocaleString('en-US')} disqualified, ` : ''}${r.deals.open.toLocaleString('en-US')} open${r.deals.ignored > 0 ? `, ${r.deals.ignored.toLocaleString('en-US')} ignored` : ''}. Verdicts: <em>ok</em> when the process's prediction lies inside the observed 95% interval, <em>differs</em> when it does not, <em>too few</em> below 30 observations.</p>`,
  );
  const w = r.winRate;
  const cy = r.cycleDays;
  out.push(
    `<table class="calibration-summary"><caption>The process's predictions against the closed deals</caption><thead><tr><th scope="col">Measure</th><th scope="col" class="num">Predicted</th><th scope="col" class="num">Observed</th><th scope="col" class="num">95% interval</th><th scope="col" class="num">n</th><th scope="col">Verdict</th></tr></thead><tbody>` +
      `<tr><td>Win rate</td><td class="num">${pct(w.predicted)}</td><td class="num">${pct(w.observed)}</td><td class="num">${w.ci ? `${pct(w.ci[0])} – ${pct(w.ci[1])}` : '–'}</td><td class="num">${w.n.toLocaleString('en-US')}</td>${verdictCell(w.verdict)}</tr>` +
      `<tr><td>Cycle of won deals (business days)</td><td class="num">${fixed(cy.predicted, 1)}</td><td class="num">mean ${fixed(cy.observedMean, 1)} · median ${fixed(cy.observedMedian, 1)}</td><td class="num">–</td><td class="num">${cy.n.toLocaleString('en-US')}</td><td></td></tr>` +
      '</tbody></table>',
  );
  const shown = r.transitions.filter((t) => t.n > 0);
  if (shown.length > 0) {
    const svg = intervalSvg(
      shown.map((t) => ({ label: `${title(t.from)} → ${t.to}`, predicted: t.predicted, observed: t.observed, ci: t.ci, verdict: t.verdict })),
      `${id}-cal-title`,
      `Predicted against observed next-stage shares, ${p.process.title}`,
    );
    out.push(
      `<figure id="${id}-calibration-figure">${svg}<figcaption>Share of the deals leaving each CRM stage that moved to each next stage: the observed share (dot) with its 95% interval (bar) against the process's prediction (diamond, red when it lies outside the interval).<ul class="legend"><li class="l-ci">95% interval</li><li class="l-obs">observed</li><li class="l-pred">predicted</li></ul></figcaption></figure>`,
    );
  }
  const rows: string[] = [];
  for (const stage of r.stages) {
    for (const t of r.transitions.filter((x) => x.from === stage.stage)) {
      rows.push(`<tr><td>${esc(title(stage.stage))}</td><td>→ ${esc(t.to)}</td><td class="num">${fixed(t.predicted, 2)}</td><td class="num">${fixed(t.observed, 2)}</td><td class="num">${t.k.toLocaleString('en-US')}/${t.n.toLocaleString('en-US')}</td><td class="num">${ciText(t.ci, 2)}</td>${verdictCell(t.verdict)}</tr>`);
    }
    rows.push(`<tr><td>${esc(title(stage.stage))}</td><td>days in stage</td><td class="num">${fixed(stage.predictedDays, 1)}</td><td class="num">${fixed(stage.mean, 1)}</td><td class="num">${stage.n.toLocaleString('en-US')} + ${stage.censored.toLocaleString('en-US')} open</td><td class="num">${ciText(stage.ci, 1)}</td>${verdictCell(stage.verdict)}</tr>`);
  }
  out.push(
    `<table class="calibration"><caption>Per CRM stage: next-stage shares and days in stage, predicted against observed</caption><thead><tr><th scope="col">Stage</th><th scope="col">Measure</th><th scope="col" class="num">Predicted</th><th scope="col" class="num">Observed</th><th scope="col" class="num">k/n</th><th scope="col" class="num">95% interval</th><th scope="col">Verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  );
  const notes: string[] = [];
  if (r.unmapped.length > 0) notes.push(`Stages the process does not map (add them to <code>crm.stages</code>): ${r.unmapped.map((u) => `${esc(u.stage)} (${u.deals.toLocaleString('en-US')} deals)`).join(', ')}.`);
  if (c.otherPipelines > 0) notes.push(`${c.otherPipelines.toLocaleString('en-US')} deals in other pipelines were not compared.`);
  if (c.eventsAfterAsOf > 0) notes.push(`${c.eventsAfterAsOf.toLocaleString('en-US')} events after ${esc(c.asOf.slice(0, 10))} were left out.`);
  if (c.issues > 0) notes.push(`${c.issues.toLocaleString('en-US')} records could not be used (see <code>spx calibrate</code>).`);
  if (notes.length > 0) out.push(`<p class="note">${notes.join(' ')}</p>`);
  return out.join('\n');
}

function findings(p: ReportProcess, id: string): string {
  const out = [`<h3 id="${id}-findings">Lint findings</h3>`];
  if (p.diagnostics.length === 0) {
    out.push('<p class="ok">No findings: the process passes every lint rule.</p>');
    return out.join('\n');
  }
  const rows = p.diagnostics.map(
    (d) => `<tr><td class="sev sev-${d.severity}">${d.severity}</td><td><a href="${esc(docsPath(d.ruleId))}">${esc(d.ruleId)}</a></td><td class="num mono">${d.line}:${d.column}</td><td>${esc(d.message)}</td></tr>`,
  );
  out.push(`<table class="findings"><caption>Findings of spx lint on ${esc(p.file)}; each rule links to its documentation.</caption><thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col" class="num">Line</th><th scope="col">Message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  return out.join('\n');
}

function footer(input: ReportInput): string {
  const files = input.processes.map((p) => `<p><code>${esc(p.file)}</code> sha256 <code>${p.sha256.slice(0, 16)}</code>${p.revision === undefined ? '' : ` · revision <code>${esc(p.revision)}</code>`}</p>`);
  const first = input.processes[0]?.simulation;
  return [
    '<footer class="report">',
    `<p>Made with spx ${esc(input.version)} on ${esc(stamp(input.generatedAt))}${first ? ` · ${first.deals.toLocaleString('en-US')} simulated deals per process, seed ${first.seed}` : ''}. The same files, seed and SOURCE_DATE_EPOCH give the same report.</p>`,
    ...files,
    '<p>Every number in this report is also in the JSON block <code>#spx-data</code> at the end of this file.</p>',
    '</footer>',
  ].join('\n');
}
