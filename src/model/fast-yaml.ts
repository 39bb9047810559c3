/**
 * A fast front end for the plain subset of YAML that process files are written in: the same data and the same
 * source ranges as the `yaml` library gives, or `undefined` (declined) for anything outside the subset, which
 * then goes through `yaml`. Why: on a cold start `yaml` takes longer to parse one process than the rest of
 * `spx lint` takes to check it; this single pass allocates little and runs in a few milliseconds even cold.
 * test/model/fast-yaml.test.ts proves it equal to `yaml` on random process-like documents.
 *
 * The subset: a block map at the top; block maps and sequences (`- item`, `- key: value` maps) indented deeper
 * than their parent; plain, single-quoted and backslash-free double-quoted scalars on one line; flow sequences
 * and maps on one line; `>`, `>-`, `|`, `|-` block scalars with evenly indented lines and no blank lines;
 * comments. Declined: tabs, CR, anchors, aliases, tags, directives, document markers, `?` keys, multi-line plain
 * or quoted scalars and flow collections, duplicate or non-string keys, octal/hex/inf/nan numbers, and deep nesting.
 */

/** A node's source range as `yaml` gives it: [start, end of the value] (offsets), and where the node ends with its trailing comment and line break. */
export interface FastNode {
  readonly range: readonly [number, number];
  /** `yaml`'s range[2]: a collection whose last value this is ends here. */
  readonly end: number;
  /** Entries by key, for a map. */
  readonly pairs?: ReadonlyMap<string, { readonly key: FastNode; readonly value: FastNode }>;
  /** Items, for a sequence. */
  readonly items?: readonly FastNode[];
}

/** Data and positions of a document in the subset. */
export interface FastParse {
  readonly data: Record<string, unknown>;
  readonly root: FastNode;
}

/** Thrown inside the parser to decline; never escapes `fastParseYaml`. */
class Decline {}
const DECLINE = new Decline();

