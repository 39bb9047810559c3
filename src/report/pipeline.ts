/** The report's open-pipeline sections (with --history): the audit summary and the forecast by month and currency. */
import type { AuditedDeal, AuditFindingId, AuditReport } from '../deals/audit.js';
import { AUDIT_FINDINGS } from '../deals/audit.js';
import type { Band, ForecastReport, ForecastRow, ForecastTotal } from '../deals/forecast.js';
import { bandBarsSvg, shareBar } from './charts.js';
import { esc, fixed, pct } from './html.js';

/** The open deals of a process's deal data, as `spx audit` and `spx forecast` see them (same as-of and seed). */
export interface ReportPipeline {
  readonly audit: AuditReport;
  readonly forecast: ForecastReport;
}

/** The worst flagged deals the page lists; `spx audit` lists them all. */
export const WORST_DEALS = 20;

/** What each finding means, in a few words for the summary table. */
const FINDING_TEXT: Record<AuditFindingId, string> = {
  'unknown-stage': 'in a CRM stage the process does not map',
  'off-process': 'moved between stages the process never connects',
  'gate-not-met': 'reached an ask step before its gate was met',
  'no-next-step': 'no next activity scheduled',
  'next-step-overdue': 'the next activity is past due',
  stalled: "longer in the stage than the stall quantile of the process's deals",
  'next-step-late': 'the next activity is later than the process allows',
};

