/** The streaming CSV tokenizer on bytes: UTF-8 chunks in (checked as they come), rows out as views into the bytes with their 1-based line; a string is made only for a field a reader asks for. */
import { isUtf8 } from 'node:buffer';
import { SpxError } from '../model/errors.js';

/** Rows longer than this are refused: they are an unclosed quote swallowing the file, or not CSV at all. */
export const MAX_ROW_CHARS = 1 << 20;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/**
 * Lenient: the tokenizer has checked the bytes before a reader sees them. `ignoreBOM` keeps a U+FEFF that starts a
 * field (files joined with `cat`): the file's own BOM is skipped by the tokenizer, not here.
 */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Codes of a short ASCII run being made a string (reused: no garbage per field). */
const codes: number[] = [];

/** `bytes[start, end)` as a string (UTF-8); a short ASCII run, the usual id, without the decoder's call overhead (a fourth of it). */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length <= 64) {
    codes.length = length;
    for (let i = 0; i < length; i++) {
      const b = bytes[start + i]!;
      if (b >= 0x80) return utf8.decode(bytes.subarray(start, end));
      codes[i] = b;
    }
    return String.fromCharCode.apply(null, codes);
  }
  return utf8.decode(bytes.subarray(start, end));
}

/** Whether `bytes[start, end)` is all ASCII. */
export function isAsciiSpan(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** Newlines in `bytes[from, to)`; the search stops at `to` (a search to the next newline made each doubled quote of a long field rescan the line). */
function countNewlines(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (bytes[i] === LF) count++;
  return count;
}

/** Length in UTF-16 code units of valid UTF-8 `bytes[from, to)` (the unit of MAX_ROW_CHARS). */
function utf16Length(bytes: Uint8Array, from: number, to: number): number {
  let length = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if ((b & 0xc0) !== 0x80) length += b >= 0xf0 ? 2 : 1;
  }
  return length;
}

/** Offset of the first byte of `bytes[from, to)` that does not start or continue a valid UTF-8 sequence (`to` when all are valid). */
export function firstInvalidUtf8(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= to) return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return to;
}

