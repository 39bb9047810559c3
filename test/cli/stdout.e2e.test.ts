// bin/spx.cjs writes stdout directly (not through process.stdout) when it is a file or a pipe. A parent may hand spx a
// non-blocking pipe (Python's subprocess with O_NONBLOCK set, for one): a full pipe then fails a write with EAGAIN and
// the rest goes through the stream. A report written in several chunks must still arrive whole and in order.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SMB_TEXT } from '../deals/pipeline.js';
import { spxIn } from './in-process.js';
import { BIN, tempDir } from './run-cli.js';

const python = spawnSync('python3', ['-c', 'import fcntl, os'], { encoding: 'utf8' }).status === 0;

/** Runs `node BIN ARGS` with stdout a non-blocking pipe that this reader drains slowly, while spx writes. */
const READ_SLOWLY = `
import fcntl, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
child = subprocess.Popen(sys.argv[1:], stdout=w)
os.close(w)
out = bytearray()
while True:
    time.sleep(0.002)
    chunk = os.read(r, 65536)
    if not chunk:
        break
    out += chunk
sys.stdout.buffer.write(out)
sys.exit(child.wait())
`;

describe('stdout written directly', () => {
  it('--version, --help and help output (written while the CLI starts) reach a pipe and a file', () => {
    const dir = tempDir({});
    for (const args of [['--version'], ['lint', '--help'], ['help', 'lint']]) {
      const piped = spawnSync('bash', ['-c', `node ${JSON.stringify(BIN)} ${args.join(' ')} | cat`], { cwd: dir, encoding: 'utf8' });
      expect(piped.stderr).toBe('');
      expect(piped.stdout).toMatch(args[0] === '--version' ? /^\d+\.\d+\.\d+\n$/ : /^Usage: spx lint/);
      const toFile = spawnSync('bash', ['-c', `node ${JSON.stringify(BIN)} ${args.join(' ')} > out.txt; echo $?`], { cwd: dir, encoding: 'utf8' });
      expect(toFile.stdout).toBe('0\n');
      expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe(piped.stdout);
    }
  });
});

describe('stdout as a non-blocking pipe', () => {
  it.skipIf(!python)('a multi-chunk report arrives whole and in order', async () => {
    // 3,000 open deals: over 1 MB of JSON, written in several chunks.
    const stages = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'];
    const rows = ['deal,stage,at,owner,amount,currency,next_activity_at'];
    for (let d = 0; d < 3000; d++) {
      const next = ['', '2026-02-20T10:00:00Z', '2026-03-03T10:00:00Z'][d % 3];
      for (let s = 0; s <= d % 5; s++) rows.push(`D${d},${stages[s]},2026-02-${String(10 + s * 3 + (d % 3)).padStart(2, '0')}T09:00:00Z,${['ana', 'bo', 'Zoë'][d % 3]},${1000 + (d % 7) * 250},EUR,${next}`);
    }
    const dir = tempDir({ 'smb.yaml': SMB_TEXT, 'deals.csv': `${rows.join('\n')}\n` });
    const argv = ['audit', 'smb.yaml', 'deals.csv', '--as-of', '2026-03-02', '--format', 'json'];
    const expected = (await spxIn(argv, { cwd: dir, now: '2026-03-02T12:00:00Z' })).stdout;
    expect(expected.length).toBeGreaterThan(1_000_000);
    const run = spawnSync('python3', ['-c', READ_SLOWLY, process.execPath, BIN, ...argv], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.length).toBe(expected.length);
    expect(run.stdout === expected).toBe(true);
  });
});