/** Worst first, as `spx audit` orders them: more findings, then more money at stake, then longer in the stage; the id breaks ties. */
function worstFirst(a: AuditedDeal, b: AuditedDeal): number {
  return b.findings.length - a.findings.length || (b.amount ?? 0) - (a.amount ?? 0) || b.daysInStage - a.daysInStage || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function worstDeals(audit: AuditReport): { shown: AuditedDeal[]; more: number } {
  const flagged = audit.deals.filter((d) => d.findings.length > 0).sort(worstFirst);
  return { shown: flagged.slice(0, WORST_DEALS), more: Math.max(0, flagged.length - WORST_DEALS) };
}

const nullable = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** The audit and forecast numbers for the page's JSON block: counts and totals as `spx audit/forecast --json` give them, not every deal. */
export function pipelineData(p: ReportPipeline) {
  const { audit, forecast } = p;
  const worst = worstDeals(audit);
  return {
    audit: {
      asOf: new Date(audit.asOf).toISOString(),
      stallQuantile: audit.stallQuantile,
      counts: audit.counts,
      worst: worst.shown.map((d) => ({
        id: d.id,
        owner: nullable(d.owner),
        stage: d.stage,
        stageTitle: d.stageTitle,
        daysInStage: d.daysInStage,
        amount: nullable(d.amount),
        currency: nullable(d.currency),
        findings: d.findings.map((f) => f.id),
      })),
      flaggedNotShown: worst.more,
      unrouted: audit.unrouted.length,
    },
    forecast: {
      asOf: new Date(forecast.asOf).toISOString(),
      seed: forecast.seed,
      runsPerDeal: forecast.runsPerDeal,
      months: forecast.months,
      deals: forecast.deals.length,
      totals: forecast.totals.map((t) => ({ ...t, currency: nullable(t.currency) })),
      rows: forecast.rows.map((r) => ({ ...r, currency: nullable(r.currency) })),
      skipped: forecast.skipped.length,
      unrouted: forecast.unrouted.length,
    },
  };
}

const count = (x: number): string => x.toLocaleString('en-US');

/** A number the tests (and readers' tools) can find, as the page's key numbers: `data-key` names it, `data-value` holds full precision. */
function cell(key: string, value: number, text: string, extra = ''): string {
  return `<td class="num${extra}" data-key="${key}" data-value="${value}">${esc(text)}</td>`;
}

/** Text from a data file in a table cell: escaped and isolated, so right-to-left marks cannot reorder the row. */
const dataText = (text: string | undefined, none: string): string => (text === undefined || text === '' ? `<span class="note">${none}</span>` : `<bdi>${esc(text)}</bdi>`);

export function auditBlock(p: ReportPipeline, id: string): string {
  const { audit } = p;
  const { open, flagged, byFinding } = audit.counts;
  const asOf = new Date(audit.asOf).toISOString().slice(0, 10);
  const out = [`<h3 id="${id}-audit">Open deals: what needs attention</h3>`];
  if (open === 0) {
    out.push(`<p>No open deal of this process in the data as of ${esc(asOf)}.</p>`);
    return out.join('\n');
  }
  out.push(
    `<p>The ${count(open)} deals open on ${esc(asOf)}, checked as <code>spx audit</code> checks them: a next step scheduled and not overdue, not stalled (longer in the stage than ${pct(audit.stallQuantile, 0)} of the process's deals), no gate skipped, on the process.</p>`,
  );
  out.push(
    '<dl class="kpis audit-kpis">' +
      `<div class="kpi"><dt>Open deals</dt><dd><span class="value" data-key="audit-open" data-value="${open}">${count(open)}</span><span class="sub">as of ${esc(asOf)}</span></dd></div>` +
      `<div class="kpi${flagged > 0 ? ' alert' : ''}"><dt>Need attention</dt><dd><span class="value" data-key="audit-flagged" data-value="${flagged}">${count(flagged)}</span><span class="sub">${pct(flagged / open)} of open deals</span></dd></div>` +
      `<div class="kpi"><dt>No next step</dt><dd><span class="value">${count(byFinding['no-next-step'])}</span><span class="sub">${pct(byFinding['no-next-step'] / open)} of open deals</span></dd></div>` +
      `<div class="kpi"><dt>Stalled</dt><dd><span class="value">${count(byFinding.stalled)}</span><span class="sub">${pct(byFinding.stalled / open)} of open deals</span></dd></div>` +
      '</dl>',
  );
  const rows = AUDIT_FINDINGS.map(
    (finding) =>
      `<tr${byFinding[finding] === 0 ? ' class="zero"' : ''}><td><span class="finding">${esc(finding)}</span></td><td>${esc(finding === 'stalled' ? `longer in the stage than ${pct(audit.stallQuantile, 0)} of the process's deals` : FINDING_TEXT[finding])}</td>${cell(`audit-${finding}`, byFinding[finding], count(byFinding[finding]))}<td>${shareBar(byFinding[finding] / open)}</td><td class="num">${pct(byFinding[finding] / open)}</td></tr>`,
  );
  out.push(
    `<table class="audit-findings"><caption>Open deals flagged per finding (a deal may have several)</caption><thead><tr><th scope="col">Finding</th><th scope="col">Meaning</th><th scope="col" class="num">Deals</th><th scope="col"><span class="sr">Bar</span></th><th scope="col" class="num">Of open</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  );
  const worst = worstDeals(audit);
  if (worst.shown.length > 0) {
    const dealRows = worst.shown.map((d) => {
      const money = d.amount === undefined ? '–' : `${fixed(d.amount, 0)}${d.currency === undefined ? '' : ` ${esc(d.currency)}`}`;
      const findings = d.findings.map((f) => `<span class="finding">${esc(f.id)}</span>`).join(' ');
      return `<tr><td class="mono">${dataText(d.id, '(no id)')}</td><td>${dataText(d.owner, '(no owner)')}</td><td>${dataText(d.stageTitle, d.stage)}</td><td class="num">${fixed(d.daysInStage, 1)}</td><td class="num">${d.currency === undefined ? money : `<bdi>${money}</bdi>`}</td><td class="findings-cell">${findings}</td></tr>`;
    });
    out.push(
      `<table class="worst-deals"><caption>${worst.more > 0 ? `The ${worst.shown.length} flagged deals` : 'Flagged deals'} that need attention most: more findings first, then more money at stake, then longer in the stage</caption><thead><tr><th scope="col">Deal</th><th scope="col">Owner</th><th scope="col">Stage</th><th scope="col" class="num">Days in stage</th><th scope="col" class="num">Amount</th><th scope="col">Findings</th></tr></thead><tbody>${dealRows.join('')}</tbody></table>`,
    );
    if (worst.more > 0) out.push(`<p class="note">… and ${count(worst.more)} more flagged ${worst.more === 1 ? 'deal' : 'deals'}: <code>spx audit</code> lists every one with what to do and by when.</p>`);
  } else out.push('<p class="ok">No open deal needs attention.</p>');
  if (audit.unrouted.length > 0) out.push(`<p class="note">${count(audit.unrouted.length)} deals in pipelines this process does not claim were left out.</p>`);
  return out.join('\n');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03" → "Mar 2026"; `later` stays. */
function monthLabel(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  return match ? `${MONTHS[Number(match[2]) - 1]} ${match[1]}` : month;
}

const band = (b: Band, digits: number): string => `${fixed(b.p10, digits)} – ${fixed(b.p90, digits)}`;

export function forecastBlock(p: ReportPipeline, id: string, processTitle: string): string {
  const { forecast } = p;
  const asOf = new Date(forecast.asOf).toISOString().slice(0, 10);
  const out = [`<h3 id="${id}-forecast">Forecast of the open deals</h3>`];
  if (forecast.deals.length === 0) {
    out.push(`<p>No open deal to forecast as of ${esc(asOf)}.</p>`);
    if (forecast.skipped.length > 0) out.push(`<p class="note">${count(forecast.skipped.length)} open deals are in stages the process does not map or never enters.</p>`);
    return out.join('\n');
  }
  out.push(
    `<p>What the ${count(forecast.deals.length)} open deals will bring, by month of close from ${esc(asOf)}, as <code>spx forecast</code> computes it: expected wins and bookings are exact (the process's win probability from each deal's stage); the P10–P90 bands come from ${count(forecast.runsPerDeal)} simulated futures of every deal (seed ${forecast.seed}). Each currency stands alone: amounts are never added across currencies.</p>`,
  );
  forecast.totals.forEach((total, i) => out.push(currencyBlock(forecast, total, `${id}-fc${i}`, processTitle)));
  const notes: string[] = [];
  if (forecast.skipped.length > 0) notes.push(`${count(forecast.skipped.length)} open deals have no forecast: their stage is not mapped or never entered.`);
  if (forecast.unrouted.length > 0) notes.push(`${count(forecast.unrouted.length)} deals in pipelines this process does not claim were left out.`);
  notes.push('The forecast ignores how long a deal has already spent in its stage, seasonality, and deals not yet created.');
  out.push(`<p class="note">${notes.join(' ')}</p>`);
  return out.join('\n');
}

function currencyBlock(forecast: ForecastReport, total: ForecastTotal, id: string, processTitle: string): string {
  const currency = total.currency;
  const name = currency === undefined ? 'no currency' : currency;
  const rows = forecast.rows.filter((r) => r.currency === currency);
  // Bookings when the deals have amounts; else what can be forecast, the wins.
  const bookings = total.expectedBookings > 0;
  const unit = bookings ? name : 'wins';
  const pick = (r: ForecastRow | ForecastTotal): { expected: number; b: Band } => (bookings ? { expected: r.expectedBookings, b: r.bookings } : { expected: r.expectedWins, b: r.wins });
  const svg = bandBarsSvg(
    rows.map((r) => {
      const { expected, b } = pick(r);
      return { label: monthLabel(r.month), expected, p10: b.p10, p50: b.p50, p90: b.p90, faint: r.month === 'later' };
    }),
    `${id}-title`,
    `${bookings ? 'Expected bookings' : 'Expected wins'} per month (${name}), ${processTitle}`,
    unit,
  );
  const line = (label: string, r: ForecastRow | ForecastTotal, isTotal: boolean): string => {
    const k = isTotal ? 'forecast-total' : 'forecast';
    return (
      `<tr${isTotal ? ' class="total"' : ''}><td>${esc(label)}</td>` +
      (isTotal ? cell(`${k}-wins`, r.expectedWins, fixed(r.expectedWins, 1)) : `<td class="num">${fixed(r.expectedWins, 1)}</td>`) +
      `<td class="num">${band(r.wins, 0)}</td>` +
      (isTotal ? cell(`${k}-bookings`, r.expectedBookings, fixed(r.expectedBookings, 0)) : `<td class="num">${fixed(r.expectedBookings, 0)}</td>`) +
      `<td class="num">${fixed(r.bookings.p10, 0)}</td><td class="num">${fixed(r.bookings.p50, 0)}</td><td class="num">${fixed(r.bookings.p90, 0)}</td></tr>`
    );
  };
  const body = rows.map((r) => line(monthLabel(r.month), r, false)).join('') + line('total', total, true);
  const shownName = currency === undefined ? '<span class="note">(no currency)</span>' : `<bdi>${esc(currency)}</bdi>`;
  const without = total.withoutAmount > 0 ? `; ${count(total.withoutAmount)} without an amount count in wins only` : '';
  return [
    `<h4 id="${id}">${shownName} · ${count(total.deals)} open ${total.deals === 1 ? 'deal' : 'deals'}</h4>`,
    `<p class="forecast-line">Expected <strong>${fixed(total.expectedWins, 1)}</strong> wins${bookings ? ` and <strong>${fixed(total.expectedBookings, 0)} <bdi>${esc(name)}</bdi></strong> in bookings` : ''} over the horizon (P10–P90 ${bookings ? `${fixed(total.bookings.p10, 0)} – ${fixed(total.bookings.p90, 0)}` : band(total.wins, 0)})${without}.</p>`,
    `<figure id="${id}-figure">${svg}<figcaption>${bookings ? 'Expected bookings' : 'Expected wins (the deals carry no amounts)'} per month of close: the bar is the exact expectation, the whisker the simulated P10 to P90, the dot the P50; <em>later</em> gathers closes after the last month.<ul class="legend"><li class="l-exp">expected</li><li class="l-band">P10–P90</li><li class="l-p50">P50</li></ul></figcaption></figure>`,
    `<table class="forecast"><caption>Forecast per month of close (${esc(name)}): wins and bookings, expectation and simulated bands</caption><thead><tr><th scope="col">Month</th><th scope="col" class="num">Expected wins</th><th scope="col" class="num">Wins P10 – P90</th><th scope="col" class="num">Expected bookings</th><th scope="col" class="num">Bookings P10</th><th scope="col" class="num">P50</th><th scope="col" class="num">P90</th></tr></thead><tbody>${body}</tbody></table>`,
  ].join('\n');
}
