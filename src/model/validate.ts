/** JSON Schema validation with Ajv's errors mapped from instancePath to the YAML source's line:column. */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar } from 'yaml';
import { closestMatch } from './closest.js';
import { renderMessage, type Diagnostic, type MessageData } from './diagnostic.js';
import { locate, type ParsedFile } from './load.js';
import type { DocPath } from './types.js';

/** The wording of every schema finding (the schema rule's `meta.messages`): messageId → template. */
export const SCHEMA_MESSAGES = {
  unknownField: 'unknown field "{{field}}" in {{where}}; remove it or check its spelling',
  unknownFieldNear: 'unknown field "{{field}}" in {{where}}; did you mean "{{suggestion}}"?',
  commaInBraces: 'unknown field "{{field}}" in {{where}}: a comma inside { } ends the value; quote it ({{key}}: "{{value}}")',
  invalidId: '"{{name}}" in {{where}} is not a valid id; use lowercase letters, digits and dashes (e.g. security-review)',
  wrongForm: '{{where}} has the wrong form{{hint}}: expected {{expected}}',
  missingField: '{{where}} is missing the required field "{{field}}"; add it',
  wrongType: '{{where}} must be {{type}}',
  numberNotString: '{{where}} must be {{type}}; YAML read a number here: put the value in quotes',
  percentNotFraction: '{{where}} is a probability from 0 to 1, not a percentage: write {{fraction}}',
  notInEnum: '{{where}} must be one of: {{allowed}}',
  notConst: '{{where}} must be {{allowed}}',
  internalAsk: '{{where}}: a step of kind internal runs on our side only and cannot be the ask; remove `ask: true`, or ask in a step the buyer takes part in',
  tooManyEntries: "{{where}} has {{count}} entries, over spx's limit of {{limit}}; split the process into smaller ones",
  invalidUnion: '{{where}} is not a valid {{title}}{{detail}}',
  invalid: '{{where}} {{problem}}',
  unsupportedApiVersion: 'apiVersion {{apiVersion}} is not supported: this spx reads spx/v{{major}}; {{fix}}',
  unknownTimeZone: 'calendar.timeZone "{{timeZone}}" is not a time zone this system knows; use an IANA name such as UTC, Europe/Berlin or America/New_York',
  duplicateItem: '{{where}} lists {{value}} twice; remove one',
  holidaysEveryDay: 'calendar.holidays: the recurring holidays cover every day of the year, so no day is left to count business days on; remove some',
} as const;

export type SchemaMessageId = keyof typeof SCHEMA_MESSAGES;

/** Fields that hold a probability from 0 to 1, where users write percentages (`p: 65`, `winRate: 65%`). */
const PROBABILITY_FIELDS = new Set(['p', 'winRate']);

/** Turns a JSON pointer (Ajv's instancePath) into a document path. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

/** A readable location such as `steps.demo.next[1].p`. */
export function describePath(path: DocPath): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out === '' ? 'the top level' : out;
}

/**
 * Validates data and returns one diagnostic per real problem. Ajv reports every failed branch of an
 * `anyOf`; keeping them all would bury the one that matters, so branch noise is folded (see below).
 */
