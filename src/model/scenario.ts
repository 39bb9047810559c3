/** What-if scenarios: `PATH=VALUE` settings applied to a process file's YAML before it is validated, the file untouched. */
import { parse, parseDocument } from 'yaml';
import { SpxError } from './errors.js';
import { loadProcess } from './process-file.js';
import type { DocPath } from './types.js';

/** One `--set PATH=VALUE`, parsed. */
export interface ScenarioSetting {
  /** As written, e.g. `steps.demo.next.proposal.p=0.8`. */
  readonly text: string;
  /** Dotted path segments; a segment after `next` names a transition by its target id. */
  readonly path: readonly string[];
  /** The value read as YAML: `0.8` a number, `[a, b]` a list, `{ min: 1, max: 3 }` a map, `foo` a string. */
  readonly value: unknown;
}

/** One value the scenario changed (the ones set, and the probabilities renormalised with them). */
export interface ScenarioChange {
  /** Dotted path, transitions by target id: `steps.demo.next.lost.p`. */
  readonly path: string;
  /** The value before; null when the file did not have it. */
  readonly from: unknown;
  readonly to: unknown;
}

/** The scenario applied to one file. */
export interface ScenarioResult {
  /** The YAML with the settings applied (comments, and so `spx-disable` directives, kept). */
  readonly text: string;
  readonly changes: readonly ScenarioChange[];
}

/** Fields a scenario may add where the file leaves them out (the parent must exist, except `targets`). */
const ADDABLE: readonly (readonly string[])[] = [
  ['targets', 'winRate'],
  ['targets', 'cycleDays'],
  ['metadata', 'dealValue'],
  ['steps', '*', 'next', '*', 'within'],
  ['steps', '*', 'next', '*', 'p'],
];

/** Parses `PATH=VALUE`; a usage error names what is wrong. */
export function parseSetting(text: string): ScenarioSetting {
  const equals = text.indexOf('=');
  const path = equals < 0 ? '' : text.slice(0, equals).trim();
  const raw = equals < 0 ? '' : text.slice(equals + 1).trim();
  if (path === '' || raw === '') throw new SpxError('E_USAGE', `--set ${text}: expected PATH=VALUE, e.g. --set steps.demo.next.proposal.p=0.8`);
  let value: unknown;
  try {
    value = parse(raw);
  } catch {
    throw new SpxError('E_USAGE', `--set ${text}: ${raw} is not a YAML value; quote strings, write maps as { min: 1, max: 3 }`);
  }
  if (value === null || value === undefined) throw new SpxError('E_USAGE', `--set ${text}: give a value (to remove a field, edit the file)`);
  return { text, path: path.split('.'), value };
}

/**
 * Applies settings in order to a process file's text and returns the new text. `steps.S.next.T.p=v` sets the p of
 * step S's transition to T and scales the step's other given p values by (1 − v)/Σ others, so they still sum to 1
 * (rounded to 12 decimals, far inside the 1e-6 the probability-sum rule allows). Paths must exist in the file or be
 * a field it may add (targets.winRate, targets.cycleDays, metadata.dealValue, a transition's within or p).
 *
 * Throws `E_USAGE` for a malformed setting, a path that names nothing (with the nearest valid path), a p outside
 * [0, 1] or with nothing to renormalise, and for a result the schema rejects (with the schema's message). A file
 * that does not parse is returned unchanged: loading it reports why. Lint findings are the caller's to check.
 */
