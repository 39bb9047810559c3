/** Turns the bytes of a process file into a YAML document with source positions, refusing hostile input early. */
import { CST, isAlias, isCollection, isMap, isPair, isScalar, isSeq, Parser, parseDocument, visit } from 'yaml';
import type { Alias, Document, LineCounter, Node as YamlNode, Pair, YAMLMap } from 'yaml';
import { renderMessage, type Diagnostic, type MessageData, type SourceRange } from './diagnostic.js';
import { fastParseYaml, type FastNode } from './fast-yaml.js';
import type { DocPath } from './types.js';
import { looksLikeUtf16 } from './utf16.js';

/** Hard limits on input, each reported with its own clear diagnostic. */
export const LOAD_LIMITS = {
  /** Largest file read, in bytes. A 10,000-step process is about 3 MB. */
  maxBytes: 8 * 1024 * 1024,
  /** Alias expansions allowed when building data (billion-laughs protection). */
  maxAliasCount: 1000,
  /** Deepest nesting of collections; real processes need about 8. */
  maxDepth: 64,
  /**
   * Lines plus commas: an upper bound on the YAML values in a file (block entries take a line, flow entries a
   * comma), counted before parsing. The parser's time and memory grow with the values, not the bytes: 8 MiB of
   * `[1,1,1,…]` would take half a minute and gigabytes. A 10,000-step process written out in full has ~220,000.
   */
  maxValues: 250_000,
} as const;

/** The wording of every yaml-syntax finding (the rule's `meta.messages`): messageId → template. */
export const YAML_SYNTAX_MESSAGES = {
  tooBig: 'file is larger than the {{limit}} MiB limit; split the process or remove generated content',
  utf16: 'file is UTF-16; save it as UTF-8',
  binary: 'file contains NUL bytes: it is binary, not a YAML process',
  notUtf8: 'file is not valid UTF-8; save it as UTF-8',
  empty: 'file is empty; a process needs apiVersion, kind, metadata, roles, start, steps and outcomes',
  loneCr: 'line break is a lone CR (classic Mac line endings); save the file with LF or CRLF line endings',
  tooManyValues: 'file has more than {{limit}} lines and commas (YAML values); split the process into smaller ones',
  unparsable: 'YAML could not be parsed ({{error}}); simplify the file',
  tooDeep: 'nesting is deeper than {{limit}} levels; flatten the structure',
  parserError: '{{problem}}; fix the YAML syntax',
  multipleDocuments: 'a process file holds one YAML document; put each process in its own file (remove the --- separator)',
  unresolvedAlias: 'alias *{{alias}} has no anchor before it; define &{{alias}} earlier or write the value out',
  aliasExpansion: 'aliases expand to too many nodes (over {{limit}}); write the values out instead of nesting aliases',
  unconvertible: 'YAML could not be converted ({{error}})',
  tagNotAllowed: 'tag {{tag}} is not allowed: spx files are plain YAML; remove the tag',
  keyNotScalar: 'keys must be plain strings; use a scalar key',
  duplicateKey: 'key "{{key}}" appears twice in this map: each key may appear once; merge or rename the duplicates',
} as const;

type YamlSyntaxMessageId = keyof typeof YAML_SYNTAX_MESSAGES;

/** The only tags a process may carry: YAML's core schema. Anything else could ask a loader to build objects. */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

/** A parsed file: its document (for positions) and its plain data (for validation and the model). */
export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  /** Undefined when the file could not be parsed at all. */
  readonly document: Document.Parsed | undefined;
  readonly lineCounter: LineCounter;
  /** Plain JavaScript data; undefined when there are yaml-syntax diagnostics. */
  readonly data: unknown;
  /** yaml-syntax diagnostics; when non-empty nothing else should be checked. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Decodes bytes as UTF-8 text, or explains (with a position) why the bytes are not a UTF-8 text file. */
