// The command-line surface every command shares: one number parser, and --json / --no-config-lookup wherever
// they make sense (checked in-process through each command's --help).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { COMMAND_NAMES, COMMANDS, run } from '../../src/cli/main.js';
import { parseNumberOption } from '../../src/cli/number-option.js';
import { SpxError } from '../../src/index.js';
import { fakeIo as newFakeIo } from './in-process.js';
import { ROOT, tempDir } from './run-cli.js';

const fakeIo = () => newFakeIo({ now: '2026-06-01T00:00:00Z' });

function usage(raw: string, rule: Parameters<typeof parseNumberOption>[2]): string {
  try {
    parseNumberOption('--n', raw, rule);
  } catch (error) {
    expect(error).toBeInstanceOf(SpxError);
    return `${(error as SpxError).code}: ${(error as SpxError).message}`;
  }
  throw new Error(`${raw} was accepted`);
}

describe('parseNumberOption', () => {
  const whole = { integer: true, min: 1, max: 100, example: '10' } as const;
  const decimal = { integer: false, min: 0, example: '2.5' } as const;

  it('takes plain decimal digits, and a decimal point where fractions make sense', () => {
    expect(parseNumberOption('--n', '1', whole)).toBe(1);
    expect(parseNumberOption('--n', '100', whole)).toBe(100);
    expect(parseNumberOption('--n', '007', whole)).toBe(7);
    expect(parseNumberOption('--n', '0', decimal)).toBe(0);
    expect(parseNumberOption('--n', '12.75', decimal)).toBe(12.75);
  });

  it.each(['0x10', '1e3', '1_000', '1,000', '-1', '+1', ' 1', '1 ', '', '1.', '.5', 'NaN', 'Infinity', '١٢'])('refuses %j as a whole number', (raw) => {
    expect(usage(raw, whole)).toBe(`E_USAGE: --n ${raw}: expected a whole number from 1 to 100, in plain digits, e.g. --n 10`);
  });

  it('refuses fractions for whole numbers, values out of range, and notation for decimals', () => {
    expect(usage('1.5', whole)).toMatch(/^E_USAGE: --n 1\.5: expected a whole number/);
    expect(usage('0', whole)).toMatch(/^E_USAGE: --n 0: expected a whole number from 1 to 100/);
    expect(usage('101', whole)).toMatch(/^E_USAGE: --n 101: /);
    expect(usage('1e3', decimal)).toBe('E_USAGE: --n 1e3: expected a number ≥ 0, in plain digits (a decimal point is fine), e.g. --n 2.5');
    expect(usage('9'.repeat(400), decimal)).toMatch(/^E_USAGE: /);
    expect(usage('9007199254740993', { integer: true, min: 0, example: '1' })).toMatch(/^E_USAGE: /);
  });
});

describe('options shared across commands', () => {
  const help = async (command: string): Promise<string> => {
    const io = fakeIo();
    expect(await run([command, '--help'], io)).toBe(0);
    return io.out;
  };

  it.each(['lint', 'path', 'next', 'route', 'simulate', 'diff', 'graph'])('spx %s takes --config and --no-config-lookup', async (command) => {
    const text = await help(command);
    expect(text).toContain('-c, --config <file>');
    expect(text).toContain('--no-config-lookup');
  });

  it.each(['lint', 'rules', 'path', 'next', 'route', 'simulate', 'diff'])('spx %s takes --json for --format json', async (command) => {
    expect(await help(command)).toContain('--json');
  });

  it('--json selects the JSON format, and --no-config-lookup ignores a config that would break the run', async () => {
    const rules = fakeIo();
    expect(await run(['rules', '--json'], rules)).toBe(0);
    expect(Array.isArray(JSON.parse(rules.out))).toBe(true);

    const dir = tempDir({ 'spx.config.yaml': 'rules: [not, a, map]\n', 'smb.yaml': readFileSync(join(ROOT, 'processes', 'smb.yaml'), 'utf8') });
    for (const command of [['path', 'smb.yaml'], ['simulate', 'smb.yaml', '--deals', '100'], ['graph', 'smb.yaml']]) {
      const broken = { ...fakeIo(), cwd: dir };
      expect(await run(command, broken), command.join(' ')).toBe(2);
      const ignored = Object.assign(fakeIo(), { cwd: dir });
      expect(await run([...command, '--no-config-lookup'], ignored), command.join(' ')).toBe(0);
    }
  });
});

