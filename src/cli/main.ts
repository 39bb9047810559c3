/** The commander program: parses arguments and dispatches to lazily imported commands; nothing else. */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SpxError } from '../model/errors.js';
import type { Io } from './io.js';

/** Runs spx with `argv` (without node and script) and returns the exit code. Never throws. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = new Command('spx')
    .description('Sales process as code: lint, analyse and simulate sales processes written in YAML.')
    .version(io.version, '-v, --version', 'print the spx version')
    .option('--debug', 'print stack traces for unexpected errors')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ spx lint                                lint ./processes (or the bundled processes)
  $ spx lint processes/ --format sarif -o spx.sarif
  $ spx rules                               list every lint rule
  $ spx path processes/enterprise.yaml      the minimal step path and exact cycle numbers
  $ spx next processes/enterprise.yaml --at discovery

Exit codes: 0 clean, 1 findings, 2 usage or fatal error.`,
    );

  const formatOption = (choices: readonly string[], fallback: string) =>
    new Option('-f, --format <format>', 'output format').choices(choices).default(fallback);
  const byOption = () => new Option('--by <criterion>', 'minimise steps (engagements) or expected time').choices(['steps', 'time']).default('steps');

  program
    .command('lint')
    .description('check process files against the format and the lint rules')
    .argument('[paths...]', 'files, directories or globs (default: ./processes, else the bundled processes)')
    .addOption(formatOption(['stylish', 'json', 'sarif', 'github', 'junit'], 'stylish'))
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings', integerAtLeast(0))
    .option('--quiet', 'report errors only')
    .option('-c, --config <file>', 'config file (default: spx.config.yaml found upward from the working directory)')
    .option('--no-config-lookup', 'do not look for spx.config.yaml')
    .option('-o, --output-file <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours')
    .addHelpText(
      'after',
      `
Examples:
  $ spx lint                                  ./processes, or the bundled processes
  $ spx lint processes/smb.yaml "teams/**/*.yaml"
  $ spx lint --format github                  annotations in GitHub Actions
  $ spx lint --format sarif -o spx.sarif      for code scanning
  $ spx lint --max-warnings 0                 fail on warnings too

Silence one finding with a comment on the line above it:
  # spx-disable-next-line unscheduled-next-step -- the buyer books the demo`,
    )
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const { lintCommand } = await import('./commands/lint.js');
      exitCode = await lintCommand({ paths, ...options } as unknown as Parameters<typeof lintCommand>[0], io);
    });

  program
    .command('rules')
    .description('list the lint rules with their default severities')
    .addOption(formatOption(['table', 'json'], 'table'))
    .addHelpText('after', '\nExamples:\n  $ spx rules\n  $ spx rules --format json')
    .action(async (options: { format: 'table' | 'json' }) => {
      const { rulesCommand } = await import('./commands/rules.js');
      exitCode = rulesCommand(options, io);
    });

  program
    .command('path')
    .description('the minimal step path to won and the exact win rate and cycle lengths')
    .argument('<files...>', 'process files, directories or globs')
    .addOption(byOption())
    .addOption(formatOption(['text', 'json'], 'text'))
    .option('--json', 'same as --format json')
    .option('-c, --config <file>', 'config file (default: spx.config.yaml found upward)')
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours')
    .addHelpText(
      'after',
      `
Examples:
  $ spx path processes/*.yaml
  $ spx path processes/enterprise.yaml --by time
  $ spx path processes/smb.yaml --json | jq '.[0].minimalPath.count'`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { pathCommand } = await import('./commands/path.js');
      exitCode = pathCommand({ files, ...options, format: options['json'] ? 'json' : options['format'] } as unknown as Parameters<typeof pathCommand>[0], io);
    });

  program
    .command('next')
    .description('the proactive next step for a deal in flight, who to involve, and when')
    .argument('<file>', 'the process file')
    .requiredOption('--at <step>', 'the step the deal is at (in progress or just held)')
    .option('--involved <roles>', 'buyer roles that have taken part so far, comma-separated')
    .option('--completed <steps>', 'steps already done, comma-separated')
    .option('--date <YYYY-MM-DD>', 'the date the step at --at ends (default: today)')
    .addOption(byOption())
    .addOption(formatOption(['text', 'json'], 'text'))
    .option('--json', 'same as --format json')
    .option('-c, --config <file>', 'config file (default: spx.config.yaml found upward)')
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours')
    .addHelpText(
      'after',
      `
Examples:
  $ spx next processes/enterprise.yaml --at discovery
  $ spx next processes/enterprise.yaml --at solution-demos --involved champion,users --completed discovery --date 2026-12-01
  $ spx next processes/smb.yaml --at demo --json`,
    )
    .action(async (file: string, options: Record<string, unknown>) => {
      const { nextCommand } = await import('./commands/next.js');
      exitCode = nextCommand({ file, ...options, format: options['json'] ? 'json' : options['format'] } as unknown as Parameters<typeof nextCommand>[0], io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return handleError(error, io, argv.includes('--debug'));
  }
}

/** Maps anything thrown to an exit code and one line on stderr (a stack only with --debug). */
function handleError(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has already printed help, the version or its usage error.
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
  }
  if (error instanceof SpxError) {
    io.stderr(`spx: ${error.message} [${error.code}]\n`);
    if (debug) io.stderr(`${error.stack}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`spx: unexpected error: ${message.split('\n')[0]} [E_INTERNAL] — please report it with --debug output\n`);
  if (debug && error instanceof Error) io.stderr(`${error.stack}\n`);
  return 2;
}

function integerAtLeast(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return n;
  };
}
