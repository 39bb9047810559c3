// The text tokenizer spx read CSVs with before it tokenized bytes: kept as the reference the byte tokenizer is
// tested against (same rows, fields, lines and diagnostics for any text).
import { MAX_ROW_CHARS } from '../../src/deals/csv-bytes.js';
import { SpxError } from '../../src/model/errors.js';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/**
 * One row, valid only during the callback (the tokenizer reuses it). A row without quotes is a view into the
 * text (field bounds, no strings made until asked), so a reader can compare and parse fields without allocating;
 * a row with quotes carries its unquoted values.
 */
export class CsvRow {
  /** 1-based line the row starts on. */
  line = 0;
  /** Number of fields. */
  count = 0;
  /** The text the bounds point into (unquoted rows). */
  text = '';
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** The values of a row with quotes, else undefined. */
  values: string[] | undefined;
  /** Set on a row that ended inside a quoted field (an unclosed quote at the end of the file). */
  malformed: string | undefined;

  /** The field's text, trimmed; undefined when the row has no such field or it is empty. */
  field(index: number): string | undefined {
    if (index < 0 || index >= this.count) return undefined;
    if (this.values !== undefined) {
      const value = this.values[index]!.trim();
      return value === '' ? undefined : value;
    }
    let start = this.starts[index]!;
    let end = this.ends[index]!;
    const text = this.text;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    return start === end ? undefined : text.slice(start, end);
  }

  /** Trimmed bounds of the field in `text` (see spanStart, spanEnd), for a row without quotes; false for a row with quotes or no such field. */
  span(index: number): boolean {
    if (this.values !== undefined || index < 0 || index >= this.count) return false;
    let start = this.starts[index]!;
    let end = this.ends[index]!;
    const text = this.text;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    this.spanStart = start;
    this.spanEnd = end;
    return true;
  }

  /** Set by {@link span}. */
  spanStart = 0;
  spanEnd = 0;

  /** Whether the trimmed field equals `value` (non-empty), without making a string. */
  equals(index: number, value: string): boolean {
    if (index < 0 || index >= this.count) return false;
    if (this.values !== undefined) return this.values[index]!.trim() === value;
    let start = this.starts[index]!;
    let end = this.ends[index]!;
    const text = this.text;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    return end - start === value.length && text.startsWith(value, start);
  }

  /** Calls `parse` on the field's text and bounds (no string made for an unquoted row). */
  parse<T>(index: number, parse: (text: string, start: number, end: number) => T): T {
    if (index < 0 || index >= this.count) return parse('', 0, 0);
    if (this.values !== undefined) return parse(this.values[index]!, 0, this.values[index]!.length);
    return parse(this.text, this.starts[index]!, this.ends[index]!);
  }

  /** Every field as a string (untrimmed). */
  toArray(): string[] {
    if (this.values !== undefined) return this.values.slice();
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.text.slice(this.starts[i], this.ends[i]));
    return out;
  }
}

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}

export class CsvTokenizer {
  /** The text of a row not yet complete when the last chunk ended, in pieces (joined when parsing resumes). */
  private pendingParts: string[] = [];
  private pendingLength = 0;
  /** Parsing resumes once this much text is pending: twice what the last incomplete attempt saw, so a long row costs linear time. */
  private retryAt = 0;
  /** The line the pending row starts on. */
  private pendingLine = 1;
  private readonly row = new CsvRow();

  constructor(
    private readonly file: string,
    private readonly onRow: (row: CsvRow) => void,
  ) {}

