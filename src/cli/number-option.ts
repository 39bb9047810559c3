/** The one parser of every numeric command-line option (commander-free, so command bundles can use it). */
import { SpxError } from '../index.js';

/** What a numeric option accepts. */
export interface NumberRule {
  /** Whole numbers only (no decimal point). */
  readonly integer: boolean;
  readonly min: number;
  /** Inclusive; default Number.MAX_SAFE_INTEGER. */
  readonly max?: number;
  /** A value to show in the error, e.g. `250` for `--employees`. */
  readonly example: string;
}

const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;

/**
 * The one parser of every numeric option: plain decimal digits (and, where fractions make sense, one decimal
 * point) — no sign, exponent, hex, or separators, so `--deals 0x10`, `1e3` or `1_000` is a usage error (exit 2),
 * never a number the user did not mean. `flag` names the option in the one-line error.
 */
export function parseNumberOption(flag: string, raw: string, rule: NumberRule): number {
  const max = rule.max ?? Number.MAX_SAFE_INTEGER;
  const value = (rule.integer ? WHOLE : DECIMAL).test(raw) ? Number(raw) : NaN;
  const inRange = (rule.integer ? Number.isSafeInteger(value) : Number.isFinite(value)) && value >= rule.min && value <= max;
  if (inRange) return value;
  const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${plain(rule.min)}` : `from ${plain(rule.min)} to ${plain(max)}`;
  const kind = rule.integer ? `a whole number ${range}` : `a number ${range}`;
  throw new SpxError('E_USAGE', `${flag} ${raw}: expected ${kind}, in plain digits${rule.integer ? '' : ' (a decimal point is fine)'}, e.g. ${flag} ${rule.example}`);
}

function plain(n: number): string {
  return n.toLocaleString('en-US');
}
