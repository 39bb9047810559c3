/** The report's charts as inline SVG strings: the won-cycle histogram, the funnel, and small share bars. */
import { clip, esc, escClipped, n, pct } from './html.js';

/** One bin of the won-cycle histogram, as `spx simulate` reports it (the last bin is open-ended). */
export interface HistogramBin {
  readonly from: number;
  readonly to: number | null;
  readonly deals: number;
}

/** A labelled vertical line on the histogram (a percentile). */
export interface Marker {
  readonly label: string;
  readonly value: number;
}

const HIST_WIDTH = 560;
const HIST_HEIGHT = 270;
const HIST_MARGIN = { left: 48, right: 20, top: 40, bottom: 40 };

/** Rounds a maximum up to 1, 2 or 5 × 10^k, so the axis ends on a round tick. */
function niceCeil(value: number): number {
  if (value <= 0) return 1;
  const decade = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * decade >= value - 1e-12) return m * decade;
  return 10 * decade;
}

/**
 * The won-cycle histogram: one bar per bin (height = share of won deals), a y axis in percent, bin edges on the
 * x axis and a dashed line per marker. `titleId` names the element whose text describes the chart.
 */
export function histogramSvg(bins: readonly HistogramBin[], markers: readonly Marker[], titleId: string, title: string): string {
  const won = bins.reduce((sum, b) => sum + b.deals, 0);
  if (bins.length === 0 || won === 0) return '';
  const width = bins.length > 1 ? bins[1]!.from - bins[0]!.from : 1;
  const x0 = bins[0]!.from;
  const x1 = bins[bins.length - 1]!.from + width;
  const plotW = HIST_WIDTH - HIST_MARGIN.left - HIST_MARGIN.right;
  const plotH = HIST_HEIGHT - HIST_MARGIN.top - HIST_MARGIN.bottom;
  const sx = (v: number): number => HIST_MARGIN.left + ((Math.min(Math.max(v, x0), x1) - x0) / (x1 - x0)) * plotW;
  const top = niceCeil(Math.max(...bins.map((b) => b.deals / won)));
  const sy = (share: number): number => HIST_MARGIN.top + plotH - (share / top) * plotH;
  const out: string[] = [];
  out.push(`<svg class="chart histogram" viewBox="0 0 ${HIST_WIDTH} ${HIST_HEIGHT}" role="img" aria-labelledby="${titleId}">`);
  out.push(`<title id="${titleId}">${escClipped(title, 70)}</title>`);
  // Grid and y axis: five ticks.
  for (let i = 0; i <= 4; i++) {
    const share = (top * i) / 4;
    const y = sy(share);
    out.push(`<line class="grid" x1="${HIST_MARGIN.left}" x2="${HIST_WIDTH - HIST_MARGIN.right}" y1="${n(y)}" y2="${n(y)}"/>`);
    out.push(`<text class="tick" x="${HIST_MARGIN.left - 6}" y="${n(y + 4)}" text-anchor="end">${pct(share, share * 100 < 10 && share > 0 ? 1 : 0)}</text>`);
  }
  bins.forEach((bin, i) => {
    const left = sx(bin.from);
    const right = sx(bin.from + width);
    const share = bin.deals / won;
    const range = bin.to === null ? `${bin.from} or more` : `${bin.from} to ${bin.to}`;
    out.push(
      `<rect class="bar" x="${n(left + 1)}" y="${n(sy(share))}" width="${n(Math.max(0.5, right - left - 2))}" height="${n(sy(0) - sy(share))}"><title>${range} business days: ${pct(share)} of won deals</title></rect>`,
    );
    // Label every bin edge when there is room, else every other one.
    if (bins.length <= 12 || i % 2 === 0) out.push(`<text class="tick" x="${n(left)}" y="${n(sy(0) + 16)}" text-anchor="middle">${bin.from}</text>`);
  });
  out.push(`<text class="tick" x="${n(sx(x1))}" y="${n(sy(0) + 16)}" text-anchor="middle">${bins[bins.length - 1]!.to === null ? `${x1}+` : x1}</text>`);
  out.push(`<text class="axis-label" x="${n(HIST_MARGIN.left + plotW / 2)}" y="${HIST_HEIGHT - 4}" text-anchor="middle">business days from first step to won</text>`);
  out.push(`<line class="axis" x1="${HIST_MARGIN.left}" x2="${HIST_WIDTH - HIST_MARGIN.right}" y1="${n(sy(0))}" y2="${n(sy(0))}"/>`);
  markers.forEach((marker, i) => {
    const x = sx(marker.value);
    // Alternate two label rows so neighbouring percentiles never print on top of each other.
    const labelY = i % 2 === 0 ? 14 : 28;
    out.push(`<line class="marker" x1="${n(x)}" x2="${n(x)}" y1="${labelY + 4}" y2="${n(sy(0))}"/>`);
    out.push(`<text class="marker-label" x="${n(x)}" y="${labelY}" text-anchor="middle">${esc(marker.label)} ${marker.value.toFixed(1)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}

/** One row of the funnel chart. */
export interface FunnelRow {
  readonly label: string;
  /** Share of all deals that reached the step, 0..1. */
  readonly reached: number;
  readonly onPath: boolean;
}

const FUNNEL_WIDTH = 680;
const FUNNEL_LABEL = 230;
const FUNNEL_ROW = 26;

/** Horizontal bars, one per step, length ∝ the share of deals that reached it; the share is printed at the end. */
export function funnelSvg(rows: readonly FunnelRow[], titleId: string, title: string): string {
  const height = rows.length * FUNNEL_ROW + 8;
  const barMax = FUNNEL_WIDTH - FUNNEL_LABEL - 70;
  const out: string[] = [`<svg class="chart funnel" viewBox="0 0 ${FUNNEL_WIDTH} ${height}" role="img" aria-labelledby="${titleId}">`, `<title id="${titleId}">${escClipped(title, 70)}</title>`];
  rows.forEach((row, i) => {
    const y = 4 + i * FUNNEL_ROW;
    const w = Math.max(1, row.reached * barMax);
    out.push(`<text class="funnel-label" x="${FUNNEL_LABEL - 10}" y="${y + 17}" text-anchor="end">${esc(clip(row.label, 34))}</text>`);
    out.push(`<rect class="bar${row.onPath ? ' on-path' : ''}" x="${FUNNEL_LABEL}" y="${y + 3}" width="${n(w)}" height="${FUNNEL_ROW - 8}" rx="2"/>`);
    out.push(`<text class="funnel-value" x="${n(FUNNEL_LABEL + w + 6)}" y="${y + 17}">${pct(row.reached)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}

/** A small bar (0..1) for a table cell; decorative, the number is in the next cell. */
export function shareBar(share: number): string {
  const w = Math.max(0, Math.min(1, share)) * 100;
  return `<svg class="share-bar" viewBox="0 0 100 10" aria-hidden="true" focusable="false"><rect class="track" x="0" y="1" width="100" height="8" rx="2"/><rect class="fill" x="0" y="1" width="${n(w)}" height="8" rx="2"/></svg>`;
}

/** One row of the interval chart: a prediction against an observed share and its 95% interval. */
export interface IntervalRow {
  readonly label: string;
  readonly predicted: number;
  readonly observed: number | null;
  readonly ci: readonly [number, number] | null;
  readonly verdict: string;
}

const INTERVAL_WIDTH = 680;
const INTERVAL_LABEL = 260;
const INTERVAL_ROW = 24;

/**
 * Predicted against observed shares on a 0–100% axis: per row the 95% interval as a bar, the observed share as a
 * dot and the prediction as a diamond (filled when the verdict is not `ok`).
 */
export function intervalSvg(rows: readonly IntervalRow[], titleId: string, title: string): string {
  const left = INTERVAL_LABEL;
  const right = INTERVAL_WIDTH - 20;
  const sx = (v: number): number => left + Math.min(1, Math.max(0, v)) * (right - left);
  const height = rows.length * INTERVAL_ROW + 30;
  const out: string[] = [`<svg class="chart intervals" viewBox="0 0 ${INTERVAL_WIDTH} ${height}" role="img" aria-labelledby="${titleId}">`, `<title id="${titleId}">${escClipped(title, 70)}</title>`];
  for (let i = 0; i <= 4; i++) {
    const x = sx(i / 4);
    out.push(`<line class="grid" x1="${n(x)}" x2="${n(x)}" y1="4" y2="${height - 22}"/>`);
    out.push(`<text class="tick" x="${n(x)}" y="${height - 8}" text-anchor="middle">${i * 25}%</text>`);
  }
  rows.forEach((row, i) => {
    const y = 12 + i * INTERVAL_ROW;
    out.push(`<text class="funnel-label" x="${left - 10}" y="${y + 4}" text-anchor="end">${esc(clip(row.label, 40))}</text>`);
    if (row.ci) out.push(`<line class="ci" x1="${n(sx(row.ci[0]))}" x2="${n(sx(row.ci[1]))}" y1="${y}" y2="${y}"/>`);
    if (row.observed !== null) out.push(`<circle class="observed" cx="${n(sx(row.observed))}" cy="${y}" r="4"/>`);
    const px = sx(row.predicted);
    out.push(`<path class="predicted${row.verdict === 'ok' || row.verdict === 'too-few' ? '' : ' off'}" d="M${n(px)} ${y - 6}L${n(px + 6)} ${y}L${n(px)} ${y + 6}L${n(px - 6)} ${y}Z"/>`);
  });
  out.push('</svg>');
  return out.join('');
}

/** One month of the forecast chart: the exact expectation and the simulated P10/P50/P90. */
export interface BandBar {
  readonly label: string;
  readonly expected: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  /** Drawn lighter: the open-ended `later` bucket. */
  readonly faint?: boolean;
}

const BAND_WIDTH = 680;
const BAND_HEIGHT = 250;
const BAND_MARGIN = { left: 60, right: 12, top: 26, bottom: 34 };

/** 1234567 → "1.2M", 12345 → "12.3k", 943.1 → "943", 2.25 → "2.3": short labels (fixed, locale-independent). */
export function compact(value: number): string {
  const abs = Math.abs(value);
  const short = (x: number, unit: string): string => `${String(Math.round(x * 10) / 10)}${unit}`;
  if (abs >= 1e9) return short(value / 1e9, 'G');
  if (abs >= 1e6) return short(value / 1e6, 'M');
  if (abs >= 1e3) return short(value / 1e3, 'k');
  return abs >= 10 ? String(Math.round(value)) : short(value, '');
}

/** Rounds a maximum up to a value whose quarters are round (3 → 0.75, 6 → 1.5), wasting less height than {@link niceCeil}. */
function bandCeil(value: number): number {
  if (value <= 0) return 1;
  const decade = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * decade >= value - 1e-12) return m * decade;
  return 10 * decade;
}

/**
 * Vertical bars with uncertainty: per slot a bar up to the expectation, a whisker from P10 to P90 with caps and a
 * dot at P50, the expectation printed above. `unit` names the quantity in the bars' tooltips.
 */
export function bandBarsSvg(bars: readonly BandBar[], titleId: string, title: string, unit: string): string {
  if (bars.length === 0) return '';
  const plotW = BAND_WIDTH - BAND_MARGIN.left - BAND_MARGIN.right;
  const plotH = BAND_HEIGHT - BAND_MARGIN.top - BAND_MARGIN.bottom;
  const top = bandCeil(Math.max(...bars.map((b) => Math.max(b.expected, b.p90))));
  const sy = (v: number): number => BAND_MARGIN.top + plotH - (Math.max(0, v) / top) * plotH;
  const slot = plotW / bars.length;
  const barW = Math.min(56, slot * 0.56);
  const out: string[] = [`<svg class="chart bands" viewBox="0 0 ${BAND_WIDTH} ${BAND_HEIGHT}" role="img" aria-labelledby="${titleId}">`, `<title id="${titleId}">${escClipped(title, 70)}</title>`];
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    const y = sy(v);
    out.push(`<line class="grid" x1="${BAND_MARGIN.left}" x2="${BAND_WIDTH - BAND_MARGIN.right}" y1="${n(y)}" y2="${n(y)}"/>`);
    out.push(`<text class="tick" x="${BAND_MARGIN.left - 8}" y="${n(y + 4)}" text-anchor="end">${compact(v)}</text>`);
  }
  bars.forEach((bar, i) => {
    const cx = BAND_MARGIN.left + slot * (i + 0.5);
    const y = sy(bar.expected);
    const tip = `${bar.label}: expected ${compact(bar.expected)} ${unit}; P10 ${compact(bar.p10)}, P50 ${compact(bar.p50)}, P90 ${compact(bar.p90)}`;
    out.push(`<g class="band-bar${bar.faint ? ' faint' : ''}"><title>${esc(tip)}</title>`);
    out.push(`<rect class="bar" x="${n(cx - barW / 2)}" y="${n(y)}" width="${n(barW)}" height="${n(sy(0) - y)}" rx="2"/>`);
    const y10 = sy(bar.p10);
    const y90 = sy(bar.p90);
    // A month no simulated future closes in has no band to draw: its 0 label says so.
    if (bar.p90 > 0) {
      out.push(`<path class="whisker" d="M${n(cx)} ${n(y10)}V${n(y90)}M${n(cx - 7)} ${n(y10)}H${n(cx + 7)}M${n(cx - 7)} ${n(y90)}H${n(cx + 7)}"/>`);
      out.push(`<circle class="median" cx="${n(cx)}" cy="${n(sy(bar.p50))}" r="3.5"/>`);
    }
    out.push(`<text class="bar-value" x="${n(cx)}" y="${n(Math.min(y, y90) - 6)}" text-anchor="middle">${compact(bar.expected)}</text>`);
    out.push('</g>');
    out.push(`<text class="tick" x="${n(cx)}" y="${n(sy(0) + 18)}" text-anchor="middle">${esc(clip(bar.label, 12))}</text>`);
  });
  out.push(`<line class="axis" x1="${BAND_MARGIN.left}" x2="${BAND_WIDTH - BAND_MARGIN.right}" y1="${n(sy(0))}" y2="${n(sy(0))}"/>`);
  out.push('</svg>');
  return out.join('');
}
