/** spx.config.yaml: rule severities and thresholds, validated with positions against the schema built from the rule registry. */
import { dirname, join } from 'node:path';
import { closestMatch } from '../model/closest.js';
import type { Severity } from '../model/diagnostic.js';
import { SpxError } from '../model/errors.js';
import { decodeText, locate, parseYaml } from '../model/load.js';
import { holidaysCoverEveryDay } from '../model/holidays.js';
import { SCHEMA_MESSAGES, schemaDiagnostics } from '../model/validate.js';
import { renderMessage } from '../model/diagnostic.js';
import { toCalendar } from '../model/normalize.js';
import { isKnownTimeZone } from '../model/process-file.js';
import type { Calendar } from '../model/types.js';
import validateConfig from '../model/generated/config-validator.js';
import type { Rule } from './rule.js';
import { RULES } from './rules/index.js';

/** The file name {@link findConfigFile} looks for. */
export const CONFIG_FILE_NAME = 'spx.config.yaml';

type RuleSettingInput = Severity | 'off' | ({ severity?: Severity | 'off' } & Record<string, unknown>);

/** A parsed spx.config.yaml: per-rule settings and the globs of files to skip. */
export interface LintConfig {
  /** Where the config came from, for messages; undefined for the built-in defaults. */
  readonly file: string | undefined;
  readonly rules: Readonly<Record<string, RuleSettingInput>>;
  /** Globs skipped when expanding directories and globs. */
  readonly ignore: readonly string[];
  /** The shared calendar: the calendar of every process that has no `calendar` of its own; undefined when the config has none. */
  readonly calendar?: Calendar | undefined;
}

export interface RuleSetting {
  readonly severity: Severity | 'off';
  readonly options: Readonly<Record<string, unknown>>;
}

/** The config when there is no spx.config.yaml: every rule at its default severity, nothing ignored. */
export const DEFAULT_CONFIG: LintConfig = { file: undefined, rules: {}, ignore: [] };

/** Parses and validates a config file. Problems are fatal (exit 2): a broken config must not pass CI quietly. */
export function parseConfig(file: string, bytes: Uint8Array): LintConfig {
  const decoded = decodeText(file, bytes);
  const fail = (d: { line: number; column: number; message: string }): never => {
    throw new SpxError('E_CONFIG', `${file}:${d.line}:${d.column}: ${d.message}`);
  };
  if ('diagnostic' in decoded) return fail(decoded.diagnostic);
  if (decoded.text.trim() === '') return { ...DEFAULT_CONFIG, file };
  const parsed = parseYaml(file, decoded.text);
  if (parsed.diagnostics.length > 0) return fail(parsed.diagnostics[0]!);
  // A misspelt rule id is the likeliest config mistake: name the rule it was meant to be.
  const ruleIds = (parsed.data as { rules?: unknown } | null)?.rules;
  if (ruleIds !== null && typeof ruleIds === 'object' && !Array.isArray(ruleIds)) {
    for (const id of Object.keys(ruleIds)) {
      const problem = unknownRuleMessage(id);
      if (problem) return fail({ ...locate(parsed, ['rules', id], 'key').range, message: problem });
    }
  }
  const problems = schemaDiagnostics(validateConfig, parsed, 'config');
  if (problems.length > 0) return fail(problems[0]!);
  const data = (parsed.data ?? {}) as { rules?: Record<string, RuleSettingInput>; ignore?: string[]; calendar?: Record<string, unknown> };
  const timeZone = data.calendar?.['timeZone'];
  if (typeof timeZone === 'string' && !isKnownTimeZone(timeZone)) {
    return fail({ ...locate(parsed, ['calendar', 'timeZone']).range, message: renderMessage(SCHEMA_MESSAGES, 'unknownTimeZone', { timeZone }) });
  }
  const holidays = data.calendar?.['holidays'];
  if (Array.isArray(holidays) && holidaysCoverEveryDay(holidays as string[])) {
    return fail({ ...locate(parsed, ['calendar', 'holidays']).range, message: renderMessage(SCHEMA_MESSAGES, 'holidaysEveryDay', {}) });
  }
  const calendar = data.calendar ? toCalendar(data.calendar) : undefined;
  return { file, rules: data.rules ?? {}, ignore: data.ignore ?? [], ...(calendar ? { calendar } : {}) };
}

/**
 * "unknown rule no-ownr; did you mean no-owner?" for an id that is not a rule of `rules`, or undefined for a
 * rule id. For every place a user names a rule: the config, directives, options.
 */
export function unknownRuleMessage(id: string, rules: readonly Rule[] = RULES): string | undefined {
  const ids = rules.map((rule) => rule.id);
  if (ids.includes(id)) return undefined;
  const suggestion = closestMatch(id, ids);
  return suggestion === undefined ? `unknown rule ${id}; see spx rules for the rule ids` : `unknown rule ${id}; did you mean ${suggestion}?`;
}

/** The effective severity and options of a rule: its defaults, overridden by the config. */
export function ruleSetting(rule: Rule, config: LintConfig): RuleSetting {
  const input = Object.hasOwn(config.rules, rule.id) ? config.rules[rule.id] : undefined;
  const defaults = rule.meta.defaultOptions ?? {};
  if (input === undefined) return { severity: rule.meta.defaultSeverity, options: defaults };
  if (typeof input === 'string') return { severity: input, options: defaults };
  const { severity, ...options } = input;
  return { severity: severity ?? rule.meta.defaultSeverity, options: { ...defaults, ...options } };
}

/** Finds spx.config.yaml in `startDir` or the nearest directory above it. */
export function findConfigFile(startDir: string, exists: (path: string) => boolean): string | undefined {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (exists(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
