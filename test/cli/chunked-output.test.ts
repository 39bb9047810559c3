// Reports written as they are made: ChunkedOutput's and ChunkedBytes's chunk boundaries and the atomic chunked file writer.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkedBytes, ChunkedOutput } from '../../src/cli/chunked-output.js';
import { writeFileAtomicChunks } from '../../src/cli/write-file.js';
import { SpxError } from '../../src/model/errors.js';
import { tempDir } from './run-cli.js';

describe('ChunkedOutput', () => {
  it('hands on exactly the text written, in order, in chunks of at least the chunk size (but the last), never empty', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.tuple(fc.boolean(), fc.string({ unit: 'grapheme', maxLength: 30 })), { maxLength: 60 }), (size, pieces) => {
        const chunks: string[] = [];
        const out = new ChunkedOutput((text) => chunks.push(text), size);
        let expected = '';
        let longest = 0;
        for (const [asLine, piece] of pieces) {
          if (asLine) out.line(piece);
          else out.write(piece);
          const written = asLine ? `${piece}\n` : piece;
          expected += written;
          longest = Math.max(longest, written.length);
        }
        out.end();
        expect(chunks.join('')).toBe(expected);
        expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
        // Every chunk but the last reached the size; none overshot it by more than one piece.
        expect(chunks.slice(0, -1).every((chunk) => chunk.length >= size)).toBe(true);
        expect(chunks.every((chunk) => chunk.length < size + longest)).toBe(true);
      }),
    );
  });

  it('flushes as soon as a chunk is full, and nothing at the end when nothing is left', () => {
    const chunks: string[] = [];
    const out = new ChunkedOutput((text) => chunks.push(text), 4);
    out.write('abc');
    expect(chunks).toEqual([]);
    out.line('d');
    expect(chunks).toEqual(['abcd\n']);
    out.end();
    expect(chunks).toEqual(['abcd\n']);
  });
});

describe('ChunkedBytes', () => {
  it('hands on exactly the bytes written, in order, whole pieces in chunks of at most the buffer (larger for a larger piece), never empty', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.tuple(fc.boolean(), fc.string({ unit: 'grapheme', maxLength: 30 })), { maxLength: 60 }), (size, pieces) => {
        const chunks: Buffer[] = [];
        // The chunk is a view of the reused buffer: copied here, as a writer must use it before it returns.
        const out = new ChunkedBytes((bytes) => chunks.push(Buffer.from(bytes)), size);
        let expected = '';
        for (const [asBytes, piece] of pieces) {
          if (asBytes) out.copy(Buffer.from(piece, 'utf8'));
          else out.text(piece);
          expected += piece;
        }
        out.end();
        expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
        expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
        // No chunk cuts a character: each is UTF-8 on its own.
        expect(chunks.every((chunk) => Buffer.from(chunk.toString('utf8'), 'utf8').equals(chunk))).toBe(true);
        const longest = Math.max(0, ...pieces.map(([asBytes, piece]) => (asBytes ? Buffer.byteLength(piece) : 3 * piece.length)));
        expect(chunks.every((chunk) => chunk.length <= Math.max(size, longest))).toBe(true);
      }),
    );
  });

  it('flushes when the next piece does not fit, and nothing at the end when nothing is left', () => {
    const chunks: string[] = [];
    const out = new ChunkedBytes((bytes) => chunks.push(Buffer.from(bytes).toString('utf8')), 4);
    out.copy(Buffer.from('abc'));
    expect(chunks).toEqual([]);
    out.copy(Buffer.from('de'));
    expect(chunks).toEqual(['abc']);
    out.end();
    out.end();
    expect(chunks).toEqual(['abc', 'de']);
  });
});

describe('writeFileAtomicChunks', () => {
  it('writes the chunks, characters of any width cut anywhere between them, then renames the file into place', () => {
    const dir = tempDir({ 'report.txt': 'old' });
    const text = 'Zoë · 李雷 — 😀 '.repeat(500);
    writeFileAtomicChunks(join(dir, 'report.txt'), (write) => {
      for (let at = 0; at < text.length; at += 7) write(text.slice(at, at + 7));
    });
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['report.txt']);
  });

  it('writes chunks of bytes as they are, between chunks of text', () => {
    const dir = tempDir({});
    writeFileAtomicChunks(join(dir, 'report.json'), (write) => {
      write('{"a": ');
      write(Buffer.from('"Zoë 😀"', 'utf8'));
      write('}\n');
    });
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('{"a": "Zoë 😀"}\n');
  });

  it('leaves the old file and no temp file when making the report fails, and passes the error on as it is', () => {
    const dir = tempDir({ 'report.txt': 'old' });
    const failure = new RangeError('half way');
    expect(() =>
      writeFileAtomicChunks(join(dir, 'report.txt'), (write) => {
        write('new');
        throw failure;
      }),
    ).toThrow(failure);
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['report.txt']);
  });

  it('a directory that does not exist is a write error', () => {
    const dir = tempDir({});
    const write = () => writeFileAtomicChunks(join(dir, 'missing', 'report.txt'), (w) => w('x'));
    expect(write).toThrow(SpxError);
    expect(write).toThrow(/missing\/report\.txt: cannot be written \(ENOENT\)/);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
