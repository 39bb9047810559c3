// Byte-level mutations of a process file: what a bad merge, a wrong editor setting, a truncated download or a
// hostile author does to the text. Positions are numbers reduced modulo the current length, so every sequence
// applies to every input.
import fc from 'fast-check';
import { SEEDS } from './corpus.js';
import type { FuzzCase } from './invariants.js';
import { MAX_BYTES, rarelyLarge } from './sizes.js';
import { fuzzCase, structuredCase } from './structured.js';

export type ByteMutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'set'; readonly at: number; readonly byte: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'splice'; readonly source: number; readonly from: number; readonly length: number; readonly at: number }
  | { readonly kind: 'snippet'; readonly at: number; readonly snippet: string; readonly lineStart: boolean }
  | { readonly kind: 'raw'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: 'newlines'; readonly style: 'crlf' | 'cr' | 'mixed' }
  | { readonly kind: 'tabs'; readonly line: number }
  | { readonly kind: 'anchor-alias'; readonly anchorLine: number; readonly aliasLine: number; readonly name: string; readonly merge: boolean }
  | { readonly kind: 'duplicate-line'; readonly line: number; readonly copies: number };

/** Byte sequences that are not UTF-8, or are UTF-8 that editors and parsers treat specially. */
const RAW_SEQUENCES: readonly (readonly number[])[] = [
  [0xc0, 0x80], [0xff], [0xfe], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x00], [0x09], [0x0d], [0x0d, 0x0a], [0xc2, 0x85], [0xe2, 0x80, 0xa8],
  [0xe2, 0x80, 0xae], [0x1b, 0x5b, 0x33, 0x31, 0x6d], [0x7f], [0x0c], [0x0b],
];

/** Billion laughs: a few lines of aliases that expand to millions of nodes. */
const BILLION_LAUGHS = [
  'lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...Array.from({ length: 8 }, (_, i) => `lol${i + 1}: &a${i + 1} [${Array.from({ length: 10 }, () => `*a${i}`).join(', ')}]`),
].join('\n');

/** YAML constructs a process never needs: tags, directives, anchors, merges, documents, deep flow nesting. */
const SNIPPETS: readonly string[] = [
  ' &a ', ' *a', '*a', '<<: *a\n', '<<: [*a, *b]\n', '<<: {x: 1}\n', '!!js/function "function () { return 1 }" ', '!!binary AAAA ',
  '!custom ', '!!set ', '!!omap ', '!!python/object:os.system ', '!<tag:yaml.org,2002:js/undefined> ', '!!str ', '!!int ', '!!float ',
  '---\n', '...\n', '--- |\n', '%YAML 1.1\n', '%TAG ! tag:evil.example,2000:\n', '? ', ': ', '- ', '{', '}', '[', ']', ',', '"',
  "'", '|', '>', '#', '@', '`', '\t', ' ', '\n', '\\', '\\u0000', '"\\uD800"', '"\\x00"', '[['.repeat(100), '{a: '.repeat(100),
  '- '.repeat(80), BILLION_LAUGHS + '\n', '__proto__: {polluted: yes}\n', 'constructor: {prototype: {polluted: yes}}\n',
  '__proto__:\n  polluted: yes\n', '0x1F', '0o17', '1e309', '.nan', '-.inf', '2001-12-14t21:59:43.10-05:00', '~', 'null',
  '# spx-disable\n', '# spx-disable-next-line\n', '# spx-disable-line ', '# spx-enable\n', '# yaml-language-server: $schema=http://evil\n',
  'key: value\n', 'key: value\nkey: again\n', 'steps: {}\n', 'start: nowhere\n', 'apiVersion: spx/v2\n', 'apiVersion: spx/v0\n',
];