const MAX_DEPTH = 40;
/** Characters allowed anywhere: printable ASCII, newline, and non-ASCII except controls, NEL, line/paragraph separators, BOM, non-characters. */
const OUTSIDE_SUBSET = /[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Plain scalars `yaml` would read with a tag this parser does not handle (0o17, 0x1f, .inf, .nan). */
const OTHER_NUMBER = /^(?:0o|0x)|^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/;

/**
 * Parses `text` if it is in the subset; `undefined` otherwise (the caller then uses `yaml`, which also produces
 * the diagnostics). Never throws.
 */
export function fastParseYaml(text: string): FastParse | undefined {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  try {
    return new FastParser(text).document();
  } catch (error) {
    if (error === DECLINE) return undefined;
    // A stack overflow or a bug: `yaml` decides.
    return undefined;
  }
}

function decline(): never {
  throw DECLINE;
}

/** A plain scalar's value under YAML 1.2's core schema, as `yaml` resolves it. */
function plainValue(source: string): unknown {
  if (NULL.test(source)) return null;
  if (BOOL.test(source)) return source[0] === 't' || source[0] === 'T';
  if (INT.test(source)) return parseInt(source, 10);
  if (FLOAT.test(source)) return parseFloat(source);
  if (OTHER_NUMBER.test(source)) decline();
  return source;
}

function isSpace(c: number): boolean {
  return c === 32;
}

class FastParser {
  private readonly text: string;
  /** Start offset of each line, and one past the end. */
  private readonly lineStarts: number[] = [];
  /** Each line's indentation once asked for (-1 before): the parser asks several times a line. */
  private readonly indents: Int32Array;
  /** The line being looked at. */
  private line = 0;

  constructor(text: string) {
    this.text = text;
    this.lineStarts.push(0);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    if (this.lineStarts[this.lineStarts.length - 1] !== text.length) this.lineStarts.push(text.length + 1);
    this.indents = new Int32Array(this.lineStarts.length).fill(-1);
  }

  document(): FastParse {
    // A comment line indented deeper than the line after it extends the range of the collection it closes
    // (`yaml` counts it in): declined. Walked backwards, knowing the indentation of the next significant line.
    let nextIndent = 0;
    for (let line = this.lineCount() - 1; line >= 0; line--) {
      const indent = this.indentOf(line);
      const start = this.lineStarts[line]! + indent;
      if (start === this.lineEnd(line)) continue;
      if (this.text.charCodeAt(start) !== 35) nextIndent = indent;
      else if (indent > nextIndent) decline();
    }
    this.skipInsignificant();
    if (this.line >= this.lineCount() || this.indentOf(this.line) !== 0) decline();
    const first = this.lineStarts[this.line]!;
    const c = this.text.charCodeAt(first);
    // `---`, `...`, `%YAML`: the library handles documents and directives.
    if (c === 45 || c === 46 || c === 37) decline();
    const { node, value } = this.blockMap(0, first, 1);
    this.skipInsignificant();
    if (this.line < this.lineCount()) decline();
    return { data: value as Record<string, unknown>, root: node };
  }

  private lineCount(): number {
    return this.lineStarts.length - 1;
  }

  /** End of a line's content (the offset of its line break, or of the end of the text). */
  private lineEnd(line: number): number {
    return Math.min(this.lineStarts[line + 1]! - 1, this.text.length);
  }

  /** Where the line after `line` starts: after its line break, or the end of the text. */
  private afterLine(line: number): number {
    return Math.min(this.lineStarts[line + 1]!, this.text.length);
  }

  private indentOf(line: number): number {
    const known = this.indents[line]!;
    if (known >= 0) return known;
    const start = this.lineStarts[line]!;
    const end = this.lineEnd(line);
    let i = start;
    while (i < end && isSpace(this.text.charCodeAt(i))) i++;
    return (this.indents[line] = i - start);
  }

  /** Blank or comment-only. */
  private isInsignificant(line: number): boolean {
    const start = this.lineStarts[line]! + this.indentOf(line);
    return start === this.lineEnd(line) || this.text.charCodeAt(start) === 35;
  }

  private skipInsignificant(): void {
    while (this.line < this.lineCount() && this.isInsignificant(this.line)) this.line++;
  }

  /** Whether the content at `at` is a sequence entry (`-` then a space or the end of the line). */
  private isSeqEntry(at: number): boolean {
    if (this.text.charCodeAt(at) !== 45) return false;
    const next = this.text.charCodeAt(at + 1);
    return isSpace(next) || next === 10 || at + 1 >= this.text.length;
  }

  /**
   * A block map whose keys sit at column `indent`; its first key starts at `first` on the current line (which may
   * be after `- `).
   */
  private blockMap(indent: number, first: number, depth: number): { node: FastNode; value: unknown } {
    if (depth > MAX_DEPTH) decline();
    const pairs = new Map<string, { key: FastNode; value: FastNode }>();
    const value: Record<string, unknown> = {};
    let at = first;
    let end = first;
    for (;;) {
      const lineEnd = this.lineEnd(this.line);
      const key = this.mapKey(at, lineEnd);
      if (pairs.has(key.name) || key.name === '__proto__') decline();
      // After `:`: spaces, then the value on this line, or nothing (a nested block or null).
      let i = key.colon + 1;
      while (i < lineEnd && isSpace(this.text.charCodeAt(i))) i++;
      let entry: { node: FastNode; value: unknown };
      if (i === lineEnd) {
        const keyLine = this.line;
        this.line++;
        this.skipInsignificant();
        const nextIndent = this.line < this.lineCount() ? this.indentOf(this.line) : -1;
        if (nextIndent > indent) {
          const start = this.lineStarts[this.line]! + nextIndent;
          entry = this.isSeqEntry(start) ? this.blockSeq(nextIndent, depth + 1) : this.blockMap(nextIndent, start, depth + 1);
        } else {
          // `key:` and nothing else: null, at the line break (a trailing space or comment moves it: declined).
          if (key.colon + 1 !== lineEnd) decline();
          if (nextIndent === indent && this.isSeqEntry(this.lineStarts[this.line]! + nextIndent)) decline();
          entry = { node: { range: [lineEnd, lineEnd], end: lineEnd }, value: null };
          // A comment line right after a null value belongs to it in `yaml`'s ranges.
          if (this.line !== keyLine + 1) decline();
        }
      } else {
        entry = this.inlineValue(i, lineEnd, indent, depth + 1);
      }
      pairs.set(key.name, { key: key.node, value: entry.node });
      value[key.name] = entry.value;
      end = entry.node.end;
      this.skipInsignificant();
      if (this.line >= this.lineCount()) break;
      const nextIndent = this.indentOf(this.line);
      if (nextIndent < indent) break;
      if (nextIndent > indent) decline();
      at = this.lineStarts[this.line]! + nextIndent;
      if (this.isSeqEntry(at)) decline();
    }
    return { node: { range: [first, end], end, pairs }, value };
  }

  /** A key at `at` up to its `:`: its name and node, and the offset of the colon. */
  private mapKey(at: number, lineEnd: number): { name: string; node: FastNode; colon: number } {
    const c = this.text.charCodeAt(at);
    if (c === 39 || c === 34) {
      const quoted = this.quoted(at, lineEnd);
      if (this.text.charCodeAt(quoted.endOffset) !== 58) decline();
      const after = this.text.charCodeAt(quoted.endOffset + 1);
      if (quoted.endOffset + 1 < lineEnd && !isSpace(after)) decline();
      return { name: quoted.value, node: { range: [at, quoted.endOffset], end: quoted.endOffset }, colon: quoted.endOffset };
    }
    if (!this.plainStart(at, lineEnd)) decline();
    let colon = -1;
    for (let i = at; i < lineEnd; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === 58 && (i + 1 === lineEnd || isSpace(this.text.charCodeAt(i + 1)))) {
        colon = i;
        break;
      }
      // ` #` starts a comment: a key line without its `:` before it.
      if (ch === 35 && isSpace(this.text.charCodeAt(i - 1))) decline();
    }
    if (colon === -1 || isSpace(this.text.charCodeAt(colon - 1))) decline();
    // Long implicit keys are an error in YAML.
    if (colon - at > 1000) decline();
    const source = this.text.slice(at, colon);
    if (plainValue(source) !== source) decline();
    return { name: source, node: { range: [at, colon], end: colon }, colon };
  }

  /** Whether a plain scalar may start at `at` (YAML's indicators may not start one, except `-` before a non-space). */
  private plainStart(at: number, lineEnd: number): boolean {
    if (at >= lineEnd) return false;
    const c = this.text[at]!;
    if ('?:,[]{}#&*!|>\'"%@`'.includes(c)) return false;
    // `-5`, `-x`: a plain scalar; `- `, `-,` (in a flow collection): an indicator.
    if (c === '-') return at + 1 < lineEnd && /[0-9A-Za-z.]/.test(this.text[at + 1]!);
    return true;
  }

  /** A value that starts on the line of its key or `-`, at `at`. Leaves the current line after it. */
  private inlineValue(at: number, lineEnd: number, parentIndent: number, depth: number): { node: FastNode; value: unknown } {
    const c = this.text.charCodeAt(at);
    if (c === 62 || c === 124) return this.blockScalar(at, lineEnd, parentIndent);
    let valueEnd: number;
    let result: { node: FastNode; value: unknown };
    if (c === 91 || c === 123) {
      const flow = this.flow(at, lineEnd, depth);
      valueEnd = flow.node.range[1];
      result = flow;
    } else if (c === 39 || c === 34) {
      const quoted = this.quoted(at, lineEnd);
      valueEnd = quoted.endOffset;
      result = { node: { range: [at, valueEnd], end: 0 }, value: quoted.value };
    } else {
      if (!this.plainStart(at, lineEnd)) decline();
      let stop = lineEnd;
      for (let i = at; i < lineEnd; i++) {
        const ch = this.text.charCodeAt(i);
        if (ch === 35 && isSpace(this.text.charCodeAt(i - 1))) {
          stop = i;
          break;
        }
        // `a: b: c` is an error, `- k: v` a map: the caller's business, not a scalar.
        if (ch === 58 && (i + 1 === lineEnd || isSpace(this.text.charCodeAt(i + 1)))) decline();
      }
      valueEnd = stop;
      while (isSpace(this.text.charCodeAt(valueEnd - 1))) valueEnd--;
      const source = this.text.slice(at, valueEnd);
      result = { node: { range: [at, valueEnd], end: 0 }, value: plainValue(source) };
    }
    // After the value: spaces, then a comment or the end of the line.
    let i = valueEnd;
    while (i < lineEnd && isSpace(this.text.charCodeAt(i))) i++;
    if (i < lineEnd && !(this.text.charCodeAt(i) === 35 && i > valueEnd)) decline();
    const end = this.afterLine(this.line);
    this.line++;
    // A value continued on more indented lines (a multi-line plain scalar, or an error): `yaml` decides.
    const next = this.nextSignificant();
    if (next !== -1 && this.indentOf(next) > parentIndent) decline();

    return { node: { ...result.node, end }, value: result.value };
  }

  /** The next line that is neither blank nor a comment, or -1. */
  private nextSignificant(): number {
    for (let line = this.line; line < this.lineCount(); line++) if (!this.isInsignificant(line)) return line;
    return -1;
  }

  /** A quoted scalar that closes on its line: its value and the offset after the closing quote. */
  private quoted(at: number, lineEnd: number): { value: string; endOffset: number } {
    const quote = this.text.charCodeAt(at);
    if (quote === 34) {
      const close = this.text.indexOf('"', at + 1);
      if (close === -1 || close >= lineEnd) decline();
      const value = this.text.slice(at + 1, close);
      if (value.includes('\\')) decline();
      return { value, endOffset: close + 1 };
    }
    let value = '';
    let from = at + 1;
    for (;;) {
      const close = this.text.indexOf("'", from);
      if (close === -1 || close >= lineEnd) decline();
      value += this.text.slice(from, close);
      if (this.text.charCodeAt(close + 1) === 39) {
        value += "'";
        from = close + 2;
      } else {
        return { value, endOffset: close + 1 };
      }
    }
  }

  /** `>`, `>-`, `|` or `|-` at `at`, then evenly indented lines with no blank lines among them. */
  private blockScalar(at: number, lineEnd: number, parentIndent: number): { node: FastNode; value: unknown } {
    const header = this.text.slice(at, lineEnd);
    if (header !== '>' && header !== '>-' && header !== '|' && header !== '|-') decline();
    const headerLine = this.line;
    let line = headerLine + 1;
    if (line >= this.lineCount()) decline();
    const indent = this.indentOf(line);
    if (indent <= parentIndent) decline();
    const lines: string[] = [];
    for (; line < this.lineCount(); line++) {
      const start = this.lineStarts[line]!;
      const end = this.lineEnd(line);
      const lineIndent = this.indentOf(line);
      if (start + lineIndent === end) break; // blank: checked below
      if (lineIndent < indent) break;
      if (lineIndent > indent || isSpace(this.text.charCodeAt(end - 1))) decline();
      lines.push(this.text.slice(start + indent, end));
    }
    if (lines.length === 0) decline();
    // What follows must be less indented than the content (blank lines before it would be part of the scalar).
    const next = line < this.lineCount() ? line : -1;
    if (next !== -1) {
      const lineIndent = this.indentOf(next);
      if (this.lineStarts[next]! + lineIndent === this.lineEnd(next) || lineIndent > parentIndent) decline();
    }
    const end = this.afterLine(line - 1);
    if (end === this.text.length && this.text.charCodeAt(end - 1) !== 10) decline();
    this.line = line;
    const folded = header[0] === '>';
    const value = lines.join(folded ? ' ' : '\n') + (header.length === 1 ? '\n' : '');
    return { node: { range: [at, end], end }, value };
  }

  /** A flow sequence or map that closes on its line. */
  private flow(at: number, lineEnd: number, depth: number): { node: FastNode; value: unknown } {
    if (depth > MAX_DEPTH) decline();
    const isMap = this.text.charCodeAt(at) === 123;
    const close = isMap ? 125 : 93;
    let i = at + 1;
    const skip = () => {
      while (i < lineEnd && isSpace(this.text.charCodeAt(i))) i++;
    };
    const items: FastNode[] = [];
    const list: unknown[] = [];
    const pairs = new Map<string, { key: FastNode; value: FastNode }>();
    const record: Record<string, unknown> = {};
    skip();
    if (this.text.charCodeAt(i) === close) {
      const end = i + 1;
      return isMap ? { node: { range: [at, end], end, pairs }, value: record } : { node: { range: [at, end], end, items }, value: list };
    }
    for (;;) {
      if (isMap) {
        const key = this.flowScalar(i, lineEnd, true);
        if (typeof key.value !== 'string' || key.value === '__proto__' || pairs.has(key.value)) decline();
        i = key.node.range[1];
        if (this.text.charCodeAt(i) !== 58 || !isSpace(this.text.charCodeAt(i + 1))) decline();
        i++;
        skip();
        const value = this.flowItem(i, lineEnd, depth);
        pairs.set(key.value, { key: key.node, value: value.node });
        record[key.value] = value.value;
        i = value.node.range[1];
      } else {
        const item = this.flowItem(i, lineEnd, depth);
        items.push(item.node);
        list.push(item.value);
        i = item.node.range[1];
      }
      skip();
      const c = this.text.charCodeAt(i);
      if (c === close) break;
      if (c !== 44) decline();
      i++;
      skip();
      // `[a, b, ]`: a trailing comma; the library decides.
      if (this.text.charCodeAt(i) === close) decline();
    }
    const end = i + 1;
    return isMap ? { node: { range: [at, end], end, pairs }, value: record } : { node: { range: [at, end], end, items }, value: list };
  }

  private flowItem(at: number, lineEnd: number, depth: number): { node: FastNode; value: unknown } {
    const c = this.text.charCodeAt(at);
    if (c === 91 || c === 123) return this.flow(at, lineEnd, depth + 1);
    return this.flowScalar(at, lineEnd, false);
  }

  /** A scalar inside a flow collection; a plain one ends before `,`, `]`, `}` or (for a key) `:`. */
  private flowScalar(at: number, lineEnd: number, isKey: boolean): { node: FastNode; value: unknown } {
    const c = this.text.charCodeAt(at);
    if (c === 39 || c === 34) {
      const quoted = this.quoted(at, lineEnd);
      return { node: { range: [at, quoted.endOffset], end: quoted.endOffset }, value: quoted.value };
    }
    if (!this.plainStart(at, lineEnd)) decline();
    let i = at;
    for (; i < lineEnd; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === 44 || ch === 93 || ch === 125) break;
      if (ch === 58) {
        if (isKey) break;
        decline();
      }
      if (ch === 91 || ch === 123 || ch === 35 || ch === 34 || ch === 39) decline();
    }
    if (i === lineEnd) decline();
    let valueEnd = i;
    while (isSpace(this.text.charCodeAt(valueEnd - 1))) valueEnd--;
    if (valueEnd === at) decline();
    const source = this.text.slice(at, valueEnd);
    const value = plainValue(source);
    if (isKey && value !== source) decline();
    return { node: { range: [at, valueEnd], end: valueEnd }, value };
  }

  /** A block sequence whose `-` sit at column `indent`, starting on the current line. */
  private blockSeq(indent: number, depth: number): { node: FastNode; value: unknown } {
    if (depth > MAX_DEPTH) decline();
    const first = this.lineStarts[this.line]! + indent;
    const items: FastNode[] = [];
    const list: unknown[] = [];
    let end = first;
    for (;;) {
      const lineEnd = this.lineEnd(this.line);
      let i = this.lineStarts[this.line]! + indent + 1;
      while (i < lineEnd && isSpace(this.text.charCodeAt(i))) i++;
      if (i === lineEnd || this.isSeqEntry(i)) decline();
      let item: { node: FastNode; value: unknown };
      if (this.isCompactMap(i, lineEnd)) item = this.blockMap(i - this.lineStarts[this.line]!, i, depth + 1);
      else item = this.inlineValue(i, lineEnd, indent, depth + 1);
      items.push(item.node);
      list.push(item.value);
      end = item.node.end;
      this.skipInsignificant();
      if (this.line >= this.lineCount()) break;
      const nextIndent = this.indentOf(this.line);
      if (nextIndent < indent) break;
      if (nextIndent > indent || !this.isSeqEntry(this.lineStarts[this.line]! + nextIndent)) decline();
    }
    return { node: { range: [first, end], end, items }, value: list };
  }

  /** Whether `- ` is followed by `key: ...` (a map) rather than a scalar or flow collection. */
  private isCompactMap(at: number, lineEnd: number): boolean {
    const c = this.text.charCodeAt(at);
    if (c === 91 || c === 123 || c === 62 || c === 124) return false;
    if (c === 39 || c === 34) {
      const quoted = this.quoted(at, lineEnd);
      return this.text.charCodeAt(quoted.endOffset) === 58;
    }
    for (let i = at; i < lineEnd; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === 35 && isSpace(this.text.charCodeAt(i - 1))) return false;
      if (ch === 58 && (i + 1 === lineEnd || isSpace(this.text.charCodeAt(i + 1)))) return true;
    }
    return false;
  }
}