export function schemaDiagnostics(validate: ValidateFunction, parsed: ParsedFile, ruleId = 'schema'): Diagnostic[] {
  if (validate(parsed.data)) return [];
  const errors = foldBranchErrors(validate.errors ?? []);
  const explained = errors.map((error) => explain(error, parsed));
  // `strat: call` is one typo, not an unknown field plus a missing `start`: the "did you mean" says both.
  const misspelt = new Set(
    explained.filter((e) => e.messageId === 'unknownFieldNear').map((e) => `${JSON.stringify(e.path.slice(0, -1))}|${e.data['suggestion']}`),
  );
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const { path, target, messageId, data } of explained) {
    if (messageId === 'missingField' && misspelt.has(`${JSON.stringify(path)}|${data['field']}`)) continue;
    const message = renderMessage(SCHEMA_MESSAGES, messageId, data);
    const key = `${path.join('\u0000')}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { range } = locate(parsed, path, target);
    diagnostics.push({ ruleId, severity: 'error', message, messageId, data, path, file: parsed.file, ...range });
  }
  return diagnostics;
}

/**
 * Folds the errors of each anyOf/oneOf: branches whose type does not match the value are dropped; if a
 * branch of the right type remains, its own errors (e.g. an unknown field) are the useful ones; otherwise
 * one "is not a valid …" error stands for the union.
 */
function foldBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  // Ajv pushes a union's branch errors right before the union's own error, so walking the array in order
  // folds inner unions before the outer ones that contain them.
  errors.forEach((union, index) => {
    if (union.keyword !== 'anyOf' && union.keyword !== 'oneOf') return;
    const at = union.instancePath;
    const byBranch = new Map<string, ErrorObject[]>();
    // The branch errors are the run of errors on the union's value (or inside it) just before it. A branch
    // behind a $ref reports schema paths of the referenced schema, not of the union, hence branchKey.
    let start = index;
    while (start > 0 && (errors[start - 1]!.instancePath === at || errors[start - 1]!.instancePath.startsWith(`${at}/`))) start--;
    for (const e of errors.slice(start, index)) {
      if (dropped.has(e)) continue;
      const branch = branchKey(union.schemaPath, e.schemaPath);
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    let useful = false;
    for (const branchErrors of byBranch.values()) {
      const wrongType = branchErrors.some(
        (e) => e.instancePath === at && (e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum' || e.keyword === 'pattern'),
      );
      if (wrongType || useful) branchErrors.forEach((e) => dropped.add(e));
      else useful = true;
    }
    if (useful) dropped.add(union);
  });
  // Ajv reports a bad map key twice: `propertyNames` itself and the inner error tagged with `propertyName`.
  return errors.filter((e) => !dropped.has(e) && e.keyword !== 'if' && (e as { propertyName?: string }).propertyName === undefined);
}

/** Which branch of a union an error came from: its index when inline, else the $defs entry it was reported in. */
function branchKey(unionPath: string, errorPath: string): string {
  const prefix = `${unionPath}/`;
  if (errorPath.startsWith(prefix)) return errorPath.slice(prefix.length).split('/')[0]!;
  return /^#\/\$defs\/[^/]+/.exec(errorPath)?.[0] ?? '#';
}

interface Explained {
  readonly path: DocPath;
  readonly target: 'key' | 'value';
  readonly messageId: SchemaMessageId;
  readonly data: MessageData;
}

function explain(error: ErrorObject, parsed: ParsedFile): Explained {
  const path = pointerToPath(error.instancePath);
  const data = (error as { data?: unknown }).data;
  const where = describePath(path);
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error as { parentSchema?: { title?: string; description?: string; properties?: object } }).parentSchema;
  const atValue = (messageId: SchemaMessageId, values: MessageData = {}): Explained => ({ path, target: 'value', messageId, data: { where, ...values } });
  const percent = percentFix(path, data);
  if (percent !== undefined && (error.keyword === 'maximum' || error.keyword === 'type')) return atValue('percentNotFraction', { fraction: percent });
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params['additionalProperty']);
      const at: DocPath = [...path, field];
      const comma = commaSplit(parsed, path, field);
      if (comma) return { path: at, target: 'key', messageId: 'commaInBraces', data: { field, where, ...comma } };
      // Only a field the object does not have yet: `mn` next to `min` is not a misspelt `min`.
      const present = data !== null && typeof data === 'object' ? Object.keys(data) : [];
      const suggestion = closestMatch(field, Object.keys(parentSchema?.properties ?? {}).filter((name) => !present.includes(name)));
      return suggestion === undefined
        ? { path: at, target: 'key', messageId: 'unknownField', data: { field, where } }
        : { path: at, target: 'key', messageId: 'unknownFieldNear', data: { field, where, suggestion } };
    }
    case 'propertyNames':
    case 'pattern': {
      if (error.keyword === 'propertyNames' || params['propertyName'] !== undefined) {
        const name = String(params['propertyName']);
        return { path: [...path, name], target: 'key', messageId: 'invalidId', data: { name, where } };
      }
      const hint = parentSchema?.title ? ` (${parentSchema.title})` : '';
      return atValue('wrongForm', { hint, expected: patternHint(String(params['pattern'])) });
    }
    case 'required':
      return atValue('missingField', { field: String(params['missingProperty']) });
    case 'type': {
      // YAML reads `version: 1.0` and `start: 2026` as numbers; quoting is the fix users need to hear.
      const type = article(String(params['type']));
      return atValue(params['type'] === 'string' && typeof data === 'number' ? 'numberNotString' : 'wrongType', { type });
    }
    case 'enum':
      return atValue('notInEnum', { allowed: (params['allowedValues'] as unknown[]).map(String).join(', ') });
    case 'const':
      // The one const on a step: `ask` of a `kind: internal` step (schemas/process.schema.json).
      if (error.schemaPath.endsWith('/then/properties/ask/const')) return atValue('internalAsk', {});
      return atValue('notConst', { allowed: JSON.stringify(params['allowedValue']) });
    case 'maxProperties':
    case 'maxItems': {
      const count = Array.isArray(data) ? data.length : data !== null && typeof data === 'object' ? Object.keys(data).length : 0;
      return atValue('tooManyEntries', { count: count.toLocaleString('en-US'), limit: Number(params['limit']).toLocaleString('en-US') });
    }
    case 'uniqueItems': {
      // Ajv says "items ## 68 and 2 are identical" at the list: name the value, at its later place.
      const later = Math.max(Number(params['i']), Number(params['j']));
      const item = Array.isArray(data) ? data[later] : undefined;
      return { path: [...path, later], target: 'value', messageId: 'duplicateItem', data: { where, value: typeof item === 'string' ? item : JSON.stringify(item) } };
    }
    case 'anyOf':
    case 'oneOf':
      return atValue('invalidUnion', {
        title: parentSchema?.title?.toLowerCase() ?? 'value',
        detail: parentSchema?.description ? `: ${firstSentence(parentSchema.description)}` : '',
      });
    default:
      return atValue('invalid', { problem: error.message ?? 'is invalid' });
  }
}

/**
 * `p: 65` and `p: 65%` are percentages where a probability from 0 to 1 belongs: the fraction to write
 * instead (0.65), or undefined when the value does not read as a percentage.
 */
function percentFix(path: DocPath, value: unknown): number | undefined {
  const field = path[path.length - 1];
  if (typeof field !== 'string' || !PROBABILITY_FIELDS.has(field)) return undefined;
  const match = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value) : null;
  const percent = match ? Number(match[1]) : typeof value === 'number' && value > 1 ? value : undefined;
  if (percent === undefined || !(percent <= 100)) return undefined;
  return Number((percent / 100).toFixed(6));
}

/**
 * An "unknown field" written with no `:` inside `{ }` right after another entry is the tail of that entry's
 * value, cut off by a comma (`{ to: lost, reason: budget, timing }`): the entry and the value it was meant to have.
 */
function commaSplit(parsed: ParsedFile, path: DocPath, field: string): { key: string; value: string } | undefined {
  const map = parsed.document?.getIn(path, true);
  if (!isMap(map) || !map.flow) return undefined;
  const index = map.items.findIndex((pair) => isScalar(pair.key) && String(pair.key.value) === field);
  if (index < 1 || map.items[index]!.value !== null) return undefined;
  const previous = map.items[index - 1]!;
  if (!isScalar(previous.key) || !isScalar(previous.value) || previous.value.value === null) return undefined;
  return { key: String(previous.key.value), value: `${String(previous.value.value)}, ${field}` };
}

function patternHint(pattern: string): string {
  if (pattern.includes('(0|[1-9]\\d{0,14})\\.')) return 'a semver version such as 1.2.0';
  if (pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'a date such as 2026-12-25';
  if (pattern.startsWith('^(\\d{4}-\\d{2}-\\d{2}|')) return 'a date such as 2026-11-26, or a month and day that recurs every year such as 12-25';
  if (pattern.startsWith('^spx/')) return 'spx/v1';
  if (pattern.includes('[dw]')) return 'a duration such as 3d or 2w';
  // Titles are printed to terminals: a control character there could be an escape sequence that rewrites the screen.
  if (pattern.startsWith('^[^\\u0000')) return 'text without control characters (no escape sequences, tabs or line breaks)';
  return 'lowercase letters, digits and dashes (e.g. security-review)';
}

function article(type: string): string {
  const parts = type.split(',');
  return parts.map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(' or ');
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return (end >= 0 ? text.slice(0, end) : text).replace(/\s+/g, ' ');
}
