/** The commander program: registers the commands, parses arguments, maps errors to exit codes; nothing else. */
import { Command, CommanderError } from 'commander';
import { register as audit } from './commands/audit.command.js';
import { register as calibrate } from './commands/calibrate.command.js';
import { register as diff } from './commands/diff.command.js';
import { register as exportPipeline } from './commands/export.command.js';
import { register as forecast } from './commands/forecast.command.js';
import { register as graph } from './commands/graph.command.js';
import { register as importPipeline } from './commands/import.command.js';
import { register as init } from './commands/init.command.js';
import { register as lint } from './commands/lint.command.js';
import { register as next } from './commands/next.command.js';
import { register as path } from './commands/path.command.js';
import { register as report } from './commands/report.command.js';
import { register as route } from './commands/route.command.js';
import { register as rules } from './commands/rules.command.js';
import { register as sensitivity } from './commands/sensitivity.command.js';
import { register as simulate } from './commands/simulate.command.js';
import { register as synthesize } from './commands/synthesize.command.js';
import type { Io } from './io.js';
import type { CommandContext, RegisterCommand } from './options.js';

/**
 * Adding a command: write `commands/<name>.ts` with the work (`<name>Command(options, io)`, importing the core
 * only from `../../index.js`) and `commands/<name>.command.ts` exporting `register: RegisterCommand`, which
 * declares the command, its options (shared ones from `options.ts`; numbers through `parseNumberOption`), help
 * with examples, and an action that `await import('./<name>.js')`s the work. Then add it to COMMANDS and
 * COMMAND_NAMES below and to COMMAND_BUNDLES in scripts/build.mjs. Why two files: this program and every
 * `register` load on every run (the one named runs; `spx --help` runs them all), but a command's work and its dependencies
 * load only when it runs, each from its own bundle, so `spx lint` never loads the simulator, the diff or the init
 * wizard.
 */
/** Every command, in the order `spx --help` lists them (tests walk it to find every command with a JSON format). */
export const COMMANDS: readonly RegisterCommand[] = [lint, rules, path, next, graph, route, init, diff, simulate, sensitivity, calibrate, synthesize, audit, forecast, exportPipeline, importPipeline, report];
/** The name each of COMMANDS registers, in the same order (a test keeps them in step). */
export const COMMAND_NAMES: readonly string[] = ['lint', 'rules', 'path', 'next', 'graph', 'route', 'init', 'diff', 'simulate', 'sensitivity', 'calibrate', 'synthesize', 'audit', 'forecast', 'export', 'import', 'report'];

/**
 * The width help wraps to: the terminal's, at least 80 (narrower, commander would stop wrapping and print its
 * longest lines whole); 100 when unknown or not a terminal (DEFAULT_COLUMNS of io.ts, not imported: it would load chalk).
 */
function helpWidth(columns: number | undefined): number {
  return columns !== undefined && Number.isFinite(columns) && columns > 0 ? Math.max(columns, 80) : 100;
}

/** Runs spx with `argv` (without node and script) and returns the exit code. Never throws. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = new Command('spx')
    .description('Sales process as code: lint, analyse and simulate sales processes written in YAML.')
    .version(io.version, '-v, --version', 'print the spx version')
    .option('--debug', 'print stack traces for unexpected errors')
    .showSuggestionAfterError(true)
    // Wrapping down to a 24-column description keeps spx --help's command list inside an 80-column terminal.
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, getOutHelpWidth: () => helpWidth(io.stdoutColumns), getErrHelpWidth: () => helpWidth(io.stderrColumns) })
    .configureHelp({ minWidthToWrap: 24 })
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
  $ spx simulate processes/enterprise.yaml   Monte Carlo: percentiles, funnel, bottlenecks
  $ spx diff --base origin/main             what changed, the semver bump it needs, its impact
  $ spx graph processes/smb.yaml            a Mermaid diagram (or --format dot)
  $ spx report processes/*.yaml -o report.html   one HTML page to send a client
  $ spx route --employees 250               which process applies to a prospect
  $ spx init                                scaffold your first process
  $ spx sensitivity processes/enterprise.yaml   which change buys the most win rate or cycle
  $ spx calibrate processes/smb.yaml deals.csv  is the process true? (a CRM export or event log)
  $ spx audit processes/smb.yaml deals.csv      open deals without a next step, overdue or stalled
  $ spx forecast processes/smb.yaml deals.csv   wins and bookings per month, with P10–P90
  $ spx export processes/smb.yaml --to hubspot   the pipeline, probabilities computed

Exit codes: 0 clean, 1 findings, 2 usage or fatal error.`,
    );

  // `--json` is an alias of `--format json` on every command that has it: map it once, here.
  program.hook('preAction', (_program, action) => {
    if (action.opts()['json']) action.setOptionValue('format', 'json');
  });

  const context: CommandContext = {
    io,
    exit(code) {
      exitCode = code;
    },
  };
  // Declaring every command (options, help) took a tenth of a short `spx lint`. A run that names its command first
  // needs only that one: its options, help and errors are the same. Anything else (`spx --help`, `spx help lint`, a
  // misspelt command, a global option first) gets them all.
  const named = COMMAND_NAMES.indexOf(argv[0] ?? '');
  for (const register of named === -1 ? COMMANDS : [COMMANDS[named]!]) register(program, context);

  // Commander's own usage errors get the same one-line shape, code and hint as every other fatal error.
  for (const command of [program, ...program.commands]) {
    const help = command === program ? 'spx --help' : `spx ${command.name()} --help`;
    command.configureOutput({ outputError: (text, write) => write(usageErrorLine(text, help)) });
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return await handleError(error, io, argv.includes('--debug'));
  }
}

/**
 * Maps anything thrown to an exit code and one line on stderr (a stack only with --debug). The library is imported
 * here, not at the top: `spx --version` and `spx --help` never load it.
 */
async function handleError(error: unknown, io: Io, debug: boolean): Promise<number> {
  if (error instanceof CommanderError) {
    // Commander has already printed help, the version or its usage error.
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
  }
  const { REPORT_HINT, SpxError } = await import('../index.js');
  // One line whatever the message holds (a rule's exception, git's stderr): scripts read stderr line by line.
  const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();
  if (error instanceof SpxError) {
    io.stderr(`spx: ${oneLine(error.message)} [${error.code}]\n`);
    if (debug) io.stderr(`${error.stack}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`spx: unexpected error: ${oneLine(message)}; ${REPORT_HINT} [E_INTERNAL]\n`);
  if (debug && error instanceof Error) io.stderr(`${error.stack}\n`);
  return 2;
}

/** `error: unknown option '--dels'\n(Did you mean --deals?)\n` → `spx: unknown option '--dels' (did you mean --deals?); see spx simulate --help [E_USAGE]`. */
function usageErrorLine(text: string, help: string): string {
  const [first = '', ...rest] = text.trim().replace(/^error: /, '').split('\n');
  const suggestion = rest.join(' ').trim().replace(/^\(Did you mean/, '(did you mean');
  const message = `${first}${suggestion ? ` ${suggestion}` : ''}`.replace(/\.$/, '');
  return `spx: ${message}; see ${help} [E_USAGE]\n`;
}
