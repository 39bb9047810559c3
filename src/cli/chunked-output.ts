/** Output written as it is made, in chunks: a report of tens of MB is never one string (nor an array of its lines). */

/** The size a chunk is flushed at, in UTF-16 code units: large enough for few writes, small enough to stay cheap. */
export const OUTPUT_CHUNK = 256 * 1024;

/** Text appended piece by piece and handed to `flush` in chunks of about `chunkSize` code units, in order. */
export class ChunkedOutput {
  // The pieces of the chunk, joined once when it is flushed: cheaper than a string grown piece by piece.
  private pieces: string[] = [];
  private size = 0;

  constructor(
    private readonly flush: (text: string) => void,
    private readonly chunkSize = OUTPUT_CHUNK,
  ) {}

  /** Appends `text`; flushes the chunk once it reaches the chunk size. */
  write(text: string): void {
    this.pieces.push(text);
    this.size += text.length;
    if (this.size >= this.chunkSize) this.drain();
  }

  /** Appends `text` and a line break. */
  line(text: string): void {
    this.pieces.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= this.chunkSize) this.drain();
  }

  /** Flushes what is left (nothing when empty: the writer sees no empty writes). */
  end(): void {
    if (this.size > 0) this.drain();
  }

  private drain(): void {
    const text = this.pieces.join('');
    this.pieces = [];
    this.size = 0;
    this.flush(text);
  }
}

/** The size {@link ChunkedBytes} flushes at, in bytes. */
export const OUTPUT_BYTES = 1 << 20;

/**
 * UTF-8 bytes written into one reused buffer and handed to `flush` whenever the next piece would not fit, and at
 * the end: output made as bytes needs no string per piece, no join and no encoding of the whole. Pieces are whole
 * characters, so a flushed chunk never splits one. `flush` gets a view of the reused buffer: it must use (or copy)
 * the bytes before it returns.
 */
export class ChunkedBytes {
  /** The buffer; a writer may put up to the bytes it {@link reserve}d at {@link at} and advance `at` past them. */
  bytes: Buffer;
  at = 0;

  constructor(
    private readonly flush: (bytes: Uint8Array) => void,
    size = OUTPUT_BYTES,
  ) {
    this.bytes = Buffer.allocUnsafe(size);
  }

  /** Room for `n` more bytes at {@link at}: flushes what is written when they would not fit (a larger buffer for a larger piece). */
  reserve(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    if (this.at > 0) this.drain();
    if (n > this.bytes.length) this.bytes = Buffer.allocUnsafe(n);
  }

  /** Appends `piece`, bytes made once and written many times. */
  copy(piece: Uint8Array): void {
    const n = piece.length;
    this.reserve(n);
    const bytes = this.bytes;
    let at = this.at;
    // A loop for the short pieces most are; a native copy for long ones.
    if (n < 64) for (let i = 0; i < n; i++) bytes[at++] = piece[i]!;
    else {
      bytes.set(piece, at);
      at += n;
    }
    this.at = at;
  }

  /** Appends `text` as UTF-8. */
  text(text: string): void {
    this.reserve(3 * text.length);
    this.at += this.bytes.write(text, this.at, 'utf8');
  }

  /** Flushes what is left (nothing when empty: the writer sees no empty writes). */
  end(): void {
    if (this.at > 0) this.drain();
  }

  private drain(): void {
    const bytes = this.bytes.subarray(0, this.at);
    this.at = 0;
    this.flush(bytes);
  }
}