export function decodeText(file: string, bytes: Uint8Array): { text: string } | { diagnostic: Diagnostic } {
  if (bytes.length > LOAD_LIMITS.maxBytes) {
    return {
      diagnostic: syntaxDiagnostic(file, { line: 1, column: 1, endLine: 1, endColumn: 1 }, 'tooBig', tooBigData),
    };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || looksLikeUtf16(bytes)) {
    return { diagnostic: syntaxDiagnostic(file, point(1, 1), 'utf16') };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return { diagnostic: syntaxDiagnostic(file, byteOffsetPoint(bytes, nul), 'binary') };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text };
  } catch {
    return { diagnostic: syntaxDiagnostic(file, byteOffsetPoint(bytes, firstInvalidUtf8(bytes)), 'notUtf8') };
  }
}

const tooBigData = { limit: LOAD_LIMITS.maxBytes / 1048576 };

/** Offset of the newline or comma that goes past LOAD_LIMITS.maxValues, or undefined within it. */
function offsetPastValueBudget(text: string): number | undefined {
  // indexOf, not a loop over every character: on a cold start V8 compiles such a loop on the stack mid-run, and the
  // loop runs slowly until it is ready (~2 ms for a 7 KB file, 10× the scan itself).
  const limit = LOAD_LIMITS.maxValues;
  let count = 0;
  let newline = text.indexOf('\n');
  let comma = text.indexOf(',');
  while (newline !== -1 || comma !== -1) {
    const at = comma === -1 || (newline !== -1 && newline < comma) ? newline : comma;
    if (++count > limit) return at;
    if (at === newline) newline = text.indexOf('\n', at + 1);
    else comma = text.indexOf(',', at + 1);
  }
  return undefined;
}


/** Parses YAML text keeping positions. Never throws: every problem becomes a yaml-syntax diagnostic. */
export function parseYaml(file: string, text: string): ParsedFile {
  const lineCounter = lineCounterOf(text);
  const empty = (diagnostics: Diagnostic[], document?: Document.Parsed): ParsedFile => ({
    file, text, document, lineCounter, data: undefined, diagnostics,
  });
  if (text.trim() === '') {
    return empty([syntaxDiagnostic(file, point(1, 1), 'empty')]);
  }
  // Text handed over as a string never went through decodeText's size check.
  if (text.length > LOAD_LIMITS.maxBytes) return empty([syntaxDiagnostic(file, point(1, 1), 'tooBig', tooBigData)]);
  // yaml reads only LF and CRLF as line breaks: a classic-Mac file would be one long line (a comment, if it
  // starts with one), and its errors would make no sense.
  const loneCr = text.search(/\r(?!\n)/);
  if (loneCr !== -1) {
    return empty([syntaxDiagnostic(file, textOffsetPoint(text, loneCr), 'loneCr')]);
  }
  const overBudget = offsetPastValueBudget(text);
  if (overBudget !== undefined) {
    const limit = LOAD_LIMITS.maxValues.toLocaleString('en-US');
    return empty([syntaxDiagnostic(file, textOffsetPoint(text, overBudget), 'tooManyValues', { limit })]);
  }
  const fast = fastParseYaml(text);
  if (fast) return fastParsed(file, text, lineCounter, fast.data, fast.root);
  let document: Document.Parsed;
  // yaml makes an Error, stack trace and all, for every problem it meets: half a megabyte of garbled flow YAML has
  // hundreds of thousands, and capturing their stacks took two thirds of the parse. Nothing reads those stacks.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // uniqueKeys is off because the parser checks it by scanning the map for every key (quadratic: seconds on a
    // 10,000-step file); structureDiagnostics finds duplicates with a set instead.
    document = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: false });
  } catch (error) {
    // The parser reports most problems as errors; a throw here is a resource problem (e.g. stack depth).
    return empty([syntaxDiagnostic(file, point(1, 1), 'unparsable', { error: oneLine(error) })]);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  // An error at the end of the file (an unclosed `{`) must not end one character past it.
  const at = (offset: number): SourceRange => rangeOf(lineCounter, [offset, Math.min(offset + 1, text.length)]);
  if (document.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) {
    // The composer ran out of stack deep inside the nesting and its errors cascade from there: report
    // one diagnostic where the nesting first goes past the limit instead.
    const offset = tooDeepOffset(text) ?? document.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION')!.pos[0];
    return empty([syntaxDiagnostic(file, at(offset), 'tooDeep', tooDeepData)], document);
  }
  // A tab in indentation throws the parser's idea of the structure off, and every later line of the block
  // gets an error of its own: the tabs are the cause, so only they are reported.
  const tabs = document.errors.filter((e) => e.code === 'TAB_AS_INDENT');
  // Only the first 20 are reported; a garbled file can have hundreds of thousands.
  const diagnostics: Diagnostic[] = (tabs.length > 0 ? tabs : document.errors).slice(0, 20).map((e) => yamlErrorDiagnostic(file, at(e.pos[0]), e.code, e.message));
  if (diagnostics.length === 0) diagnostics.push(...structureDiagnostics(file, document, lineCounter));
  if (diagnostics.length > 0) return empty(diagnostics.slice(0, 20), document);
  try {
    const data = document.toJS({ maxAliasCount: LOAD_LIMITS.maxAliasCount });
    if (data === null || data === undefined) return empty([syntaxDiagnostic(file, point(1, 1), 'empty')], document);
    return { file, text, document, lineCounter, data, diagnostics: [] };
  } catch (error) {
    // Point at the alias concerned: the first one whose anchor is missing, or else the first one, where the
    // expansion starts (depth is already bounded, so visit may recurse).
    const unresolved = /unresolved alias/i.test(String(error));
    let alias: Alias | undefined;
    visit(document, {
      Alias: (_key, node) => {
        if (unresolved && node.resolve(document)) return undefined;
        alias = node;
        return visit.BREAK;
      },
    });
    const range = alias ? rangeOf(lineCounter, alias.range) : point(1, 1);
    const diagnostic = unresolved
      ? syntaxDiagnostic(file, range, 'unresolvedAlias', { alias: alias?.source ?? '' })
      : /alias/i.test(String(error))
        ? syntaxDiagnostic(file, range, 'aliasExpansion', { limit: LOAD_LIMITS.maxAliasCount })
        : syntaxDiagnostic(file, range, 'unconvertible', { error: oneLine(error) });
    return empty([diagnostic], document);
  }
}