const position = fc.nat();
const line = fc.nat();

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 9, max: 2000 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('splice' as const), source: fc.nat(), from: position, length: fc.integer({ min: 1, max: 400 }), at: position }),
  fc.record({ kind: fc.constant('snippet' as const), at: position, snippet: fc.constantFrom(...SNIPPETS), lineStart: fc.boolean() }),
  fc.record({ kind: fc.constant('raw' as const), at: position, bytes: fc.constantFrom(...RAW_SEQUENCES) }),
  fc.record({ kind: fc.constant('newlines' as const), style: fc.constantFrom('crlf' as const, 'cr' as const, 'mixed' as const) }),
  fc.record({ kind: fc.constant('tabs' as const), line }),
  fc.record({ kind: fc.constant('anchor-alias' as const), anchorLine: line, aliasLine: line, name: fc.constantFrom('a', 'b', 'x y', '🚀', ''), merge: fc.boolean() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line, copies: rarelyLarge(fc.integer({ min: 1, max: 3 }), fc.constant(1000)) }),
);

/** The input a byte mutant starts from: a seed as is, or (less often) a structured mutant of one. */
const base: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SEEDS).map((seed) => fuzzCase(seed, `bytes ${seed.name}`, seed.bytes)) },
  { weight: 1, arbitrary: structuredCase },
);

/** A byte mutant: 1 to 8 byte-level mutations of a base. */
export const bytesCase: fc.Arbitrary<FuzzCase> = fc
  .record({ base, mutations: fc.array(byteMutation, { minLength: 1, maxLength: 8 }) })
  .map(({ base: from, mutations }) => {
    let bytes = from.bytes;
    // Past the loader's size limit more bytes only cost the harness time and memory: cut there.
    for (const m of mutations) bytes = applyByteMutation(bytes, m).subarray(0, MAX_BYTES);
    return fuzzCase(from.original, `${from.label} | bytes: ${mutations.map(describeByteMutation).join('; ')}`, bytes);
  });

const ascii = (text: string) => new TextEncoder().encode(text);

function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function insertAt(bytes: Uint8Array, at: number, inserted: Uint8Array): Uint8Array {
  return concat(bytes.subarray(0, at), inserted, bytes.subarray(at));
}

/** Offsets where each line starts (after every \n, plus 0). */
function lineStarts(bytes: Uint8Array): number[] {
  const starts = [0];
  bytes.forEach((byte, i) => {
    if (byte === 0x0a && i + 1 < bytes.length) starts.push(i + 1);
  });
  return starts;
}

function lineBounds(bytes: Uint8Array, line: number): [number, number] {
  const starts = lineStarts(bytes);
  const start = starts[line % starts.length]!;
  const newline = bytes.indexOf(0x0a, start);
  return [start, newline < 0 ? bytes.length : newline + 1];
}

