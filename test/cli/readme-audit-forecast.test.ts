// The README's `spx audit` and `spx forecast` examples are real output: every line shown (… elides) is a line of the same command run here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpx } from './fake-io.js';
import { ROOT } from './run-cli.js';

/** The console block after the README line `$ spx <command> …`: the command's arguments and the lines shown. */
function example(command: string): { argv: string[]; lines: string[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`$ spx ${command} `);
  const block = readme.slice(start, readme.indexOf('\n```', start)).split('\n');
  return { argv: block[0]!.slice('$ spx '.length).split(' '), lines: block.slice(1).filter((line) => line !== '…') };
}

describe('README examples of spx audit and spx forecast', () => {
  it.each(['audit', 'forecast'])('spx %s', async (command) => {
    const { argv, lines } = example(command);
    expect(lines.length).toBeGreaterThan(2);
    const run = await runSpx(argv, ROOT);
    expect(run.code).toBe(0);
    const output = run.stdout.split('\n');
    for (const line of lines) expect(output).toContain(line);
  });
});
