// Mutations that keep a process valid (or nearly): without them almost every structured mutant fails the schema
// and the analyses, the simulation, diff and the diagrams would only ever see the seeds. These push valid files to
// their edges instead: extreme but allowed numbers, probabilities that still sum to 1, new loops, ids that are
// keywords elsewhere (Mermaid's `end`, DOT's `graph`), hostile titles, long chains of steps, huge versions.
import fc from 'fast-check';
import { copiesThatFit, rarelyLarge } from './sizes.js';

export type PreservingMutation =
  | { readonly kind: 'text'; readonly at: number; readonly text: string }
  | { readonly kind: 'rename-id'; readonly at: number; readonly id: string }
  | { readonly kind: 'reweight'; readonly step: number; readonly favoured: number; readonly p: number }
  | { readonly kind: 'loop'; readonly from: number; readonly to: number; readonly p: number }
  | { readonly kind: 'duration'; readonly at: number; readonly duration: unknown }
  | { readonly kind: 'chain'; readonly step: number; readonly length: number }
  | { readonly kind: 'parallel'; readonly step: number; readonly tracks: number }
  | { readonly kind: 'calendar'; readonly workdays: readonly string[]; readonly holidays: readonly string[] }
  | { readonly kind: 'version'; readonly version: string }
  | { readonly kind: 'numbers'; readonly at: number; readonly value: number }
  | { readonly kind: 'drop-optional'; readonly at: number };

/** Valid kebab-case ids that mean something to a renderer, a JavaScript object or a reader. */
const KEYWORD_IDS = [
  'end', 'graph', 'subgraph', 'digraph', 'node', 'edge', 'strict', 'click', 'style', 'class', 'classdef', 'default',
  'constructor', 'prototype', 'tostring', 'valueof', 'hasownproperty', 'proto', 'won', 'lost', 'start', '0', '1e3', '00',
  'a', 'a-b-c-d-e', 'x'.repeat(500), 'nan', 'infinity', 'null', 'true', 'undefined',
];

/** Titles and descriptions that must come out of the diagrams and reports quoted, escaped or intact. */
const HOSTILE_TEXT = [
  '"quoted"', "it's", '<b>bold</b>', '</script><script>alert(1)</script>', 'a]b[c', '(x)', '{x}', 'a;b', 'a|b', '#x', '%%x',
  'a --> b', 'a -- b', 'end', 'click x call f()', 'x"]; evil[label="', '\\', '\\n', 'line\nbreak', 'tab\there', '\u202Eevil',
  'e\u0301', '🚀 launch', '👨‍👩‍👧‍👦', 'a\u0000b', '\uD800', '\u2028', '&amp;', '&#35;', '`code`', '*bold*', '$x', '${x}', ' ',
  'x'.repeat(5000),
];

/** Probabilities at the edges: still in [0, 1], still summing to 1 with the rest of the step. */
const EDGE_PROBABILITIES = [0, 1, 5e-324, 1e-300, 1e-9, 0.5, 0.999999999, 1 - 2 ** -52, 1 / 3];

/** Durations and gaps allowed by the format, from nothing to the 1,000,000-day ceiling. */
const EDGE_DURATIONS: readonly unknown[] = [
  0, 5e-324, 1e-9, 1, 1e6, 999_999.999, '0d', '1w', '99999w', '1.5d', { min: 0, likely: 0, max: 0 }, { min: 0, max: 1e6, dist: 'uniform' },
  { min: 1, likely: 1e6, max: 1e6, dist: 'triangular' }, { min: 0, likely: 5e-324, max: 1e-300 }, { min: 2, likely: 2, max: 2 },
  { min: 1, likely: 2, max: 3, dist: 'pert' },
];