export function applyByteMutation(bytes: Uint8Array, m: ByteMutation): Uint8Array {
  const size = bytes.length;
  const anywhere = (at: number) => at % (size + 1);
  switch (m.kind) {
    case 'flip':
    case 'set': {
      if (size === 0) return bytes;
      const out = bytes.slice();
      const i = m.at % size;
      out[i] = m.kind === 'flip' ? out[i]! ^ (1 << m.bit) : m.byte;
      return out;
    }
    case 'insert':
    case 'raw':
      return insertAt(bytes, anywhere(m.at), Uint8Array.from(m.bytes));
    case 'delete': {
      const at = anywhere(m.at);
      return concat(bytes.subarray(0, at), bytes.subarray(at + m.length));
    }
    case 'truncate':
      return bytes.slice(0, anywhere(m.at));
    case 'splice': {
      const source = m.source % (SEEDS.length + 1) === 0 ? bytes : SEEDS[(m.source % (SEEDS.length + 1)) - 1]!.bytes;
      const from = m.from % (source.length + 1);
      return insertAt(bytes, anywhere(m.at), source.slice(from, from + m.length));
    }
    case 'snippet': {
      const at = m.lineStart ? lineBounds(bytes, m.at)[0] : anywhere(m.at);
      return insertAt(bytes, at, ascii(m.snippet));
    }
    case 'newlines': {
      const out = new Uint8Array(bytes.length * 2);
      let size = 0;
      let n = 0;
      bytes.forEach((byte, i) => {
        if (byte === 0x0d && bytes[i + 1] === 0x0a) return;
        if (byte !== 0x0a) {
          out[size++] = byte;
          return;
        }
        const style = m.style === 'mixed' ? (n++ % 2 === 0 ? 'crlf' : 'lf') : m.style;
        if (style !== 'lf') out[size++] = 0x0d;
        if (style !== 'cr') out[size++] = 0x0a;
      });
      return out.slice(0, size);
    }
    case 'tabs': {
      const [start, end] = lineBounds(bytes, m.line);
      let indent = start;
      while (indent < end && bytes[indent] === 0x20) indent++;
      return concat(bytes.subarray(0, start), ascii('\t'.repeat(Math.max(1, Math.ceil((indent - start) / 2)))), bytes.subarray(indent));
    }
    case 'anchor-alias': {
      // `key: value` on one line gets an anchor; another line's value (or a merge key after it) becomes the alias.
      const anchorValue = valueStart(bytes, lineBounds(bytes, m.anchorLine));
      if (anchorValue === undefined) return bytes;
      const anchored = insertAt(bytes, anchorValue, ascii(`&${m.name} `));
      const [start, end] = lineBounds(anchored, m.aliasLine);
      if (m.merge) {
        let indent = start;
        while (indent < end && anchored[indent] === 0x20) indent++;
        return insertAt(anchored, end, ascii(`${' '.repeat(indent - start)}<<: *${m.name}\n`));
      }
      const aliasValue = valueStart(anchored, [start, end]);
      if (aliasValue === undefined) return anchored;
      const lineEnd = anchored[end - 1] === 0x0a ? end - 1 : end;
      return concat(anchored.subarray(0, aliasValue), ascii(`*${m.name}`), anchored.subarray(lineEnd));
    }
    case 'duplicate-line': {
      const [start, end] = lineBounds(bytes, m.line);
      const copy = bytes.slice(start, end);
      const withNewline = copy[copy.length - 1] === 0x0a ? copy : concat(copy, ascii('\n'));
      const copies = Math.max(1, Math.min(m.copies, Math.floor(MAX_BYTES / withNewline.length)));
      return concat(bytes.subarray(0, end), ...Array.from({ length: copies }, () => withNewline), bytes.subarray(end));
    }
  }
}

/** Offset just after `key: ` on the line, when the line is a key with a value. */
function valueStart(bytes: Uint8Array, [start, end]: [number, number]): number | undefined {
  for (let i = start; i + 1 < end; i++) {
    if (bytes[i] === 0x23) return undefined;
    if (bytes[i] === 0x3a && bytes[i + 1] === 0x20) return i + 2;
  }
  return undefined;
}

function describeByteMutation(m: ByteMutation): string {
  switch (m.kind) {
    case 'flip':
      return `flip bit ${m.bit} @${m.at}`;
    case 'set':
      return `set @${m.at} = 0x${m.byte.toString(16)}`;
    case 'insert':
    case 'raw':
      return `${m.kind} @${m.at} [${m.bytes.map((b) => b.toString(16)).join(' ')}]`;
    case 'delete':
      return `delete ${m.length} @${m.at}`;
    case 'truncate':
      return `truncate @${m.at}`;
    case 'splice':
      return `splice ${m.length} from source ${m.source} @${m.from} to @${m.at}`;
    case 'snippet': {
      const shown = JSON.stringify(m.snippet);
      return `snippet ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown} @${m.lineStart ? 'line of ' : ''}${m.at}`;
    }
    case 'newlines':
      return `newlines ${m.style}`;
    case 'tabs':
      return `tabs on line #${m.line}`;
    case 'anchor-alias':
      return `${m.merge ? 'merge' : 'alias'} &${m.name} line #${m.anchorLine} → line #${m.aliasLine}`;
    case 'duplicate-line':
      return `duplicate line #${m.line} ×${m.copies}`;
  }
}
