/** Deal-data bytes to text, streamed: refuses empty, binary, UTF-16 and non-UTF-8 input with file:line; accepts a UTF-8 BOM; CSV rows on top (tokenized from the bytes). */
import { SpxError } from '../model/errors.js';
import { looksLikeUtf16 } from '../model/utf16.js';
import { CsvByteTokenizer, type CsvByteRow } from './csv-bytes.js';

/** How much text detection looks at. */
const HEAD_CHARS = 64 * 1024;

/** The line breaks (LF) in `text`. */
export function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** One file's text, decoded chunk by chunk; the first chunks are kept as the head for format detection. */
export class TextStream {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  private readonly iterator: AsyncIterator<Uint8Array>;
  private buffered: string[] = [];
  /** The raw chunks behind `buffered` (the head), for {@link bytes}. */
  private bufferedBytes: Uint8Array[] = [];
  private keepBytes = false;
  private started = false;
  private linesSoFar = 1;
  private finished = false;

  constructor(
    readonly file: string,
    chunks: AsyncIterable<Uint8Array>,
  ) {
    this.iterator = chunks[Symbol.asyncIterator]();
  }

  private fail(line: number, what: string): never {
    throw new SpxError('E_DEAL_DATA', `${this.file}:${line}: ${what}`);
  }

  /** The next non-empty chunk of bytes, or undefined at the end; an empty file and UTF-16 text are refused here. */
  private async nextChunk(): Promise<Uint8Array | undefined> {
    for (;;) {
      const { value, done } = await this.iterator.next();
      if (done) {
        this.finished = true;
        if (!this.started) this.fail(1, 'the file is empty; export the deal data again');
        return undefined;
      }
      const bytes = value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBuffer);
      if (bytes.length === 0) continue;
      if (!this.started) {
        this.started = true;
        if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
          this.fail(1, 'the file is UTF-16 text; save or export it as UTF-8 (CSV UTF-8)');
        }
        if (looksLikeUtf16(bytes)) this.fail(1, 'the file is UTF-16 text (without a byte order mark); save or export it as UTF-8 (CSV UTF-8)');
      }
      return bytes;
    }
  }

  /** The next decoded piece of text, or undefined at the end. */
  private async next(): Promise<string | undefined> {
    if (this.finished) return undefined;
    for (;;) {
      const bytes = await this.nextChunk();
      if (bytes === undefined) {
        let rest: string;
        try {
          rest = this.decoder.decode();
        } catch {
          this.fail(this.linesSoFar, 'the file ends inside a UTF-8 character; save it as UTF-8 text');
        }
        return rest === '' ? undefined : rest;
      }
      if (this.keepBytes) this.bufferedBytes.push(bytes);
      const nul = bytes.indexOf(0);
      if (nul !== -1) {
        const before = new TextDecoder('utf-8').decode(bytes.subarray(0, nul));
        this.fail(this.linesSoFar + countLines(before), 'binary data (a NUL byte), not a text export; give spx the CSV or JSON file');
      }
      let text: string;
      try {
        text = this.decoder.decode(bytes, { stream: true });
      } catch {
        const lenient = new TextDecoder('utf-8').decode(bytes);
        const bad = lenient.indexOf('\uFFFD');
        this.fail(this.linesSoFar + countLines(lenient.slice(0, Math.max(0, bad))), 'not UTF-8 text; save or export it as UTF-8');
      }
      if (text === '') continue;
      this.linesSoFar += countLines(text);
      return text;
    }
  }

  /** The start of the file (up to 64 KiB, whole lines where possible), for detection; kept for reading. */
  async head(): Promise<string> {
    let head = this.buffered.join('');
    this.keepBytes = true;
    // Stops where a first call stopped, so that a second call (readCsv after detection) reads nothing more.
    while (head.length < HEAD_CHARS && !this.finished && !(head.indexOf('\n') !== -1 && head.length >= 4096)) {
      const text = await this.next();
      if (text === undefined) break;
      this.buffered.push(text);
      head += text;
    }
    this.keepBytes = false;
    if (head.trim() === '') this.fail(1, 'the file is empty (only white space); export the deal data again');
    return head;
  }

  /**
   * The head read on while nothing but white space follows its first line and the file goes on (at most 64 KiB more):
   * whether the first line is all there is (a one-line JSON document, not NDJSON) shows only at the end of the file.
   */
  async headPastFirstLine(): Promise<string> {
    let head = this.buffered.join('');
    const limit = head.length + HEAD_CHARS;
    const newline = head.indexOf('\n');
    if (newline === -1) return head;
    this.keepBytes = true;
    while (!this.finished && head.length < limit && head.slice(newline + 1).trim() === '') {
      const text = await this.next();
      if (text === undefined) break;
      this.buffered.push(text);
      head += text;
    }
    this.keepBytes = false;
    return head;
  }

  /**
   * The file's raw bytes, from the start (the head's chunks again), without decoding: for the CSV tokenizer, which
   * checks NUL bytes and UTF-8 itself with exact lines. Empty and UTF-16 files are refused as for the text.
   */
  async *bytes(): AsyncGenerator<Uint8Array> {
    const head = this.bufferedBytes;
    this.bufferedBytes = [];
    this.buffered = [];
    for (const chunk of head) yield chunk;
    if (this.finished) return;
    for (;;) {
      const bytes = await this.nextChunk();
      if (bytes === undefined) return;
      yield bytes;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    const buffered = this.buffered;
    this.buffered = [];
    for (const text of buffered) yield text;
    for (;;) {
      const text = await this.next();
      if (text === undefined) return;
      yield text;
    }
  }
}