export function applyScenario(file: string, text: string, settings: readonly ScenarioSetting[]): ScenarioResult {
  const document = parseDocument(text, { uniqueKeys: false });
  if (document.errors.length > 0) return { text, changes: [] };
  const changes: ScenarioChange[] = [];
  for (const setting of settings) {
    const data = document.toJS() as unknown;
    const { docPath, exists } = resolve(file, data, setting);
    const current = exists ? valueAt(data, docPath) : null;
    const transition = setting.path.length === 5 && setting.path[0] === 'steps' && setting.path[2] === 'next' && setting.path[4] === 'p';
    const renormalised: ScenarioChange[] = [];
    if (transition) {
      const p = setting.value;
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new SpxError('E_USAGE', `--set ${setting.text}: p must be a number from 0 to 1`);
      const next = valueAt(data, docPath.slice(0, 3)) as Record<string, unknown>[];
      const index = docPath[3] as number;
      const others = next.flatMap((t, i) => (i !== index && typeof t['p'] === 'number' ? [i] : []));
      const sum = others.reduce((s, i) => s + (next[i]!['p'] as number), 0);
      if (p < 1 && !(sum > 0)) {
        throw new SpxError('E_USAGE', `--set ${setting.text}: the other transitions of ${setting.path[1]} have no p to scale to ${round(1 - p)}; set them one by one`);
      }
      for (const i of others) {
        const before = next[i]!['p'] as number;
        const after = p === 1 ? 0 : round((before * (1 - p)) / sum);
        document.setIn([...docPath.slice(0, 3), i, 'p'], after);
        renormalised.push({ path: ['steps', setting.path[1], 'next', String(next[i]!['to']), 'p'].join('.'), from: before, to: after });
      }
    }
    document.setIn(docPath, document.createNode(setting.value));
    changes.push({ path: setting.path.join('.'), from: current ?? null, to: setting.value }, ...renormalised);
  }
  const result = document.toString({ lineWidth: 0 });
  const loaded = loadProcess(file, result);
  const problem = loaded.diagnostics[0];
  if (problem) {
    const which = settings.length === 1 ? `--set ${settings[0]!.text}` : `--set ${settings.map((s) => s.text).join(' --set ')}`;
    throw new SpxError('E_USAGE', `${which}: ${problem.message}`);
  }
  return { text: result, changes };
}

const round = (x: number): number => Number(x.toFixed(12));

function valueAt(data: unknown, path: DocPath): unknown {
  let node = data;
  for (const segment of path) node = (node as Record<string | number, unknown> | undefined)?.[segment];
  return node;
}

const isMap = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** The document path of a setting (transitions by index), or a usage error with the nearest valid path. */
function resolve(file: string, data: unknown, setting: ScenarioSetting): { docPath: (string | number)[]; exists: boolean } {
  const docPath: (string | number)[] = [];
  let node = data;
  for (let i = 0; i < setting.path.length; i++) {
    const segment = setting.path[i]!;
    const inNext = i === 3 && setting.path[0] === 'steps' && setting.path[2] === 'next' && Array.isArray(node);
    if (inNext) {
      const index = (node as unknown[]).findIndex((t) => isMap(t) && String(t['to']) === segment);
      if (index < 0) throw unknownPath(file, data, setting);
      docPath.push(index);
      node = (node as unknown[])[index];
      continue;
    }
    if (isMap(node) && Object.hasOwn(node, segment)) {
      docPath.push(segment);
      node = node[segment];
      continue;
    }
    // Missing: allowed only for the fields a scenario may add, under a parent that exists (targets may be created).
    const addable = ADDABLE.some((pattern) => pattern.length === setting.path.length && pattern.every((p, k) => p === '*' || p === setting.path[k]));
    const parentOk = isMap(node);
    if (addable && parentOk && i >= setting.path.length - (setting.path[0] === 'targets' ? 2 : 1)) {
      return { docPath: [...docPath, ...setting.path.slice(i)], exists: false };
    }
    throw unknownPath(file, data, setting);
  }
  return { docPath, exists: true };
}

function unknownPath(file: string, data: unknown, setting: ScenarioSetting): SpxError {
  const wanted = setting.path.join('.');
  const nearest = nearestPath(wanted, validPaths(data));
  const hint = nearest === undefined ? '' : ` (did you mean ${nearest}?)`;
  return new SpxError('E_USAGE', `--set ${setting.text}: ${file} has no ${wanted}${hint}`);
}

/** Every path a setting may name in this document: what exists (transitions by target id) and what may be added. */
export function validPaths(data: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (path.length > 0) out.push(path.join('.'));
    if (Array.isArray(node) && path.length === 3 && path[0] === 'steps' && path[2] === 'next') {
      for (const t of node) {
        if (!isMap(t)) continue;
        const at = [...path, String(t['to'])];
        walk(t, at);
        for (const field of ['p', 'within']) if (!Object.hasOwn(t, field)) out.push([...at, field].join('.'));
      }
      return;
    }
    if (isMap(node)) for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
  };
  walk(data, []);
  for (const extra of ['targets.winRate', 'targets.cycleDays', 'metadata.dealValue']) if (!out.includes(extra)) out.push(extra);
  return out;
}

/** The candidate closest to `wanted` by edit distance; undefined when none is reasonably close. */
function nearestPath(wanted: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - wanted.length) >= bestDistance) continue;
    const d = editDistance(wanted, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(3, Math.floor(wanted.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