/** Bytes at the end of `bytes[0, end)` that begin a UTF-8 character the next chunk completes (0–3). */
function incompleteTail(bytes: Uint8Array, end: number): number {
  for (let back = 1; back <= 3 && back <= end; back++) {
    const b = bytes[end - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/**
 * One row, valid only during the callback (the tokenizer reuses it). A row without quotes is a view into the bytes
 * (field bounds; strings made only when asked); a row with quotes carries its unquoted values.
 */
export class CsvByteRow {
  /** 1-based line the row starts on. */
  line = 0;
  /** Number of fields. */
  count = 0;
  /** The bytes the bounds point into (unquoted rows). */
  bytes: Uint8Array = new Uint8Array(0);
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** The values of a row with quotes, else undefined. */
  values: string[] | undefined;
  /** Set on a row that ended inside a quoted field (an unclosed quote at the end of the file). */
  malformed: string | undefined;
  /** Set by {@link span}. */
  spanStart = 0;
  spanEnd = 0;

  /** The field's text, trimmed; undefined when the row has no such field or it is empty. */
  field(index: number): string | undefined {
    if (index < 0 || index >= this.count) return undefined;
    if (this.values !== undefined) {
      const value = this.values[index]!.trim();
      return value === '' ? undefined : value;
    }
    if (!this.span(index)) return undefined;
    return this.spanStart === this.spanEnd ? undefined : decodeUtf8(this.bytes, this.spanStart, this.spanEnd);
  }

  /** The field's text as written (untrimmed); '' when the row has no such field. */
  raw(index: number): string {
    if (index < 0 || index >= this.count) return '';
    if (this.values !== undefined) return this.values[index]!;
    return decodeUtf8(this.bytes, this.starts[index]!, this.ends[index]!);
  }

  /** Trimmed (spaces, tabs) byte bounds of the field in `bytes` (see spanStart, spanEnd), for a row without quotes; false for a row with quotes or no such field. */
  span(index: number): boolean {
    if (this.values !== undefined || index < 0 || index >= this.count) return false;
    let start = this.starts[index]!;
    let end = this.ends[index]!;
    const bytes = this.bytes;
    while (start < end && (bytes[start] === SPACE || bytes[start] === TAB)) start++;
    while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === TAB)) end--;
    this.spanStart = start;
    this.spanEnd = end;
    return true;
  }

  /** Whether the trimmed field equals `value` (non-empty), without making a string when both are ASCII. */
  equals(index: number, value: string): boolean {
    if (index < 0 || index >= this.count) return false;
    if (this.values !== undefined) return this.values[index]!.trim() === value;
    this.span(index);
    return this.spanEquals(value);
  }

  /** Whether the bytes of the last {@link span} are `value` (non-empty). */
  spanEquals(value: string): boolean {
    const start = this.spanStart;
    const end = this.spanEnd;
    const length = value.length;
    // UTF-8 takes at least as many bytes as UTF-16 code units; ASCII bytes and code units are the same numbers.
    if (end - start < length) return false;
    const bytes = this.bytes;
    let k = 0;
    for (; k < length; k++) {
      const c = value.charCodeAt(k);
      const b = bytes[start + k]!;
      if (c >= 0x80 || b >= 0x80) break;
      if (c !== b) return false;
    }
    if (k === length) return end - start === length;
    return decodeUtf8(bytes, start, end) === value;
  }

  /** Every field as a string (untrimmed). */
  toArray(): string[] {
    if (this.values !== undefined) return this.values.slice();
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(decodeUtf8(this.bytes, this.starts[i]!, this.ends[i]!));
    return out;
  }
}

const BOM = [0xef, 0xbb, 0xbf];
const NO_WORDS = new Uint32Array(0);

/**
 * RFC 4180 rows from UTF-8 byte chunks: quoted fields (doubled quotes, line breaks), CRLF, a leading BOM skipped.
 * Each chunk is checked first: a NUL byte (binary data) or bytes that are not UTF-8 stop the reading with
 * file:line, as does a row longer than MAX_ROW_CHARS characters or a file that ends inside a character.
 */
export class CsvByteTokenizer {
  /** Bytes of a row not yet complete when the last chunk ended (from the row's start), in pieces: joined when parsing resumes. */
  private pendingParts: Uint8Array[] = [];
  private pendingLength = 0;
  /** The end of the last chunk when it stops inside a UTF-8 character: checked with the next chunk. */
  private carry: Uint8Array = new Uint8Array(0);
  /** Parsing resumes once this many bytes are pending: twice what the last incomplete attempt saw, so a long row costs linear time. */
  private retryAt = 0;
  /** The line the pending bytes start on. */
  private pendingLine = 1;
  /** Whether the start of the file (a BOM or not) has been seen; `skip` is the BOM's length, dropped at the next parse. */
  private started = false;
  private skip = 0;
  private readonly row = new CsvByteRow();

  constructor(
    private readonly file: string,
    private readonly onRow: (row: CsvByteRow) => void,
  ) {}

  /**
   * Two buffers the pending bytes are joined into, in turn (the pending row is in one, the next join goes to the
   * other): a new megabyte per chunk would be external memory that makes V8 collect garbage several times more.
   */
  private readonly scratch = [new Uint8Array(0), new Uint8Array(0)];
  private turn = 0;

  private joined(): Uint8Array {
    const parts = this.pendingParts;
    if (parts.length === 1) return parts[0]!;
    const length = this.pendingLength;
    let scratch = this.scratch[this.turn]!;
    if (scratch.length < length) {
      scratch = new Uint8Array(Math.max(length, 2 * scratch.length));
      this.scratch[this.turn] = scratch;
    }
    this.turn ^= 1;
    let at = 0;
    for (const part of parts) {
      scratch.set(part, at);
      at += part.length;
    }
    const buffer = scratch.subarray(0, length);
    this.pendingParts = length === 0 ? [] : [buffer];
    return buffer;
  }

  /** Stops at the pending byte `offset` (counted from the pending row's start), with its line. */
  private fail(offset: number, what: string): never {
    throw new SpxError('E_DEAL_DATA', `${this.file}:${this.pendingLine + countNewlines(this.joined(), 0, offset)}: ${what}`);
  }

  push(input: Uint8Array): void {
    if (input.length === 0) return;
    // A plain Uint8Array view even of a Buffer: byte reads stay monomorphic (one element kind) in the hot loops.
    const chunk = input.constructor === Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.length);
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      this.pendingParts.push(chunk);
      this.pendingLength += chunk.length;
      this.fail(this.pendingLength - chunk.length + nul, 'binary data (a NUL byte), not a text export; give spx the CSV or JSON file');
    }
    // UTF-8 is checked chunk by chunk, a character split by the chunk boundary with the next chunk.
    let check = chunk;
    if (this.carry.length > 0) {
      check = new Uint8Array(this.carry.length + chunk.length);
      check.set(this.carry, 0);
      check.set(chunk, this.carry.length);
    }
    const tail = incompleteTail(check, check.length);
    const checkEnd = check.length - tail;
    const checkStart = this.pendingLength - this.carry.length;
    this.pendingParts.push(chunk);
    this.pendingLength += chunk.length;
    if (checkEnd > 0 && !isUtf8(check.subarray(0, checkEnd))) {
      this.fail(checkStart + firstInvalidUtf8(check, 0, checkEnd), 'not UTF-8 text; save or export it as UTF-8');
    }
    this.carry = tail === 0 ? new Uint8Array(0) : check.slice(checkEnd);
    if (!this.started) {
      const head = this.joined();
      if (head.length < 3 && BOM.slice(0, head.length).every((b, i) => head[i] === b)) return;
      this.started = true;
      if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) this.skip = 3;
    }
    if (this.pendingLength < this.retryAt && this.pendingLength <= MAX_ROW_CHARS) return;
    this.parse();
    const pending = this.pendingParts[0];
    if (pending !== undefined && pending.length > MAX_ROW_CHARS && utf16Length(pending, 0, pending.length) > MAX_ROW_CHARS) {
      throw new SpxError('E_DEAL_DATA', `${this.file}:${this.pendingLine}: a row longer than ${MAX_ROW_CHARS} characters (an unclosed quote?); check that the file is CSV`);
    }
  }

  /** Emits the complete pending rows; what is left is the start of an incomplete row. */
  private parse(): void {
    const buffer = this.joined();
    const position = this.rows(buffer, this.skip);
    this.skip = 0;
    const pending = buffer.subarray(position);
    this.pendingParts = pending.length === 0 ? [] : [pending];
    this.pendingLength = pending.length;
    this.retryAt = 2 * pending.length;
  }

  /** The end of the input: the last row may lack its newline. */
  end(): void {
    if (this.carry.length > 0) this.fail(this.pendingLength, 'the file ends inside a UTF-8 character; save it as UTF-8 text');
    // Complete rows still pending (a long row's retry was not due), then the last one.
    this.parse();
    const buffer = this.joined();
    this.pendingParts = [];
    this.pendingLength = 0;
    if (buffer.length === 0 || (buffer.length === 1 && buffer[0] === CR)) return;
    const parsed = this.quotedRow(buffer, 0, true)!;
    if (parsed.fields.length > 1 || parsed.fields[0] !== '') this.emitValues(parsed.fields, this.pendingLine, parsed.malformed);
  }

  /** Emits the complete rows of `buffer` from `position`; returns where the first incomplete row starts (pendingLine is its line). */
  private rows(buffer: Uint8Array, position: number): number {
    const row = this.row;
    row.bytes = buffer;
    row.values = undefined;
    row.malformed = undefined;
    const starts = row.starts;
    const ends = row.ends;
    const length = buffer.length;
    // The bytes also as aligned 32-bit words: four bytes above the comma (most of a date or a stage name) are
    // skipped with one test ((w − 0x2D2D2D2D) & ~w & 0x80808080 is non-zero iff a byte of w is below 0x2D).
    const skew = (4 - (buffer.byteOffset & 3)) & 3;
    const wordCount = length > skew ? (length - skew) >>> 2 : 0;
    const words = wordCount === 0 ? NO_WORDS : new Uint32Array(buffer.buffer, buffer.byteOffset + skew, wordCount);
    const wordsEnd = skew + 4 * wordCount;
    let line = this.pendingLine;
    rows: while (position < length) {
      // Fast path: a row without quotes; its fields are the spans between commas.
      let count = 0;
      let start = position;
      let i = position;
      for (;;) {
        if (i >= length) break rows;
        if (((i - skew) & 3) === 0 && i < wordsEnd) {
          const w = words[(i - skew) >>> 2]!;
          if (((w - 0x2d2d2d2d) & ~w & 0x80808080) === 0) {
            i += 4;
            continue;
          }
        }
        const b = buffer[i]!;
        if (b > COMMA) {
          i++;
          continue;
        }
        if (b === COMMA) {
          starts[count] = start;
          ends[count] = i;
          count++;
          start = i + 1;
        } else if (b === LF) break;
        else if (b === QUOTE) {
          const parsed = this.quotedRow(buffer, position, false);
          if (parsed === undefined) break rows;
          if (parsed.fields.length > 1 || parsed.fields[0] !== '') this.emitValues(parsed.fields, line, undefined);
          line += parsed.lines;
          position = parsed.next;
          continue rows;
        }
        i++;
      }
      let end = i;
      // CRLF, and CRCRLF (Python's csv writer on a Windows text-mode file): no CR stays in the last field.
      while (end > position && buffer[end - 1] === CR) end--;
      if (end > position) {
        starts[count] = start;
        ends[count] = end;
        row.count = count + 1;
        row.line = line;
        this.onRow(row);
      }
      line++;
      position = i + 1;
    }
    this.pendingLine = line;
    return position;
  }

  private emitValues(values: string[], line: number, malformed: string | undefined): void {
    const row = this.row;
    row.values = values;
    row.count = values.length;
    row.line = line;
    row.malformed = malformed;
    this.onRow(row);
    row.values = undefined;
    row.malformed = undefined;
  }

  /**
   * One row from `start`, quotes and all. Returns undefined when the buffer ends inside the row (more bytes may
   * complete it), unless `final`, when the end of the buffer ends the row.
   */
  private quotedRow(buffer: Uint8Array, start: number, final: boolean): { fields: string[]; next: number; lines: number; malformed?: string } | undefined {
    const fields: string[] = [];
    const length = buffer.length;
    let lines = 1;
    let i = start;
    for (;;) {
      // At the start of a field: its quoted part first, if it has one.
      let value = '';
      if (i < length && buffer[i] === QUOTE) {
        let from = i + 1;
        for (;;) {
          const close = buffer.indexOf(QUOTE, from);
          if (close === -1) {
            if (!final) return undefined;
            value += decodeUtf8(buffer, from, length);
            lines += countNewlines(buffer, from, length);
            fields.push(value);
            return { fields, next: length, lines, malformed: 'a quoted field is not closed before the end of the file' };
          }
          lines += countNewlines(buffer, from, close);
          value += decodeUtf8(buffer, from, close);
          if (close + 1 < length && buffer[close + 1] === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          if (close + 1 >= length && !final) return undefined; // `""` may straddle the chunk boundary
          i = close + 1;
          break;
        }
      }
      // Then up to the delimiter (lenient: text between a closing quote and the delimiter belongs to the field).
      let j = i;
      while (j < length && buffer[j] !== COMMA && buffer[j] !== LF) j++;
      if (j === length && !final) return undefined;
      let end = j;
      if (j === length || buffer[j] === LF) while (end > i && buffer[end - 1] === CR) end--;
      fields.push(end === i ? value : value + decodeUtf8(buffer, i, end));
      i = j;
      if (i >= length) return { fields, next: length, lines };
      if (buffer[i] === LF) return { fields, next: i + 1, lines };
      i++; // the comma
    }
  }
}