/** The header row's names as written (trimmed); the first row of a CSV. */
export type CsvHeader = readonly string[];

/**
 * What is wrong with a row of fewer fields than the header (a line cut short, or split by a line break outside
 * quotes): one message for every CSV reader, rather than the first missing column's "empty" complaint.
 */
export function shortRow(fields: number, columns: number): string {
  return `the row has ${fields} of the header's ${columns} fields`;
}

/**
 * Streams a CSV: `onHeader` gets the first row's names (trimmed) and returns the row handler; every later row goes
 * to it (a reused view, see CsvRow). A malformed row (unclosed quote) goes to `onMalformed`. A row of fewer fields
 * than the header is handed on (spreadsheets drop a row's trailing empty fields): a reader refuses it with
 * {@link shortRow} when it lacks a column the reader needs.
 */
export async function readCsv(
  stream: TextStream,
  onHeader: (header: CsvHeader, line: number) => (row: CsvByteRow) => void,
  onMalformed: (line: number, message: string) => void,
): Promise<void> {
  // The tokenizer ends rows at LF: a file whose lines end in CR alone would be one header row and no deals.
  if (endsLinesInCrAlone((await stream.head()).replace(/^\uFEFF/, ''))) {
    throw new SpxError('E_DEAL_DATA', `${stream.file}:1: the lines end in CR alone (old Mac line ends); save the file with LF or CRLF line ends`);
  }
  let handler: ((row: CsvByteRow) => void) | undefined;
  const tokenizer = new CsvByteTokenizer(stream.file, (row) => {
    if (row.malformed !== undefined) {
      onMalformed(row.line, row.malformed);
      return;
    }
    if (handler === undefined) {
      handler = onHeader(
        row.toArray().map((name) => name.trim()),
        row.line,
      );
      return;
    }
    handler(row);
  });
  for await (const bytes of stream.bytes()) tokenizer.push(bytes);
  tokenizer.end();
  if (handler === undefined) throw new SpxError('E_DEAL_DATA', `${stream.file}:1: no header row; a deal-data CSV starts with its column names`);
}

/**
 * Refuses a header in which a column a reader uses (`used`: their indices, -1 for absent) appears twice, case
 * aside: which of the two holds the data would be a guess. Columns no reader uses may repeat.
 */
export function refuseDuplicateColumns(file: string, line: number, header: CsvHeader, used: readonly number[]): void {
  const lower = header.map((name) => name.toLowerCase());
  for (const index of used) {
    if (index < 0) continue;
    const name = lower[index]!;
    const first = lower.indexOf(name);
    const second = lower.indexOf(name, first + 1);
    if (second === -1) continue;
    throw new SpxError('E_DEAL_DATA', `${file}:${line}:${second + 1}: a second ${JSON.stringify(header[second])} column (the first is column ${first + 1}); rename or remove one: spx cannot tell which holds the data`);
  }
}

/**
 * Where a CSV head's first row ends (outside quotes: at LF, or at a CR alone) and whether a CR alone ended it: old Mac
 * line ends. A CR before LF (CRLF) or before CRLF (CRCRLF, Python's csv writer on Windows) is part of the line end; a
 * CR inside a quoted name is part of the name; a CR that ends the head may be a CRLF cut by a chunk.
 */
function firstRowEnd(head: string): { end: number; loneCr: boolean } {
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (quoted) {
      // As the tokenizer reads quotes: a doubled quote is one quote; a quote opens only at the start of a field.
      if (c === 34) {
        if (head.charCodeAt(i + 1) === 34) i++;
        else quoted = false;
      }
    } else if (c === 34 && (i === 0 || head.charCodeAt(i - 1) === 44)) quoted = true;
    else if (c === 10) return { end: i, loneCr: false };
    else if (c === 13) {
      const after = head.slice(i + 1, i + 3);
      if (i + 1 === head.length || after.startsWith('\n') || after === '\r\n' || after === '\r') continue;
      return { end: i, loneCr: true };
    }
  }
  return { end: head.length, loneCr: false };
}

/** Whether a CSV head's lines end in CR alone (old Mac line ends): a CR not part of CRLF or CRCRLF, outside quotes, in the first row. */
export function endsLinesInCrAlone(head: string): boolean {
  return firstRowEnd(head).loneCr;
}

/** The first row of a head (line breaks in quoted names kept), for header-based detection; a CR alone ends it too (old Mac line ends, refused by readCsv with their own message). */
export function firstLine(head: string): string {
  return head.slice(0, firstRowEnd(head).end).replace(/\r+$/, '');
}

/** Header names of a CSV head (quotes removed, trimmed), via the real tokenizer so quoted names work. */
export function headerOf(head: string): string[] {
  let header: string[] = [];
  const tokenizer = new CsvByteTokenizer('', (row) => {
    if (header.length === 0) header = row.toArray();
  });
  tokenizer.push(new TextEncoder().encode(`${firstLine(head)}\n`));
  return header.map((name) => name.replace(/^\uFEFF/, '').trim());
}
