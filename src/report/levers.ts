/** The report's "What to change" part: the top what-if levers by win rate and by won cycle, and seller capacity per role. */
import type { Capacity } from '../analysis/capacity.js';
import { describeCycleEffect, describeLeverChange, describeWinRateEffect, DAYS_STEP, POINTS_STEP, rankLevers, type RankedLever } from '../analysis/levers.js';
import type { Sensitivity } from '../analysis/sensitivity.js';
import type { Process } from '../model/types.js';
import { esc, fixed, pct } from './html.js';

/** How many changes each ranking shows. */
export const REPORT_TOP_LEVERS = 5;

/** What `spx sensitivity` computes for a process: its exact derivatives and seller capacity. */
export interface ReportSensitivity {
  readonly sensitivity: Sensitivity;
  readonly capacity: Capacity;
}

/** The `sensitivity` key of a process in the page's JSON: the same shapes as `spx sensitivity --json`. */
export function sensitivityData(process: Process, s: ReportSensitivity) {
  const ranked = rankLevers(process, s.sensitivity);
  return {
    winRate: s.sensitivity.winRate,
    disqualifiedRate: s.sensitivity.disqualifiedRate,
    qualifiedWinRate: s.sensitivity.qualifiedWinRate,
    expectedCycleDays: s.sensitivity.expectedCycleWon ?? null,
    step: { points: POINTS_STEP, days: DAYS_STEP },
    ranked: { winRateBy: ranked.winRateBy, winRate: ranked.winRate.slice(0, REPORT_TOP_LEVERS), cycle: ranked.cycle.slice(0, REPORT_TOP_LEVERS) },
    capacity: { roles: s.capacity.roles },
  };
}

/** The section: two ranked lists phrased as `spx sensitivity` phrases them, and the capacity table. */
export function leversBlock(process: Process, s: ReportSensitivity, id: string): string {
  const ranked = rankLevers(process, s.sensitivity);
  const qualified = ranked.winRateBy === 'qualifiedWinRate';
  const rateName = qualified ? 'qualified win rate' : 'win rate';
  const out = [`<h3 id="${id}-levers">What to change</h3>`];
  out.push(
    `<p class="note">Each change moves one number of the process by ${fixed(POINTS_STEP * 100, 0)} points of probability or ${DAYS_STEP} business days; its effect is the exact derivative extrapolated linearly (as <code>spx sensitivity</code>), so re-check a big change with <code>--set</code>.${qualified ? ` The ${rateName} counts only deals that do not end disqualified (${pct(s.sensitivity.disqualifiedRate)} do; qualified win rate now ${pct(s.sensitivity.qualifiedWinRate)}).` : ''}</p>`,
  );
  out.push('<div class="two">');
  out.push(leverList(`What raises the ${rateName} most`, `${id}-levers-win`, ranked.winRate, 'no probability can move toward won', (r) => {
    const effect = describeWinRateEffect(r, ranked.winRateBy);
    return `${esc(describeLeverChange(r, process))}: <strong>${esc(effect.rate)}</strong>${esc(effect.rest)}`;
  }));
  out.push(leverList('What shortens won cycles most', `${id}-levers-cycle`, ranked.cycle, 'nothing shortens the won cycle', (r) => {
    const effect = describeCycleEffect(r, ranked.winRateBy);
    return `${esc(describeLeverChange(r, process))}: <strong>${esc(effect.cycle)}</strong>${esc(effect.rest)}`;
  }));
  out.push('</div>');
  const rows = s.capacity.roles.map(
    (r) => `<tr><td>${esc(r.title)} <span class="mono">(${esc(r.role)})</span></td><td class="num" data-key="capacity-per-deal" data-value="${r.daysPerDeal}">${fixed(r.daysPerDeal, 1)}</td><td class="num"${r.daysPerWonDeal === null ? '' : ` data-key="capacity-per-won-deal" data-value="${r.daysPerWonDeal}"`}>${r.daysPerWonDeal === null ? 'n/a' : fixed(r.daysPerWonDeal, 1)}</td></tr>`,
  );
  out.push(
    `<table class="capacity" id="${id}-capacity"><caption>Seller capacity: expected engaged business days per role, per deal started and per won deal (exact).</caption><thead><tr><th scope="col">Role</th><th scope="col" class="num">Per deal</th><th scope="col" class="num">Per won deal</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  );
  return out.join('\n');
}

function leverList(title: string, id: string, levers: readonly RankedLever[], none: string, line: (r: RankedLever) => string): string {
  const items = levers.slice(0, REPORT_TOP_LEVERS).map((r) => `<li>${line(r)}</li>`);
  return `<div><h4 id="${id}-title">${esc(title)}</h4>${items.length === 0 ? `<p class="note">${esc(none)}.</p>` : `<ol class="levers" id="${id}">${items.join('')}</ol>`}</div>`;
}
