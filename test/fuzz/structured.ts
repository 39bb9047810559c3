// Structured mutations: a seed process as plain data, changed the way a careless or hostile author would change it,
// then written back out as YAML. Every mutation names its target by a number that is reduced modulo the candidates
// present when it applies, so any sequence of mutations applies to any seed (and shrinks well).
import fc from 'fast-check';
import { stringify, type ToStringOptions } from 'yaml';
import { SEEDS, type Seed } from './corpus.js';
import type { FuzzCase } from './invariants.js';
import { applyPreserving, preservingMutation, type PreservingMutation } from './preserving.js';
import { copiesThatFit, rarelyLarge } from './sizes.js';

export type Mutation =
  | { readonly kind: 'drop'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly copies: number }
  | { readonly kind: 'retype'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'rename'; readonly at: number; readonly name: string }
  | { readonly kind: 'reference'; readonly at: number; readonly pick: number; readonly unknown: string }
  | { readonly kind: 'cycle'; readonly from: number; readonly to: number; readonly p: unknown }
  | { readonly kind: 'number'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'huge-string'; readonly at: number; readonly unit: string; readonly length: number }
  | { readonly kind: 'prototype-key'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'nest'; readonly at: number; readonly depth: number; readonly asMap: boolean };

/** Numbers at and past the edges of what a double, a safe integer or a probability can hold. */
const EXTREME_NUMBERS: readonly unknown[] = [
  1e300, -1e300, 1.7976931348623157e308, -0, 5e-324, -5e-324, 1e-300, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER, 2 ** 31, -(2 ** 31), 2 ** 64, 1e21, 123456789012345678901234567890, 2n ** 80n, -(2n ** 70n),
  Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 1, -1, 0.5, 1.0000000001, 0.9999999999, 1e-9, 100,
  'NaN', 'Infinity', '-Infinity', '.nan', '.inf', '1e309', '0x10', '1_000',
];

/** Strings that break naive id handling: bidi overrides, combining marks, emoji, NUL, lone surrogates, YAML syntax. */
const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', 'won', 'lost', 'start', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  '\u202Eevil\u202C', 'שלום', 'مرحبا', 'e\u0301\u0301\u0301', '🚀', '👨‍👩‍👧‍👦', 'a\u0000b', '\u0000', '\uD800', '\uDFFF',
  '\uFEFF', '\u200B', 'a\nb', 'a\r\nb', '\t', 'a: b', '- x', '*alias', '&anchor', '!!js/function', '{}', '[]', '#', '"',
  "'", '\\', '0', '-1', '1e3', 'null', '~', 'true', 'NaN', 'Infinity', '1.0.0', '99999999999999999999.0.0', '1.0.0-', '%s',
  '${x}', '<script>', '"]; rankdir=LR; x["', 'click A call alert()', '%%{init: {}}%%', 'x'.repeat(300),
];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

const extremeNumber = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EXTREME_NUMBERS) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
);

/** Values of every YAML type, to put where another type belongs. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, [], {}, [1, 'a', null], { a: 1 }, { to: 'won' }, { min: 1, likely: 2, max: 3 }),
  extremeNumber,
  hostileString,
);

const at = fc.nat();

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at }),
  fc.record({ kind: fc.constant('duplicate' as const), at, copies: rarelyLarge(fc.integer({ min: 1, max: 3 }), fc.constantFrom(50, 300)) }),
  fc.record({ kind: fc.constant('retype' as const), at, value: anyValue }),
  fc.record({ kind: fc.constant('rename' as const), at, name: hostileString }),
  fc.record({ kind: fc.constant('reference' as const), at, pick: fc.nat(), unknown: hostileString }),
  fc.record({ kind: fc.constant('cycle' as const), from: fc.nat(), to: fc.nat(), p: fc.oneof(fc.constantFrom<unknown>(0.5, 0, 1, undefined), extremeNumber) }),
  fc.record({ kind: fc.constant('number' as const), at, value: extremeNumber }),
  fc.record({
    kind: fc.constant('huge-string' as const),
    at,
    unit: fc.constantFrom('x', 'é', '🚀', ' ', '\n', 'ab ', '\u202E', 'a\u0301'),
    length: rarelyLarge(fc.constant(1_000), fc.constantFrom(100_000, 1_000_000)),
  }),
  fc.record({ kind: fc.constant('prototype-key' as const), at, key: fc.constantFrom('__proto__', 'constructor', 'prototype'), value: fc.oneof(anyValue, fc.constant({ polluted: 'yes', prototype: { polluted: 'yes' } })) }),
  fc.record({ kind: fc.constant('nest' as const), at, depth: rarelyLarge(fc.integer({ min: 1, max: 5 }), fc.constantFrom(63, 64, 65, 200)), asMap: fc.boolean() }),
);

/** How the mutant is written out: mostly yaml's defaults, sometimes flow style, quoted strings or narrow lines. */
const style: fc.Arbitrary<ToStringOptions> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.record({
      indent: fc.constantFrom(2, 3, 4),
      lineWidth: fc.constantFrom(0, 20, 80),
      collectionStyle: fc.constantFrom('any' as const, 'block' as const, 'flow' as const),
      defaultStringType: fc.constantFrom('PLAIN' as const, 'QUOTE_DOUBLE' as const, 'QUOTE_SINGLE' as const, 'BLOCK_LITERAL' as const, 'BLOCK_FOLDED' as const),
      defaultKeyType: fc.constantFrom(null, 'PLAIN' as const, 'QUOTE_DOUBLE' as const),
    }),
  },
);

