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
