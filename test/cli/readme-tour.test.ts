// The README's tour is real output: every `$ spx …` line of its console blocks runs here, in order, in a scratch copy
// of processes/ and examples/, and every line shown under it (… elides) is a line of what that command printed.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { ROOT, tempDir } from './run-cli.js';

/** Column padding aside (stylish and the audit list pad to the widest line), a line as shown. */
const collapse = (line: string): string => line.replace(/ {2,}/g, '  ').trimEnd();

/** Each `$ spx` command in the README's console blocks, with the lines shown under it. */
function tour(): { argv: string[]; lines: string[] }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const commands: { argv: string[]; lines: string[] }[] = [];
  for (const block of readme.matchAll(/```console\n([\s\S]*?)\n```/g)) {
    for (const line of block[1]!.split('\n')) {
      if (line.startsWith('$ spx ')) commands.push({ argv: line.slice('$ spx '.length).split(' '), lines: [] });
      else if (line !== '…') commands.at(-1)!.lines.push(line);
    }
  }
  return commands;
}

describe('README tour', () => {
  it('shows what each command prints', async () => {
    const commands = tour();
    expect(commands.map((c) => c.argv[0])).toEqual(['lint', 'lint', 'path', 'synthesize', 'calibrate', 'audit', 'forecast']);
    const dir = tempDir();
    cpSync(join(ROOT, 'processes'), join(dir, 'processes'), { recursive: true });
    cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
    for (const { argv, lines } of commands) {
      const run = await spxIn(argv, { cwd: dir, now: '2026-03-02T12:00:00Z' });
      expect(run.stderr, argv.join(' ')).not.toMatch(/\[E_[A-Z_]+\]/);
      expect(run.code, argv.join(' ')).toBe(argv[1] === 'examples/broken.yaml' ? 1 : 0);
      const output = `${run.stdout}${run.stderr}`.split('\n').map(collapse);
      for (const line of lines) expect(output, argv.join(' ')).toContain(collapse(line));
    }
    // The clean lint prints nothing; the broken one shows findings.
    expect(commands[0]!.lines).toEqual([]);
    expect(commands[1]!.lines.length).toBeGreaterThan(1);
  });
});