const preservingMutations = fc.array(preservingMutation, { minLength: 1, maxLength: 4 });
const hostileMutations = fc.array(mutation, { minLength: 1, maxLength: 6 });

/**
 * A structured mutant of a seed, serialised with the `yaml` package. Almost every hostile mutation makes the file
 * invalid, so a good share of cases get only mutations that keep it valid: those reach the analyses.
 */
export const structuredCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    seed: fc.constantFrom(...SEEDS),
    mutations: fc.oneof(
      { weight: 9, arbitrary: fc.record({ preserving: preservingMutations, hostile: fc.constant<Mutation[]>([]) }) },
      { weight: 7, arbitrary: fc.record({ preserving: fc.constant<PreservingMutation[]>([]), hostile: hostileMutations }) },
      { weight: 4, arbitrary: fc.record({ preserving: preservingMutations, hostile: hostileMutations }) },
    ),
    style,
  })
  .map(({ seed, mutations: { preserving, hostile }, style: options }) => {
    let data = structuredClone(seed.data) as Record<string, unknown>;
    for (const m of preserving) data = applyPreserving(data, m);
    for (const m of hostile) applyMutation(data, m);
    const text = stringify(data, options);
    const label = [...preserving.map((m) => `${m.kind} ${JSON.stringify(m).slice(0, 80)}`), ...hostile.map(describeMutation)].join('; ');
    return fuzzCase(seed, `structured ${seed.name}: ${label}`, new TextEncoder().encode(text));
  });

export function fuzzCase(original: Seed, label: string, bytes: Uint8Array): FuzzCase {
  // fast-check prints counterexamples with this method: the label, not megabytes of YAML.
  return { label, original, bytes, [fc.toStringMethod]: () => label } as FuzzCase;
}

type Container = Record<string, unknown> | unknown[];

interface Node {
  readonly value: unknown;
  /** Undefined for the root. */
  readonly parent: Container | undefined;
  readonly key: string | number | undefined;
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return isContainer(value) && !Array.isArray(value);
}

/** Every node in document order, without recursion (a nest mutation makes deep documents). */
function nodes(root: unknown): Node[] {
  const found: Node[] = [];
  const pending: Node[] = [{ value: root, parent: undefined, key: undefined }];
  while (pending.length > 0) {
    const node = pending.pop()!;
    found.push(node);
    if (!isContainer(node.value)) continue;
    const children: Node[] = Array.isArray(node.value)
      ? node.value.map((value, key) => ({ value, parent: node.value as Container, key }))
      : Object.keys(node.value).map((key) => ({ value: (node.value as Record<string, unknown>)[key], parent: node.value as Container, key }));
    pending.push(...children.reverse());
  }
  return found;
}

function pick<T>(candidates: readonly T[], index: number): T | undefined {
  return candidates.length === 0 ? undefined : candidates[index % candidates.length];
}

