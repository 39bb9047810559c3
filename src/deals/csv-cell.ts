/** One CSV cell, quoted per RFC 4180 and defused against spreadsheet formula injection. */

/** First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Characters that need RFC 4180 quoting. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A CSV cell for `value`. Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with
 * `'` so spreadsheets show it instead of evaluating it; text containing a comma, a double quote or a line break
 * is quoted, with double quotes doubled (RFC 4180). Finite numbers are written as they are (a number is not a
 * formula, and `-5` must stay a number); undefined, null and non-finite numbers are an empty cell.
 */
export function csvCell(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (no line break) of cells, each through {@link csvCell}. */
export function csvRow(values: readonly (string | number | undefined | null)[]): string {
  return values.map(csvCell).join(',');
}