describe('every command\'s --help', () => {
  it.each(COMMAND_NAMES.filter((name) => name !== 'help'))('spx %s has a description and examples of itself', async (name) => {
    const io = fakeIo();
    expect(await run([name, '--help'], io)).toBe(0);
    const [usageLine, , description] = io.out.split('\n');
    expect(usageLine).toMatch(new RegExp(`^Usage: spx ${name} `));
    expect(description!.length).toBeGreaterThan(10);
    const examples = io.out.slice(io.out.indexOf('\nExamples:\n'));
    expect(examples).toMatch(new RegExp(`\\n  \\$ spx ${name}\\b`));
  });

  it('fits 100 columns piped, and spx --help lists the commands within an 80-column terminal', async () => {
    for (const argv of [['--help'], ...COMMAND_NAMES.map((name) => [name, '--help'])]) {
      const io = fakeIo();
      expect(await run(argv, io)).toBe(0);
      const wide = io.out.split('\n').filter((line) => [...line].length > 100);
      expect(wide, `spx ${argv.join(' ')}`).toEqual([]);
    }
    const terminal = { ...newFakeIo({ tty: true }), stdoutColumns: 80 };
    const out: string[] = [];
    expect(await run(['--help'], { ...terminal, stdout: (text: string) => void out.push(text) })).toBe(0);
    const help = out.join('');
    const commands = help.slice(help.indexOf('\nCommands:\n'), help.indexOf('\nExamples:\n')).split('\n');
    expect(commands.length).toBeGreaterThan(17);
    expect(commands.filter((line) => [...line].length > 80)).toEqual([]);
  });

  it('help wraps to the terminal it goes to, at least 80 columns; 100 for a terminal of unknown (0) width', async () => {
    const commandList = (help: string): string[] => help.slice(help.indexOf('\nCommands:\n'), help.indexOf('\nExamples:\n')).split('\n');
    const longest = (lines: string[]): number => Math.max(...lines.map((line) => [...line].length));
    for (const [columns, most] of [[40, 80], [80, 80], [0, 100]] as const) {
      // `spx --help` to stdout; `spx` alone prints the same help to stderr (and exits 2).
      const toStdout: string[] = [];
      expect(await run(['--help'], { ...newFakeIo({ tty: true }), stdoutColumns: columns, stdout: (text: string) => void toStdout.push(text) })).toBe(0);
      expect(longest(commandList(toStdout.join(''))), `stdout, ${columns} columns`).toBeLessThanOrEqual(most);
      const toStderr: string[] = [];
      expect(await run([], { ...newFakeIo({ tty: true }), stderrColumns: columns, stderr: (text: string) => void toStderr.push(text) })).toBe(2);
      expect(longest(commandList(toStderr.join(''))), `stderr, ${columns} columns`).toBeLessThanOrEqual(most);
    }
  });

  it('an option with a choice list names what it takes, not a number', () => {
    const program = new Command('spx');
    for (const register of COMMANDS) register(program, { io: undefined as never, exit: () => {} });
    for (const command of program.commands) {
      for (const option of command.options) {
        const choices = (option as { argChoices?: string[] }).argChoices;
        if (choices === undefined || choices.every((choice) => /^\d+$/.test(choice))) continue;
        expect(option.flags, `spx ${command.name()} ${option.flags}`).not.toMatch(/<(number|n)>/);
      }
    }
  });
});

describe('command registration', () => {
  it('COMMAND_NAMES names what each of COMMANDS registers, in order (a named run registers only its own)', () => {
    const program = new Command('spx');
    for (const register of COMMANDS) register(program, { io: undefined as never, exit: () => {} });
    expect(program.commands.map((command) => command.name())).toEqual(COMMAND_NAMES);
  });

  it('a named command has the same help and usage errors alone as among all the others', async () => {
    for (const name of COMMAND_NAMES) {
      expect(await run([name, '--help'], newFakeIo())).toBe(0);
    }
    const help = newFakeIo();
    await run(['lint', '--help'], help);
    expect(help.out).toContain('Usage: spx lint [options] [paths...]');
    const misspelt = newFakeIo();
    expect(await run(['lint', '--quite'], misspelt)).toBe(2);
    expect(misspelt.err).toBe("spx: unknown option '--quite' (did you mean --quiet?); see spx lint --help [E_USAGE]\n");
    const unknown = newFakeIo();
    expect(await run(['lnt'], unknown)).toBe(2);
    expect(unknown.err).toBe("spx: unknown command 'lnt' (did you mean lint?); see spx --help [E_USAGE]\n");
  });
});