/** Positions of the files the fast front end parsed: `locate` reads them instead of the yaml document. */
const fastRoots = new WeakMap<object, FastNode>();

/**
 * A file the fast front end parsed (the data and positions `yaml` would give, see fast-yaml.ts). Its yaml document
 * is built only if something asks for it (a fix that needs the flow map's entries, a write-back): a clean lint never does.
 */
function fastParsed(file: string, text: string, lineCounter: LineCounter, data: unknown, root: FastNode): ParsedFile {
  let document: Document.Parsed | undefined;
  const parsed: ParsedFile = {
    file,
    text,
    get document() {
      document ??= parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: false });
      return document;
    },
    lineCounter,
    data,
    diagnostics: [],
  };
  fastRoots.set(parsed, root);
  return parsed;
}

/**
 * Where each line starts, counted from the text: yaml's parser misses the newlines inside a scalar it rejects
 * (`] x⏎  y`), which put every later diagnostic a line too high, sometimes past the end of that line.
 */
function lineCounterOf(text: string): LineCounter {
  const lineCounter = new TextLineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  return lineCounter;
}

/**
 * yaml's LineCounter, the same lineStarts and linePos written out here: every parse makes one, and yaml's own would
 * load the whole yaml library (its module initialisation and code cache: milliseconds of a cold start) for the files
 * the fast front end reads without it. The build loads yaml on first use (scripts/build.mjs, LAZY_MODULES).
 */
class TextLineCounter implements LineCounter {
  readonly lineStarts: number[] = [];
  readonly addNewLine = (offset: number): number => this.lineStarts.push(offset);
  /** 1-based { line, col } of an offset, by binary search (line 0 before the first line start). */
  readonly linePos = (offset: number): { line: number; col: number } => {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1]! + 1 };
  };
}

