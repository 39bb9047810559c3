/** The whole load pipeline for one process file: bytes → text → YAML → apiVersion check → schema → model. */
import { renderMessage, type Diagnostic } from './diagnostic.js';
import { decodeText, locate, parseYaml, type ParsedFile } from './load.js';
import { holidaysCoverEveryDay } from './holidays.js';
import { toProcess } from './normalize.js';
import type { Calendar, Process } from './types.js';
import { SCHEMA_MESSAGES, schemaDiagnostics } from './validate.js';
import validateProcess from './generated/process-validator.js';

/** The format major this spx reads. */
export const SUPPORTED_API_MAJOR = 1;

/** A process file as {@link loadProcess} loaded it: the parsed file, the model when valid, and load diagnostics. */
export interface LoadedProcess {
  readonly file: string;
  /** Undefined when the bytes are not text. */
  readonly parsed: ParsedFile | undefined;
  /** Present only when the file parsed and matched the schema: semantic rules need a trustworthy model. */
  readonly process: Process | undefined;
  /** yaml-syntax and schema diagnostics. */
  readonly diagnostics: readonly Diagnostic[];
}

/** How {@link loadProcess} builds the model. */
export interface LoadOptions {
  /** The shared calendar (spx.config.yaml's `calendar`) for a process that has none of its own. */
  readonly calendar?: Calendar | undefined;
}

/** Loads a process from its bytes. Never throws on bad input: problems come back as diagnostics. */
export function loadProcess(file: string, bytes: Uint8Array | string, options: LoadOptions = {}): LoadedProcess {
  let text: string;
  if (typeof bytes === 'string') text = bytes;
  else {
    const decoded = decodeText(file, bytes);
    if ('diagnostic' in decoded) return { file, parsed: undefined, process: undefined, diagnostics: [decoded.diagnostic] };
    text = decoded.text;
  }
  const parsed = parseYaml(file, text);
  if (parsed.diagnostics.length > 0) return { file, parsed, process: undefined, diagnostics: parsed.diagnostics };
  const apiVersion = apiVersionDiagnostic(parsed);
  if (apiVersion) return { file, parsed, process: undefined, diagnostics: [apiVersion] };
  const diagnostics = schemaDiagnostics(validateProcess, parsed);
  if (diagnostics.length > 0) return { file, parsed, process: undefined, diagnostics };
  const timeZone = timeZoneDiagnostic(parsed);
  if (timeZone) return { file, parsed, process: undefined, diagnostics: [timeZone] };
  const holidays = holidaysDiagnostic(parsed);
  if (holidays) return { file, parsed, process: undefined, diagnostics: [holidays] };
  return { file, parsed, process: toProcess(parsed.data, options.calendar), diagnostics: [] };
}

/** Files of another format major are refused before the schema, with a message that says what to do. */
function apiVersionDiagnostic(parsed: ParsedFile): Diagnostic | undefined {
  const data = parsed.data as Record<string, unknown> | null;
  const apiVersion = data && typeof data === 'object' ? data['apiVersion'] : undefined;
  const match = typeof apiVersion === 'string' ? /^spx\/v(\d+)$/.exec(apiVersion) : null;
  if (!match || Number(match[1]) === SUPPORTED_API_MAJOR) return undefined;
  const newer = Number(match[1]) > SUPPORTED_API_MAJOR;
  const values = { apiVersion: String(apiVersion), major: SUPPORTED_API_MAJOR, fix: newer ? 'upgrade spx' : 'migrate the file to spx/v1' };
  return {
    ruleId: 'schema',
    severity: 'error',
    message: renderMessage(SCHEMA_MESSAGES, 'unsupportedApiVersion', values),
    messageId: 'unsupportedApiVersion',
    data: values,
    path: ['apiVersion'],
    file: parsed.file,
    ...locate(parsed, ['apiVersion']).range,
  };
}

/**
 * A time zone the schema cannot judge (the IANA database is not a pattern) is checked against the runtime's
 * database here, so that every later date computation can trust it.
 */
function timeZoneDiagnostic(parsed: ParsedFile): Diagnostic | undefined {
  const calendar = (parsed.data as Record<string, unknown>)['calendar'] as Record<string, unknown> | undefined;
  const timeZone = calendar?.['timeZone'];
  if (typeof timeZone !== 'string' || isKnownTimeZone(timeZone)) return undefined;
  const values = { timeZone };
  return {
    ruleId: 'schema',
    severity: 'error',
    message: renderMessage(SCHEMA_MESSAGES, 'unknownTimeZone', values),
    messageId: 'unknownTimeZone',
    data: values,
    path: ['calendar', 'timeZone'],
    file: parsed.file,
    ...locate(parsed, ['calendar', 'timeZone']).range,
  };
}

/** Recurring holidays on every day of the year leave no business day: every date computation would run forever. */
function holidaysDiagnostic(parsed: ParsedFile): Diagnostic | undefined {
  const calendar = (parsed.data as Record<string, unknown>)['calendar'] as Record<string, unknown> | undefined;
  const holidays = calendar?.['holidays'];
  if (!Array.isArray(holidays) || !holidaysCoverEveryDay(holidays as string[])) return undefined;
  return {
    ruleId: 'schema',
    severity: 'error',
    message: renderMessage(SCHEMA_MESSAGES, 'holidaysEveryDay', {}),
    messageId: 'holidaysEveryDay',
    data: {},
    path: ['calendar', 'holidays'],
    file: parsed.file,
    ...locate(parsed, ['calendar', 'holidays']).range,
  };
}

/** Whether the runtime's time zone database knows `name` (IANA names, matched case-insensitively like Intl does). */
export function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
