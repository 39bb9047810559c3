/** JSON Schema validation with Ajv's errors mapped from instancePath to the YAML source's line:column. */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from './diagnostic.js';
import { locate, type ParsedFile } from './load.js';
import type { DocPath } from './types.js';

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
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const error of errors) {
    const { path, target, message } = explain(error);
    const key = `${path.join('\u0000')}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { range } = locate(parsed, path, target);
    diagnostics.push({ ruleId, severity: 'error', message, file: parsed.file, ...range });
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

function explain(error: ErrorObject): { path: DocPath; target: 'key' | 'value'; message: string } {
  const path = pointerToPath(error.instancePath);
  const data = (error as { data?: unknown }).data;
  const where = describePath(path);
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error as { parentSchema?: { title?: string; description?: string } }).parentSchema;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params['additionalProperty']);
      return { path: [...path, field], target: 'key', message: `unknown field "${field}" in ${where}; remove it or check its spelling` };
    }
    case 'propertyNames':
    case 'pattern': {
      if (error.keyword === 'propertyNames' || params['propertyName'] !== undefined) {
        const name = String(params['propertyName']);
        return { path: [...path, name], target: 'key', message: `"${name}" in ${where} is not a valid id; use lowercase letters, digits and dashes (e.g. security-review)` };
      }
      const hint = parentSchema?.title ? ` (${parentSchema.title})` : '';
      return { path, target: 'value', message: `${where} has the wrong form${hint}: expected ${patternHint(String(params['pattern']))}` };
    }
    case 'required':
      return { path, target: 'value', message: `${where} is missing the required field "${String(params['missingProperty'])}"; add it` };
    case 'type': {
      // YAML reads `version: 1.0` and `start: 2026` as numbers; quoting is the fix users need to hear.
      const quote = params['type'] === 'string' && typeof data === 'number' ? '; YAML read a number here: put the value in quotes' : '';
      return { path, target: 'value', message: `${where} must be ${article(String(params['type']))}${quote}` };
    }
    case 'enum':
      return { path, target: 'value', message: `${where} must be one of: ${(params['allowedValues'] as unknown[]).map(String).join(', ')}` };
    case 'const':
      return { path, target: 'value', message: `${where} must be ${JSON.stringify(params['allowedValue'])}` };
    case 'maxProperties':
    case 'maxItems': {
      const count = Array.isArray(data) ? data.length : data !== null && typeof data === 'object' ? Object.keys(data).length : 0;
      return { path, target: 'value', message: `${where} has ${count.toLocaleString('en-US')} entries, over spx's limit of ${Number(params['limit']).toLocaleString('en-US')}; split the process into smaller ones` };
    }
    case 'anyOf':
    case 'oneOf':
      return { path, target: 'value', message: `${where} is not a valid ${parentSchema?.title?.toLowerCase() ?? 'value'}${parentSchema?.description ? `: ${firstSentence(parentSchema.description)}` : ''}` };
    default:
      return { path, target: 'value', message: `${where} ${error.message ?? 'is invalid'}` };
  }
}

function patternHint(pattern: string): string {
  if (pattern.includes('(0|[1-9]\\d{0,14})\\.')) return 'a semver version such as 1.2.0';
  if (pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'a date such as 2026-12-25';
  if (pattern.startsWith('^spx/')) return 'spx/v1';
  if (pattern.includes('[dw]')) return 'a duration such as 3d or 2w';
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