const VERSIONS = ['0.0.0', '999999999999999999999.0.0', '1.999999999999999999999.0', '1.0.0-alpha.1+build.5', '1.0.0-0', '0.0.1-x.7.z.92', '10.20.30', '1.0.0+' + 'a'.repeat(200)];

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export const preservingMutation: fc.Arbitrary<PreservingMutation> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })) }),
  fc.record({ kind: fc.constant('rename-id' as const), at: fc.nat(), id: fc.constantFrom(...KEYWORD_IDS) }),
  fc.record({ kind: fc.constant('reweight' as const), step: fc.nat(), favoured: fc.nat(), p: fc.constantFrom(...EDGE_PROBABILITIES) }),
  fc.record({ kind: fc.constant('loop' as const), from: fc.nat(), to: fc.nat(), p: fc.constantFrom(...EDGE_PROBABILITIES) }),
  fc.record({ kind: fc.constant('duration' as const), at: fc.nat(), duration: fc.constantFrom(...EDGE_DURATIONS) }),
  fc.record({ kind: fc.constant('chain' as const), step: fc.nat(), length: rarelyLarge(fc.integer({ min: 1, max: 5 }), fc.constantFrom(100, 1000)) }),
  fc.record({ kind: fc.constant('parallel' as const), step: fc.nat(), tracks: rarelyLarge(fc.integer({ min: 2, max: 4 }), fc.constant(100)) }),
  fc.record({
    kind: fc.constant('calendar' as const),
    workdays: fc.subarray(WEEKDAYS, { minLength: 1 }),
    holidays: fc.array(fc.constantFrom('2026-01-01', '2026-02-29', '2026-13-45', '0000-00-00', '9999-12-31', '2026-05-25'), { maxLength: 6 }).map((days) => [...new Set(days)]),
  }),
  fc.record({ kind: fc.constant('version' as const), version: fc.constantFrom(...VERSIONS) }),
  fc.record({ kind: fc.constant('numbers' as const), at: fc.nat(), value: fc.constantFrom(0, 1, 5e-324, 1e-300, 1e300, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 0.5) }),
  fc.record({ kind: fc.constant('drop-optional' as const), at: fc.nat() }),
);

type Data = Record<string, unknown>;

const isMap = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);
const mapAt = (data: Data, key: string): Data => (isMap(data[key]) ? data[key] : {});
const pick = <T>(list: readonly T[], index: number): T | undefined => (list.length === 0 ? undefined : list[index % list.length]);

/** The steps' transitions as arrays, skipping any that a hostile mutation already broke. */
function transitionsOf(step: unknown): Data[] | undefined {
  return isMap(step) && Array.isArray(step['next']) && step['next'].every(isMap) ? (step['next'] as Data[]) : undefined;
}

/** Sets p on transition `favoured` and rescales the others so the step still sums to 1. */
function setProbability(next: Data[], favoured: number, p: number): void {
  const others = next.filter((_, i) => i !== favoured);
  const rest = others.reduce((sum, t) => sum + (typeof t['p'] === 'number' ? t['p'] : 0), 0);
  for (const t of others) t['p'] = rest > 0 ? ((typeof t['p'] === 'number' ? t['p'] : 0) / rest) * (1 - p) : (1 - p) / others.length;
  next[favoured]!['p'] = others.length === 0 ? 1 : p;
}

/** Replaces every string equal to `from`: ids are referenced by value (`to`, `owner`, `with`, gates). */
function renameValues(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value === from ? to : value;
  if (Array.isArray(value)) return value.map((item) => renameValues(item, from, to));
  if (!isMap(value)) return value;
  for (const key of Object.keys(value)) value[key] = renameValues(value[key], from, to);
  return value;
}

/** Renames a key in place, keeping the entries' order. */
function renameKey(map: Data, from: string, to: string): void {
  if (!(from in map)) return;
  const entries = Object.keys(map).map((key) => [key, map[key]] as const);
  for (const [key] of entries) delete map[key];
  for (const [key, value] of entries) map[key === from ? to : key] = value;
}