  push(text: string): void {
    if (text === '') return;
    this.pendingParts.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength < this.retryAt && this.pendingLength <= MAX_ROW_CHARS) return;
    const buffer = this.pendingParts.length === 1 ? this.pendingParts[0]! : this.pendingParts.join('');
    const row = this.row;
    row.text = buffer;
    row.values = undefined;
    row.malformed = undefined;
    const starts = row.starts;
    const ends = row.ends;
    let position = 0;
    let line = this.pendingLine;
    // Next quote and comma at or after `position`, found once and reused: each scan of the buffer is linear.
    let quote = buffer.indexOf('"');
    let comma = buffer.indexOf(',');
    for (;;) {
      const newline = buffer.indexOf('\n', position);
      if (newline === -1) break;
      if (quote === -1 || quote > newline) {
        // Fast path: a row without quotes; its fields are the spans between commas.
        let end = newline;
        while (end > position && buffer.charCodeAt(end - 1) === CR) end--;
        if (end > position) {
          let count = 0;
          let start = position;
          while (comma !== -1 && comma < end) {
            starts[count] = start;
            ends[count] = comma;
            count++;
            start = comma + 1;
            comma = buffer.indexOf(',', start);
          }
          starts[count] = start;
          ends[count] = end;
          row.count = count + 1;
          row.line = line;
          row.values = undefined;
          this.onRow(row);
        }
        line++;
        position = newline + 1;
        if (comma !== -1 && comma < position) comma = buffer.indexOf(',', position);
        continue;
      }
      const parsed = this.quotedRow(buffer, position, false);
      if (parsed === undefined) break;
      if (parsed.fields.length > 1 || parsed.fields[0] !== '') this.emitValues(parsed.fields, line, undefined);
      line += parsed.lines;
      position = parsed.next;
      quote = buffer.indexOf('"', position);
      if (comma !== -1 && comma < position) comma = buffer.indexOf(',', position);
    }
    const pending = position === 0 ? buffer : buffer.slice(position);
    this.pendingParts = pending === '' ? [] : [pending];
    this.pendingLength = pending.length;
    this.retryAt = 2 * pending.length;
    this.pendingLine = line;
    if (pending.length > MAX_ROW_CHARS) {
      throw new SpxError('E_DEAL_DATA', `${this.file}:${line}: a row longer than ${MAX_ROW_CHARS} characters (an unclosed quote?); check that the file is CSV`);
    }
  }

  /** The end of the input: the last row may lack its newline. */
  end(): void {
    const buffer = this.pendingParts.join('');
    this.pendingParts = [];
    this.pendingLength = 0;
    if (buffer === '' || buffer === '\r') return;
    const parsed = this.quotedRow(buffer, 0, true)!;
    if (parsed.fields.length > 1 || parsed.fields[0] !== '') this.emitValues(parsed.fields, this.pendingLine, parsed.malformed);
  }

  private emitValues(values: string[], line: number, malformed: string | undefined): void {
    const row = this.row;
    const text = row.text;
    row.values = values;
    row.count = values.length;
    row.line = line;
    row.malformed = malformed;
    this.onRow(row);
    row.values = undefined;
    row.malformed = undefined;
    row.text = text;
  }

  /**
   * One row from `start`, quotes and all. Returns undefined when the buffer ends inside the row (more text may
   * complete it), unless `final`, when the end of the buffer ends the row.
   */
  private quotedRow(buffer: string, start: number, final: boolean): { fields: string[]; next: number; lines: number; malformed?: string } | undefined {
    const fields: string[] = [];
    const length = buffer.length;
    let lines = 1;
    let i = start;
    for (;;) {
      // At the start of a field: a quoted part first, if any.
      let value = '';
      if (i < length && buffer.charCodeAt(i) === QUOTE) {
        let from = i + 1;
        for (;;) {
          const close = buffer.indexOf('"', from);
          if (close === -1) {
            if (!final) return undefined;
            value += buffer.slice(from);
            for (let k = buffer.indexOf('\n', from); k !== -1; k = buffer.indexOf('\n', k + 1)) lines++;
            fields.push(value);
            return { fields, next: length, lines, malformed: 'a quoted field is not closed before the end of the file' };
          }
          for (let k = buffer.indexOf('\n', from); k !== -1 && k < close; k = buffer.indexOf('\n', k + 1)) lines++;
          value += buffer.slice(from, close);
          if (close + 1 < length && buffer.charCodeAt(close + 1) === QUOTE) {
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
      while (j < length) {
        const c = buffer.charCodeAt(j);
        if (c === COMMA || c === LF) break;
        j++;
      }
      if (j === length && !final) return undefined;
      let end = j;
      if (j === length || buffer.charCodeAt(j) === LF) while (end > i && buffer.charCodeAt(end - 1) === CR) end--;
      fields.push(end === i ? value : value + buffer.slice(i, end));
      i = j;
      if (i >= length) return { fields, next: length, lines };
      if (buffer.charCodeAt(i) === LF) return { fields, next: i + 1, lines };
      i++; // the comma
    }
  }
}
