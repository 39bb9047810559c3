/** The parsers of numeric input: options in plain digits, and amounts as people type them (6k, 6,000) for prompts and amount options (commander-free, so command bundles can use them). */
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

/** What an amount (a number a person types: a deal size, a number of days) accepts, on top of a {@link NumberRule}. */
export interface AmountRule extends NumberRule {
  /** `k` (thousand) and `m` (million) suffixes and a leading currency sign: for money, not for days. */
  readonly money?: boolean;
}

// One group of 1–3 digits, then groups of exactly three joined by one separator: a comma, or a space (also
// the no-break and narrow no-break spaces that some keyboards and spreadsheets put there).
const GROUPED = /^(\d{1,3})((?:,\d{3})+|(?:[ \u00a0\u202f]\d{3})+)(\.\d+)?$/;
const PLAIN = /^\d+(?:\.\d+)?$/;
const SUFFIX: Readonly<Record<string, number>> = { k: 1e3, m: 1e6 };

/**
 * A number as people type it, for prompts and for options that take amounts: plain digits (`6000`, `12.5`),
 * thousands grouped by commas or by spaces (`6,000`, `6 000`, `1,234,567.5` — every group after the first exactly
 * three digits, one kind of separator), and with `money` a leading `$`, `€` or `£` and a `k` or `m` suffix
 * (`6k`, `1.5m`, `$6,000`). Refused, each with a one-line reason: a comma group that is not three digits (`6,00`:
 * a decimal comma or a typo), a lone point before exactly three digits (`6.000`: a thousands point where `.`
 * means a fraction), a sign, exponents, hex, and anything out of the rule's range. Returns the number, or the
 * problem (a sentence without the flag) for a prompt to show.
 */
export function amountOrProblem(raw: string, rule: AmountRule): { value: number } | { problem: string } {
  const max = rule.max ?? Number.MAX_SAFE_INTEGER;
  let text = raw.trim();
  const shown = `"${text}"`;
  const forms = rule.money ? 'e.g. 6000, 6,000, 6 000, 6k, 1.5m or $6,000' : 'e.g. 60, 7.5 or 1,200';
  const notANumber = { problem: `${shown} is not a number; write digits, ${forms}` };
  if (rule.money) text = text.replace(/^[$€£]\s?/, '');
  let multiplier = 1;
  const suffix = rule.money ? /^(.*\d)\s?([kKmM])$/.exec(text) : null;
  if (suffix) {
    text = suffix[1]!;
    multiplier = SUFFIX[suffix[2]!.toLowerCase()]!;
  }
  let digits: string;
  const grouped = GROUPED.exec(text);
  if (grouped) digits = `${grouped[1]}${grouped[2]!.replace(/[^\d]/g, '')}${grouped[3] ?? ''}`;
  else if (PLAIN.test(text)) {
    // "6.000": a thousands point to half the world, six to the other half.
    if (multiplier === 1 && /^\d{1,3}\.\d{3}$/.test(text)) {
      return { problem: `${shown} is ambiguous: write ${text.replace('.', '')} (or ${text.replace('.', ',')}) for thousands, or drop the trailing zeros for a fraction` };
    }
    digits = text;
  } else if (/^\d[\d, \u00a0\u202f]*(\.\d+)?$/.test(text)) {
    return { problem: `${shown}: a comma or space separates thousands, so every group after the first needs three digits; write 600, 6,000 or 6.5 (a point for a fraction)` };
  } else return notANumber;
  const value = Number(digits) * multiplier;
  // 1.5k is 1,500 exactly; the product is rounded back to the digits written so 1.1k is not 1100.0000000000002.
  const exact = multiplier === 1 ? value : Number(value.toPrecision(15));
  if (rule.integer && !Number.isInteger(exact)) return { problem: `${shown} is not a whole number` };
  if (!Number.isFinite(exact) || exact < rule.min || exact > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${plain(rule.min)}` : `from ${plain(rule.min)} to ${plain(max)}`;
    return { problem: `${shown} is out of range; give a number ${range}, e.g. ${rule.example}` };
  }
  return { value: exact };
}

/** {@link amountOrProblem} for an option: the problem becomes a usage error (exit 2) naming `flag`. */
export function parseAmountOption(flag: string, raw: string, rule: AmountRule): number {
  const parsed = amountOrProblem(raw, rule);
  if ('value' in parsed) return parsed.value;
  throw new SpxError('E_USAGE', `${flag}: ${parsed.problem}`);
}