export function applyPreserving(root: Data, m: PreservingMutation): Data {
  const steps = mapAt(root, 'steps');
  const stepIds = Object.keys(steps);
  switch (m.kind) {
    case 'text': {
      // Titles, descriptions, exit criteria, reasons: the strings a renderer prints.
      const slots: [Data | unknown[], string | number][] = [];
      const metadata = mapAt(root, 'metadata');
      if ('title' in metadata) slots.push([metadata, 'title']);
      for (const step of Object.values(steps)) {
        if (!isMap(step)) continue;
        slots.push([step, 'title'], [step, 'description']);
        if (Array.isArray(step['exitCriteria'])) step['exitCriteria'].forEach((_, i) => slots.push([step['exitCriteria'] as unknown[], i]));
        for (const t of transitionsOf(step) ?? []) if ('reason' in t || 'description' in t) slots.push([t, 'description']);
      }
      const slot = pick(slots, m.at);
      if (slot) (slot[0] as Record<string | number, unknown>)[slot[1]] = m.text;
      return root;
    }
    case 'rename-id': {
      const ids = [...stepIds, ...Object.keys(mapAt(root, 'outcomes')), ...Object.keys(mapAt(mapAt(root, 'roles'), 'buyer')), ...Object.keys(mapAt(mapAt(root, 'roles'), 'seller'))];
      const from = pick(ids, m.at);
      // Skip ids that also occur as ordinary words (a segment, a step kind): renaming those would change meaning.
      if (from === undefined || ['smb', 'enterprise', 'mid-market', 'discovery', 'demo', 'trial', 'proposal', 'review', 'negotiation', 'close', 'other'].includes(from)) return root;
      // Metadata holds no references, and its name may be spelled like an id.
      for (const key of Object.keys(root)) if (key !== 'metadata') root[key] = renameValues(root[key], from, m.id);
      const roles = mapAt(root, 'roles');
      for (const ids of [steps, mapAt(root, 'outcomes'), mapAt(roles, 'buyer'), mapAt(roles, 'seller')]) renameKey(ids, from, m.id);
      return root;
    }
    case 'reweight': {
      const next = transitionsOf(steps[pick(stepIds, m.step) ?? '']);
      if (next && next.length > 0) setProbability(next, m.favoured % next.length, m.p);
      return root;
    }
    case 'loop': {
      const from = pick(stepIds, m.from);
      const next = transitionsOf(steps[from ?? '']);
      if (!next) return root;
      next.push({ to: pick(stepIds, m.to), within: 1 });
      setProbability(next, next.length - 1, m.p);
      return root;
    }
    case 'duration': {
      const slots: [Data, string][] = [];
      for (const step of Object.values(steps)) {
        if (isMap(step) && 'duration' in step) slots.push([step, 'duration']);
        for (const t of transitionsOf(step) ?? []) slots.push([t, 'within']);
      }
      const slot = pick(slots, m.at);
      if (slot) slot[0][slot[1]] = structuredClone(m.duration);
      return root;
    }
    case 'chain': {
      // Plain copies of a step in front of it, the first taking over every transition into it: scale.
      const id = pick(stepIds, m.step);
      const step = steps[id ?? ''];
      if (id === undefined || !isMap(step)) return root;
      const length = copiesThatFit(root, step, m.length);
      const copyId = (i: number) => (i > length ? id : `${id}-chain-${i}`);
      for (const other of Object.values(steps)) for (const t of transitionsOf(other) ?? []) if (t['to'] === id) t['to'] = copyId(1);
      if (root['start'] === id) root['start'] = copyId(1);
      for (let i = 1; i <= length; i++) {
        const { ask: _ask, requires: _requires, ...copy } = structuredClone(step);
        steps[copyId(i)] = { ...copy, next: [{ to: copyId(i + 1), within: 1 }] };
      }
      return root;
    }
    case 'parallel': {
      const step = steps[pick(stepIds, m.step) ?? ''];
      if (!isMap(step) || !('duration' in step)) return root;
      const tracks: Data = {};
      for (let i = 0; i < m.tracks; i++) tracks[`track-${i}`] = { owner: step['owner'], with: step['with'], duration: step['duration'] };
      delete step['duration'];
      step['parallel'] = JSON.parse(JSON.stringify(tracks)) as Data;
      return root;
    }
    case 'calendar':
      root['calendar'] = { workdays: [...m.workdays], holidays: [...m.holidays] };
      return root;
    case 'version':
      if (isMap(root['metadata'])) root['metadata']['version'] = m.version;
      return root;
    case 'numbers': {
      // Targets and appliesTo ranges: numbers the schema bounds only from below.
      const slots: [Data, string][] = [];
      const targets = mapAt(root, 'targets');
      for (const key of Object.keys(targets)) slots.push([targets, key]);
      for (const range of Object.values(mapAt(root, 'appliesTo'))) if (isMap(range)) for (const key of Object.keys(range)) slots.push([range, key]);
      const slot = pick(slots, m.at);
      if (slot) slot[0][slot[1]] = slot[1] === 'winRate' ? Math.min(1, m.value) : m.value;
      return root;
    }
    case 'drop-optional': {
      const slots: [Data, string][] = [];
      for (const key of ['appliesTo', 'targets', 'calendar']) if (key in root) slots.push([root, key]);
      for (const step of Object.values(steps)) {
        if (!isMap(step)) continue;
        for (const key of ['title', 'kind', 'description', 'exitCriteria', 'with', 'owner']) if (key in step) slots.push([step, key]);
        for (const t of transitionsOf(step) ?? []) for (const key of ['within', 'reason']) if (key in t) slots.push([t, key]);
      }
      const slot = pick(slots, m.at);
      if (slot) delete slot[0][slot[1]];
      return root;
    }
  }
}