/** Sets an own property even for `__proto__`, which plain assignment would treat as the prototype. */
function setOwn(container: Container, key: string | number, value: unknown): void {
  if (Array.isArray(container)) container[key as number] = value;
  else Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

function remove(container: Container, key: string | number): void {
  if (Array.isArray(container)) container.splice(key as number, 1);
  else delete container[key as string];
}

/** Renames a map key in place, keeping the order of the entries (a clash overwrites, as a YAML author's would). */
function renameKey(map: Record<string, unknown>, from: string, to: string): void {
  const entries = Object.keys(map).map((key) => [key, map[key]] as const);
  for (const [key] of entries) delete map[key];
  for (const [key, value] of entries) setOwn(map, key === from ? to : key, value);
}

/** The ids a reference could point to: every map key of the document (steps, roles, outcomes, tracks…). */
function idsIn(root: unknown): string[] {
  return [...new Set(nodes(root).flatMap((node) => (typeof node.key === 'string' ? [node.key] : [])))];
}

function applyMutation(root: Record<string, unknown>, m: Mutation): void {
  const all = nodes(root);
  const inner = all.slice(1);
  const fresh = (value: unknown) => structuredClone(value);
  switch (m.kind) {
    case 'drop': {
      const node = pick(inner, m.at);
      if (node) remove(node.parent!, node.key!);
      return;
    }
    case 'duplicate': {
      const node = pick(inner, m.at);
      if (!node) return;
      const { parent, key, value } = node;
      const copies = copiesThatFit(root, value, m.copies);
      if (Array.isArray(parent)) parent.splice((key as number) + 1, 0, ...Array.from({ length: copies }, () => fresh(value)));
      else for (let i = 1; i <= copies; i++) setOwn(parent!, `${key}-${i}`, fresh(value));
      return;
    }
    case 'retype': {
      const node = pick(inner, m.at);
      if (node) setOwn(node.parent!, node.key!, fresh(m.value));
      return;
    }
    case 'rename': {
      const node = pick(inner.filter((n) => isMap(n.parent)), m.at);
      if (node) renameKey(node.parent as Record<string, unknown>, node.key as string, m.name);
      return;
    }
    case 'reference': {
      const node = pick(inner.filter((n) => typeof n.value === 'string'), m.at);
      const ids = [...idsIn(root), m.unknown];
      if (node) setOwn(node.parent!, node.key!, ids[m.pick % ids.length]);
      return;
    }
    case 'cycle': {
      // A transition from one step back to itself or to any other step: loops the analyses must terminate on.
      const steps = root['steps'];
      if (!isMap(steps)) return;
      const ids = Object.keys(steps);
      const from = steps[pick(ids, m.from)!];
      if (!isMap(from)) return;
      const transition = m.p === undefined ? { to: pick(ids, m.to) } : { to: pick(ids, m.to), p: m.p, within: 1 };
      if (Array.isArray(from['next'])) from['next'].push(transition);
      else setOwn(from, 'next', [transition]);
      return;
    }
    case 'number': {
      const numbers = inner.filter((n) => typeof n.value === 'number' || typeof n.value === 'bigint');
      const node = pick(numbers.length > 0 ? numbers : inner, m.at);
      if (node) setOwn(node.parent!, node.key!, m.value);
      return;
    }
    case 'huge-string': {
      const strings = inner.filter((n) => typeof n.value === 'string');
      const node = pick(strings.length > 0 ? strings : inner, m.at);
      if (node) setOwn(node.parent!, node.key!, m.unit.repeat(Math.ceil(m.length / m.unit.length)));
      return;
    }
    case 'prototype-key': {
      const map = pick(all.filter((n) => isMap(n.value)), m.at);
      if (map) setOwn(map.value as Container, m.key, fresh(m.value));
      return;
    }
    case 'nest': {
      const node = pick(inner, m.at);
      if (!node) return;
      let value = node.value;
      for (let i = 0; i < m.depth; i++) value = m.asMap ? { nested: value } : [value];
      setOwn(node.parent!, node.key!, value);
      return;
    }
  }
}

function describeMutation(m: Mutation): string {
  const shown = (value: unknown) => {
    const text = typeof value === 'bigint' ? `${value}n` : Object.is(value, -0) ? '-0' : (JSON.stringify(value) ?? String(value));
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
  };
  switch (m.kind) {
    case 'duplicate':
      return `duplicate #${m.at} ×${m.copies}`;
    case 'retype':
    case 'number':
      return `${m.kind} #${m.at} = ${shown(m.value)}`;
    case 'rename':
      return `rename #${m.at} to ${shown(m.name)}`;
    case 'reference':
      return `reference #${m.at} → pick ${m.pick} or ${shown(m.unknown)}`;
    case 'cycle':
      return `cycle step #${m.from} → step #${m.to} p=${shown(m.p)}`;
    case 'huge-string':
      return `huge-string #${m.at} ${shown(m.unit)}×${m.length}`;
    case 'prototype-key':
      return `prototype-key ${m.key} in map #${m.at} = ${shown(m.value)}`;
    case 'nest':
      return `nest #${m.at} ${m.depth} deep in ${m.asMap ? 'maps' : 'lists'}`;
    default:
      return `${m.kind} #${m.at}`;
  }
}