const tooDeepData = { limit: LOAD_LIMITS.maxDepth };

/** Offset of the first collection (in document order) nested deeper than the limit, from the CST, without recursion. */
function tooDeepOffset(text: string): number | undefined {
  const stack: { token: CST.Token | null | undefined; depth: number }[] = [];
  for (const token of new Parser().parse(text)) if (token.type === 'document') stack.unshift({ token: token.value, depth: 1 });
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!CST.isCollection(token)) continue;
    if (depth > LOAD_LIMITS.maxDepth) return token.offset;
    // Pushed in reverse so that the walk is in document order.
    for (let i = token.items.length - 1; i >= 0; i--) {
      const item = token.items[i]!;
      stack.push({ token: item.value, depth: depth + 1 }, { token: item.key, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Depth, tag and key checks that yaml itself does not make, walked without recursion. */
function structureDiagnostics(file: string, document: Document.Parsed, lineCounter: LineCounter): Diagnostic[] {
  const found: Diagnostic[] = [];
  const stack: { node: unknown; depth: number }[] = [{ node: document.contents, depth: 1 }];
  while (stack.length > 0 && found.length < 20) {
    const { node, depth } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    const yamlNode = node as YamlNode;
    const tag = (yamlNode as { tag?: string }).tag;
    if (tag && !CORE_TAGS.has(tag)) {
      found.push(syntaxDiagnostic(file, rangeOf(lineCounter, yamlNode.range), 'tagNotAllowed', { tag: tag.replace('tag:yaml.org,2002:', '!!') }));
    }
    if (isCollection(yamlNode)) {
      if (depth > LOAD_LIMITS.maxDepth) {
        found.push(syntaxDiagnostic(file, rangeOf(lineCounter, yamlNode.range), 'tooDeep', tooDeepData));
        break;
      }
      // Keys as plain data will have them: `1` and `"1"` would become one property, so they count as duplicates.
      const keys = new Set<string>();
      for (const item of yamlNode.items as unknown[]) {
        if (isPair(item)) {
          if (item.key && !isScalar(item.key)) {
            found.push(syntaxDiagnostic(file, rangeOf(lineCounter, (item.key as YamlNode).range), 'keyNotScalar'));
          } else if (isScalar(item.key)) {
            const key = String(item.key.value);
            if (keys.has(key)) found.push(syntaxDiagnostic(file, rangeOf(lineCounter, item.key.range), 'duplicateKey', { key }));
            keys.add(key);
          }
          // The key too: a tag on a key (`!!binary k: v`) builds an object as surely as one on a value.
          stack.push({ node: item.value, depth: depth + 1 }, { node: item.key, depth: depth + 1 });
        } else {
          stack.push({ node: item, depth: depth + 1 });
        }
      }
    }
  }
  return found;
}

/** Each map's entries by key (the first of duplicates), built on first use: a file with thousands of findings in a
 * map of thousands of steps would otherwise scan the map once per finding. */
const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairIndex(map: YAMLMap): Map<string, Pair> {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      if (isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair);
    }
    pairIndexes.set(map, index);
  }
  return index;
}

/** Where a path points: the value node, or with `key`, the key of the last map entry. */
export interface Located {
  readonly range: SourceRange;
  /** False when the path ran past what exists; the range is then the deepest node found. */
  readonly exact: boolean;
}

/**
 * The one function that maps a document path to a 1-based source range. Rules report paths; this turns
 * them into line:column. With `target: 'key'` the range is the key of the last map entry (for unknown
 * fields and bad ids), otherwise its value.
 */
export function locate(parsed: Pick<ParsedFile, 'document' | 'lineCounter'>, path: DocPath, target: 'value' | 'key' = 'value'): Located {
  const fastRoot = fastRoots.get(parsed);
  if (fastRoot) return locateFast(fastRoot, parsed.lineCounter, path, target);
  const { document, lineCounter } = parsed;
  const fallback = { range: point(1, 1), exact: false };
  if (!document?.contents) return fallback;
  let node: unknown = document.contents;
  let keyNode: YamlNode | undefined;
  let deepest: YamlNode = document.contents as YamlNode;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (isAlias(node)) node = node.resolve(document);
    let next: unknown;
    keyNode = undefined;
    if (isMap(node)) {
      const pair = pairIndex(node).get(String(segment));
      if (pair) {
        keyNode = pair.key as YamlNode;
        next = pair.value ?? pair.key;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (!next) {
      return { range: rangeOf(lineCounter, (keyNode ?? deepest).range), exact: false };
    }
    node = next;
    deepest = (keyNode && target === 'key' && i === path.length - 1 ? keyNode : (next as YamlNode));
  }
  if (target === 'key' && keyNode) return { range: rangeOf(lineCounter, keyNode.range), exact: true };
  return { range: rangeOf(lineCounter, (node as YamlNode).range ?? deepest.range), exact: true };
}

/** `locate` over the fast front end's nodes: the same walk as over the yaml document (which has no aliases here). */
function locateFast(root: FastNode, lineCounter: LineCounter, path: DocPath, target: 'value' | 'key'): Located {
  let node = root;
  let keyNode: FastNode | undefined;
  let deepest = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    let next: FastNode | undefined;
    keyNode = undefined;
    if (node.pairs) {
      const pair = node.pairs.get(String(segment));
      if (pair) {
        keyNode = pair.key;
        next = pair.value;
      }
    } else if (node.items && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (!next) return { range: rangeOf(lineCounter, (keyNode ?? deepest).range), exact: false };
    node = next;
    deepest = keyNode && target === 'key' && i === path.length - 1 ? keyNode : next;
  }
  if (target === 'key' && keyNode) return { range: rangeOf(lineCounter, keyNode.range), exact: true };
  return { range: rangeOf(lineCounter, node.range), exact: true };
}

/** Converts a yaml node range (offsets) to a 1-based line:column range. */
export function rangeOf(lineCounter: LineCounter, range: readonly number[] | null | undefined): SourceRange {
  if (!range) return point(1, 1);
  const start = lineCounter.linePos(range[0]!);
  const end = lineCounter.linePos(Math.max(range[0]!, range[1] ?? range[0]!));
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

function point(line: number, column: number): SourceRange {
  return { line, column, endLine: line, endColumn: column };
}

function syntaxDiagnostic(file: string, range: SourceRange, messageId: YamlSyntaxMessageId, data?: MessageData): Diagnostic {
  const message = renderMessage(YAML_SYNTAX_MESSAGES, messageId, data);
  return { ruleId: 'yaml-syntax', severity: 'error', message, messageId, ...(data ? { data } : {}), file, ...range };
}

function yamlErrorDiagnostic(file: string, range: SourceRange, code: string, message: string): Diagnostic {
  if (code === 'MULTIPLE_DOCS') return syntaxDiagnostic(file, range, 'multipleDocuments');
  const problem = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return syntaxDiagnostic(file, range, 'parserError', { problem });
}

function oneLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0]!;
}

/** Line and column (1-based, in code points) of an offset in text. */
function textOffsetPoint(text: string, offset: number): SourceRange {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < lineStart; i = text.indexOf('\n', i + 1)) line++;
  return point(line, [...text.slice(lineStart, offset)].length + 1);
}

/** Line and column (1-based, in characters of the valid prefix) of a byte offset. */
function byteOffsetPoint(bytes: Uint8Array, offset: number): SourceRange {
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
  return textOffsetPoint(prefix, prefix.length);
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the longest valid prefix; `stream` tolerates a multi-byte character cut at the end.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // That prefix may end in the first 1-3 bytes of the bad sequence (0xC3 of 0xC3 0x28): point at its start.
  for (let start = lo; start > Math.max(0, lo - 4); start--) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, start));
      return start;
    } catch {
      // still inside the incomplete character
    }
  }
  return lo;
}

