// `spx audit --json` with ids, owners, stages and currencies JSON must escape: the report parses back to the data's
// text, each deal line is exactly JSON.stringify's, and stdout as text, stdout as bytes and -o write the same bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { SMB_TEXT } from '../deals/pipeline.js';
import { fakeIo, spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

/**
 * Text JSON escapes (quote, backslash, control characters) or writes as it is (DEL, non-ASCII, U+2028), as a CSV
 * file can hold it (no NUL byte: the reader takes that file for binary data).
 */
const TRICKY = ['plain', 'q"uote', 'back\\slash', 'tab\there', 'nl\nline', 'soh\u0001x', 'us\u001fx', 'del\u007fx', 'ünïcødé-日本', 'Zoë 😀', 'ls\u2028ps\u2029x', '{"id":1}', ''];

/** A CSV field, quoted when it must be. */
const field = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

// One open deal per tricky text, used as its id (the empty one as an owner only), owner and currency; some in an
// unmapped stage named after it (unknown-stage), some in good shape (in their stage since the day before), some
// without a next activity.
const deals = TRICKY.filter((text) => text !== '').map((text, i) => ({
  id: text,
  stage: i % 4 === 3 ? `stage ${text}` : ['appointmentscheduled', 'qualifiedtobuy', 'contractsent'][i % 3]!,
  owner: TRICKY[(i + 3) % TRICKY.length]!,
  currency: TRICKY[(i + 5) % TRICKY.length]!,
  next: i % 3 === 0 ? '' : '2026-03-03T10:00:00Z',
}));
const CSV = [
  'deal,stage,at,owner,amount,currency,next_activity_at',
  ...deals.map((d, i) => [d.id, d.stage, i % 2 === 0 ? '2026-03-01T10:00:00Z' : '2026-02-20T10:00:00Z', d.owner, String(100 * i), d.currency, d.next].map(field).join(',')),
  '',
].join('\n');
const dir = tempDir({ 'smb.yaml': SMB_TEXT, 'deals.csv': CSV });
const ARGS = ['audit', 'smb.yaml', 'deals.csv', '--as-of', '2026-03-02', '--json'];

describe('spx audit --json with text to escape', () => {
  it('parses back to the data’s ids, stages, owners and currencies; each deal line is JSON.stringify of its entry', async () => {
    const { code, stdout, stderr } = await spxIn(ARGS, { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const byId = new Map(report.deals.map((d: { id: string }) => [d.id, d]));
    expect([...byId.keys()].sort()).toEqual(deals.map((d) => d.id).sort());
    for (const d of deals) {
      expect(byId.get(d.id)).toMatchObject({ stage: d.stage, owner: d.owner === '' ? null : d.owner, currency: d.currency === '' ? null : d.currency });
    }
    expect(report.deals.some((d: { findings: unknown[] }) => d.findings.length === 0)).toBe(true);
    expect(report.deals.some((d: { findings: { id: string }[] }) => d.findings.some((f) => f.id === 'unknown-stage'))).toBe(true);
    // The deal lines, as written: the bytes JSON.stringify makes of each parsed entry, no other escaping.
    const lines = stdout.split('\n').filter((line) => line.startsWith('    {"id":'));
    expect(lines.map((line) => line.slice(4).replace(/,$/, ''))).toEqual(report.deals.map((d: unknown) => JSON.stringify(d)));
    // And the whole report is JSON.stringify's, indented, with each deal on one line.
    const expected = JSON.stringify({ ...report, deals: [] }, null, 2).replace('\n  "deals": []', `\n  "deals": [\n${lines.join('\n')}\n  ]`);
    expect(stdout).toBe(`${expected}\n`);
  });

  it('writes the same bytes to stdout as text, to stdout as bytes, and to an -o file', async () => {
    const text = await spxIn(ARGS, { cwd: dir });
    const io = fakeIo({ cwd: dir });
    const chunks: Buffer[] = [];
    // The Io of the real process: bytes the caller may reuse once the call returns, so copied here.
    const bytesIo = { ...io, stdoutBytes: (bytes: Uint8Array) => void chunks.push(Buffer.from(bytes)) };
    expect(await run(ARGS, bytesIo)).toBe(0);
    expect(io.out).toBe('');
    expect(Buffer.concat(chunks).equals(Buffer.from(text.stdout, 'utf8'))).toBe(true);
    expect(await spxIn([...ARGS, '-o', 'audit.json'], { cwd: dir })).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'audit.json')).equals(Buffer.from(text.stdout, 'utf8'))).toBe(true);
  });

  it('writes an empty deal list when no deal is open', async () => {
    const closed = tempDir({ 'smb.yaml': SMB_TEXT, 'deals.csv': 'deal,stage,at\nW1,closedwon,2026-02-20T10:00:00Z\n' });
    const { code, stdout } = await spxIn(['audit', 'smb.yaml', 'deals.csv', '--as-of', '2026-03-02', '--json'], { cwd: closed });
    expect(code).toBe(0);
    expect(stdout).toContain('\n  "deals": [],\n');
    expect(JSON.parse(stdout).counts.open).toBe(0);
  });
});
