/** A streaming RFC 4180 CSV tokenizer: text in by chunks, rows out with their 1-based line; chosen over the CSV libraries by measurement (bench/csv-parsers.mjs). */
import { SpxError } from '../model/errors.js';

/** Rows longer than this are refused: they are an unclosed quote swallowing the file, or not CSV at all. */
export const MAX_ROW_CHARS = 1 << 20;

/**
 * Receives rows as they complete. `fields` is a fresh array the receiver may keep. `malformed` is set on a row
 * that ended inside a quoted field (an unclosed quote at the end of the file).
 */
export type CsvRowHandler = (fields: string[], line: number, malformed?: string) => void;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export class CsvTokenizer {
  /** The text of a row not yet complete when the last chunk ended, in pieces (joined when parsing resumes). */
  private pendingParts: string[] = [];
  private pendingLength = 0;
  /** Parsing resumes once this much text is pending: twice what the last incomplete attempt saw, so a long row costs linear time. */
  private retryAt = 0;
  /** The line the pending row starts on. */
  private pendingLine = 1;

  constructor(
    private readonly file: string,
    private readonly onRow: CsvRowHandler,
  ) {}

  /** The line after everything consumed so far (for positioning errors found outside the tokenizer). */
  lineAtEnd(): number {
    let line = this.pendingLine;
    const pending = this.pendingParts.join('');
    for (let i = pending.indexOf('\n'); i !== -1; i = pending.indexOf('\n', i + 1)) line++;
    return line;
  }

  push(text: string): void {
    if (text === '') return;
    this.pendingParts.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength < this.retryAt && this.pendingLength <= MAX_ROW_CHARS) return;
    const buffer = this.pendingParts.length === 1 ? this.pendingParts[0]! : this.pendingParts.join('');
    let position = 0;
    let line = this.pendingLine;
    let quote = buffer.indexOf('"');
    for (;;) {
      const newline = buffer.indexOf('\n', position);
      if (newline === -1) break;
      if (quote === -1 || quote > newline) {
        // Fast path: a row without quotes is a split of its line.
        let end = newline;
        if (end > position && buffer.charCodeAt(end - 1) === CR) end--;
        if (end > position) this.onRow(buffer.slice(position, end).split(','), line);
        line++;
        position = newline + 1;
        continue;
      }
      const row = this.quotedRow(buffer, position, false);
      if (row === undefined) break;
      if (row.fields.length > 1 || row.fields[0] !== '') this.onRow(row.fields, line);
      line += row.lines;
      position = row.next;
      quote = buffer.indexOf('"', position);
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
    const row = this.quotedRow(buffer, 0, true)!;
    if (row.fields.length > 1 || row.fields[0] !== '') this.onRow(row.fields, this.pendingLine, row.malformed);
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
      // At the start of a field.
      if (i < length && buffer.charCodeAt(i) === QUOTE) {
        let value = '';
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
        // Lenient: text between a closing quote and the delimiter belongs to the field.
        let j = i;
        while (j < length) {
          const c = buffer.charCodeAt(j);
          if (c === COMMA || c === LF) break;
          j++;
        }
        if (j === length && !final) return undefined;
        let tail = buffer.slice(i, j);
        if (tail.endsWith('\r') && (j === length || buffer.charCodeAt(j) === LF)) tail = tail.slice(0, -1);
        fields.push(tail === '' ? value : value + tail);
        i = j;
      } else {
        let j = i;
        while (j < length) {
          const c = buffer.charCodeAt(j);
          if (c === COMMA || c === LF) break;
          j++;
        }
        if (j === length && !final) return undefined;
        let end = j;
        if (end > i && buffer.charCodeAt(end - 1) === CR && (j === length || buffer.charCodeAt(j) === LF)) end--;
        fields.push(buffer.slice(i, end));
        i = j;
      }
      if (i >= length) return { fields, next: length, lines };
      if (buffer.charCodeAt(i) === LF) return { fields, next: i + 1, lines };
      i++; // the comma
    }
  }
}
