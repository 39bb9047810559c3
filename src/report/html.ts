/** HTML text helpers for the report: every string from a process file or data goes through `esc` before it reaches the page. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML content and (double- or single-quoted) attribute values. Bidirectional overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) are written as character references too: they stay visible in the
 * text but are plainly marked in the source, and `dir`-isolating elements keep them from reordering the page.
 */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&`, the line separators and the bidirectional
 * controls are written as \u escapes, so no string inside (say `</script>` or `<!--`) can end the block or open a
 * comment, and the page source reads in order.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Shortens text to at most `max` characters (with an ellipsis), for SVG labels that cannot wrap; unescaped. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** A number with a fixed number of decimals and thousands separators; 'n/a' when not finite. */
export function fixed(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A share as a percentage with one decimal: 0.2345 → "23.5%". */
export function pct(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return `${(value * 100).toFixed(decimals)}%`;
}

/** SVG coordinates with at most one decimal, so output is short and byte-stable. */
export function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * Escaped text of at most `max` characters of source (html-validate measures titles escaped): clipped with an
 * ellipsis until its escaped form fits.
 */
export function escClipped(text: string, max: number): string {
  let length = Math.min([...text].length, max);
  let out = esc(clip(text, length));
  while (out.length > max && length > 1) out = esc(clip(text, --length));
  return out;
}
