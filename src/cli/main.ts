/** The commander program: parses arguments and dispatches to lazily imported commands; nothing else. */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { REPORT_HINT, SpxError } from '../model/errors.js';
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
  $ spx simulate processes/enterprise.yaml   Monte Carlo: percentiles, funnel, bottlenecks
  $ spx audit processes/smb.yaml deals.csv  open deals without a next step, overdue or stalled
  $ spx forecast processes/smb.yaml deals.csv  wins and bookings per month, with P10–P90
  $ spx diff --base origin/main             what changed, the semver bump it needs, its impact
  $ spx graph processes/smb.yaml            a Mermaid diagram (or --format dot)
  $ spx route --employees 250               which process applies to a prospect
  $ spx init                                scaffold your first process

Exit codes: 0 clean, 1 findings, 2 usage or fatal error.`,
    );

  // `--json` is an alias of `--format json` on every command that has it: map it once, here.
  program.hook('preAction', (_program, action) => {
    if (action.opts()['json']) action.setOptionValue('format', 'json');
  });

  const formatOption = (choices: readonly string[], fallback: string) =>
    new Option('-f, --format <format>', 'output format').choices(choices).default(fallback);
  const configOption = () => new Option('-c, --config <file>', 'config file (default: spx.config.yaml found upward)');
  const jsonOption = () => new Option('--json', 'same as --format json');
  const colorOption = () => new Option('--color', 'force colours');
  const noColorOption = () => new Option('--no-color', 'disable colours');
  /** What every command that analyses processes and reports as text or JSON takes: --format, --json, --config, colours. */
  const withReportOptions = (command: Command): Command =>
    command
      .addOption(formatOption(['text', 'json'], 'text'))
      .addOption(jsonOption())
      .addOption(configOption())
      .addOption(colorOption())
      .addOption(noColorOption());
  const byOption = () => new Option('--by <criterion>', 'minimise steps (engagements) or expected time').choices(['steps', 'time']).default('steps');

  program
    .command('lint')
    .description('check process files against the format and the lint rules')
    .argument('[paths...]', 'files, directories or globs (default: ./processes, else the bundled processes)')
    .addOption(formatOption(['stylish', 'json', 'sarif', 'github', 'junit'], 'stylish'))
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings', integerAtLeast(0))
    .option('--quiet', 'report errors only')
    .option('--base <rev>', 'also check each file against its version at this git revision (version-not-bumped)')
    .option('-c, --config <file>', 'config file (default: spx.config.yaml found upward from the working directory)')
    .option('--no-config-lookup', 'do not look for spx.config.yaml')
    .option('-o, --output-file <file>', 'write the report to a file (atomically) instead of stdout')
    .addOption(colorOption())
    .addOption(noColorOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx lint                                  ./processes, or the bundled processes
  $ spx lint processes/smb.yaml "teams/**/*.yaml"
  $ spx lint --format github                  annotations in GitHub Actions
  $ spx lint --format sarif -o spx.sarif      for code scanning
  $ spx lint --max-warnings 0                 fail on warnings too
  $ spx lint --base origin/main               versions raised enough since origin/main

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

  withReportOptions(
    program
      .command('path')
      .description('the minimal step path to won and the exact win rate and cycle lengths')
      .argument('<files...>', 'process files, directories or globs')
      .addOption(byOption())
  )
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
      exitCode = pathCommand({ files, ...options } as unknown as Parameters<typeof pathCommand>[0], io);
    });

  withReportOptions(
    program
      .command('next')
      .description('the proactive next step for a deal in flight, who to involve, and when')
      .argument('<file>', 'the process file')
      .requiredOption('--at <step>', 'the step the deal is at (in progress or just held)')
      .option('--involved <roles>', 'buyer roles that have taken part so far, comma-separated')
      .option('--completed <steps>', 'steps already done, comma-separated')
      .option('--date <YYYY-MM-DD>', 'the date the step at --at ends (default: today)')
      .addOption(byOption())
  )
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
      exitCode = nextCommand({ file, ...options } as unknown as Parameters<typeof nextCommand>[0], io);
    });

  program
    .command('graph')
    .description('draw a process as a Mermaid or Graphviz DOT diagram')
    .argument('<file>', 'the process file')
    .addOption(formatOption(['mermaid', 'dot'], 'mermaid'))
    .addOption(new Option('--highlight <what>', 'highlight the minimal step path to won').choices(['minimal-path']))
    .option('-o, --output <file>', 'write the diagram to a file (atomically) instead of stdout')
    .option('--force', 'replace the -o file if it exists')
    .addOption(configOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx graph processes/smb.yaml                      Mermaid, for markdown
  $ spx graph processes/enterprise.yaml --format dot --highlight minimal-path | dot -Tsvg > enterprise.svg
  $ spx graph processes/mid-market.yaml -o docs/mid-market.mmd --force`,
    )
    .action(async (file: string, options: Record<string, unknown>) => {
      const { graphCommand } = await import('./commands/graph.js');
      exitCode = graphCommand({ file, ...options } as unknown as Parameters<typeof graphCommand>[0], io);
    });

  withReportOptions(
    program
      .command('route')
      .description('which process applies to a prospect, by appliesTo, and why')
      .argument('[dir]', 'processes to choose from: a directory, file or glob (default: ./processes, else the bundled processes)')
      .option('--employees <n>', "the prospect's head count (a whole number)")
      .option('--arr <amount>', "the deal's expected annual contract value")
      .option('--industry <id>', "the prospect's industry id, e.g. healthcare")
      .option('--region <id>', "the prospect's region id, e.g. emea")
  )
    .addHelpText(
      'after',
      `
Examples:
  $ spx route --employees 10                          the SMB process
  $ spx route --employees 5000 --industry healthcare processes/
  $ spx route --employees 250 --arr 60000 --region emea --json

Exit codes: 0 exactly one process applies, 1 none or several (listed, with why), 2 usage or fatal error.`,
    )
    .action(async (dir: string | undefined, options: Record<string, unknown>) => {
      const { routeCommand } = await import('./commands/route.js');
      exitCode = routeCommand({ dir, ...options } as unknown as Parameters<typeof routeCommand>[0], io);
    });

  program
    .command('init')
    .description('scaffold a first sales process: asks a few questions (or reads flags) and writes processes/, spx.config.yaml and CI')
    .option('--company <name>', 'company name, for the process titles (default: the directory name)')
    .option('--segment <list>', 'segments to scaffold, comma-separated: smb, mid-market, enterprise')
    .option('--roles <list>', 'buyer roles involved: owner, champion, economic-buyer, users, it, security, legal, procurement, finance')
    .option('--decision-maker <role>', 'the buyer role who decides and signs')
    .option('--trial', 'there is a free trial (SMB) or a pilot (mid-market, enterprise)')
    .option('--no-trial', 'no trial or pilot')
    .option('--security-review', 'the buyer runs a security review')
    .option('--no-security-review', 'no security review')
    .option('--procurement', 'procurement takes part (vendor setup, terms)')
    .option('--no-procurement', 'no procurement step')
    .option('--legal', "the buyer's legal team reviews the contract")
    .option('--no-legal', 'no legal review')
    .option('--deal-size <n>', 'typical deal size a year: a number, or per segment (smb=5000,enterprise=100000)')
    .option('--cycle-days <n>', 'target cycle in business days: a number, auto (the model + 10%), or per segment (smb=20,enterprise=auto)')
    .option('--workdays <list>', 'workdays, comma-separated (default mon,tue,wed,thu,fri)')
    .option('--holidays <list>', 'holidays as YYYY-MM-DD, comma-separated, or none')
    .addOption(new Option('--ci <provider>', 'also write a CI workflow that runs spx lint').choices(['github', 'none']))
    .option('-y, --yes', 'take the default for every answer not given; never ask')
    .option('--dir <dir>', 'where to write (default: the working directory)')
    .option('--force', 'replace existing files, keeping each old one as FILE.bak')
    .option('--dry-run', 'print the files instead of writing them')
    .addHelpText(
      'after',
      `
Examples:
  $ spx init                                  answer a few questions
  $ spx init --yes --segment smb --company Acme
  $ spx init --yes --segment smb,mid-market,enterprise --company Acme --ci github
  $ spx init --yes --segment enterprise --no-legal --cycle-days 90 --dry-run

Without a terminal (CI, pipes) every answer must come from a flag, or --yes takes the defaults.
Existing files are never overwritten without --force. Ctrl-C exits 130 having written nothing.`,
    )
    .action(async (options: Record<string, unknown>) => {
      const { initCommand } = await import('./commands/init.js');
      exitCode = await initCommand(options as Parameters<typeof initCommand>[0], io);
    });

  program
    .command('calibrate')
    .description('compare a process with real deal histories from a CRM export, stage by stage')
    .argument('<process>', 'the process file')
    .argument('<data...>', 'deal-data files: an events CSV, HubSpot JSON/CSV, Salesforce CSVs or a Pipedrive export')
    .addOption(new Option('--from <format>', 'the data format (default: detected from each file)').choices(['events', 'hubspot', 'salesforce', 'pipedrive']))
    .option('--as-of <date>', 'ignore events from this date on; open visits are counted up to it (default: now)')
    .option('--min-sample <n>', 'observations a verdict or a fitted number needs', integerAtLeast(1), 30)
    .addOption(formatOption(['text', 'json', 'markdown'], 'text'))
    .addOption(jsonOption())
    .option('--write', 'write the fitted probabilities and durations into the process file (raises its patch version)')
    .option('--strict', 'exit 1 when the data disagrees with the process or has records spx could not use')
    .addOption(configOption())
    .option('--no-config-lookup', 'do not look for spx.config.yaml')
    .addOption(colorOption())
    .addOption(noColorOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx calibrate processes/smb.yaml deals.csv
  $ spx calibrate processes/enterprise.yaml hubspot-deals.json --as-of 2026-12-01
  $ spx calibrate processes/mid-market.yaml OpportunityHistory.csv Opportunity.csv --format markdown
  $ spx calibrate processes/smb.yaml deals.csv --write     fit p and durations (stages with 30+ visits)

Verdicts: ok (the prediction is inside the 95% interval), differs, too few (fewer than --min-sample).`,
    )
    .action(async (processFile: string, data: string[], options: Record<string, unknown>) => {
      const { calibrateCommand } = await import('./commands/calibrate.js');
      exitCode = await calibrateCommand({ process: processFile, data, ...options } as unknown as Parameters<typeof calibrateCommand>[0], io);
    });

  program
    .command('audit')
    .description('which open deals need attention today: no next step, overdue, stalled, gates skipped — and what to do')
    .argument('<files...>', 'process files (YAML declaring apiVersion: spx/v1) and deal-data files, in any order')
    .addOption(new Option('--from <format>', 'the data format (default: detected from each file)').choices(['events', 'hubspot', 'salesforce', 'pipedrive']))
    .option('--as-of <date>', "the audit's today: events from then on are ignored (default: now)")
    .option('--stall-quantile <q>', "stalled: longer in a stage than this quantile of the process's time in it", fraction, 0.9)
    .option('--seed <n>', 'seed of the stage-time simulation where no closed form exists', integerAtLeast(0), 1)
    .addOption(formatOption(['text', 'json', 'csv', 'markdown'], 'text'))
    .addOption(jsonOption())
    .option('--fail-on <findings>', 'exit 1 when any of these findings exists, comma-separated (e.g. no-next-step,next-step-overdue)')
    .option('-o, --output-file <file>', 'write the report to a file (atomically) instead of stdout')
    .addOption(configOption())
    .option('--no-config-lookup', 'do not look for spx.config.yaml')
    .addOption(colorOption())
    .addOption(noColorOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx audit processes/smb.yaml deals.csv
  $ spx audit processes/*.yaml hubspot-deals.json --as-of 2026-12-01 --format markdown
  $ spx audit processes/smb.yaml deals.csv --format csv -o tasks.csv     one row per finding, for a CRM task import
  $ spx audit processes/smb.yaml deals.csv --fail-on no-next-step,next-step-overdue

Findings: ${['unknown-stage', 'off-process', 'gate-not-met', 'no-next-step', 'next-step-overdue', 'stalled', 'next-step-late'].join(', ')}.
Exit codes: 0 audited (and --fail-on not triggered), 1 --fail-on triggered, 2 usage or fatal error.`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { auditCommand } = await import('./commands/audit.js');
      exitCode = await auditCommand({ files, ...options } as unknown as Parameters<typeof auditCommand>[0], io);
    });

  program
    .command('forecast')
    .description('what the open pipeline will bring: win probability and close date per deal, wins and bookings per month')
    .argument('<files...>', 'process files (YAML declaring apiVersion: spx/v1) and deal-data files, in any order')
    .addOption(new Option('--from <format>', 'the data format (default: detected from each file)').choices(['events', 'hubspot', 'salesforce', 'pipedrive']))
    .option('--as-of <date>', "the forecast's today: events from then on are ignored (default: now)")
    .option('--months <n>', 'calendar months to forecast, from the as-of month (later closes are summed as "later")', integerAtLeast(1), 6)
    .option('--seed <n>', 'random seed: the same seed gives the same bands', integerAtLeast(0), 1)
    .option('--runs-per-deal <k>', 'simulated futures of every open deal', integerAtLeast(1), 1000)
    .addOption(new Option('--deals-per-deal <k>', 'same as --runs-per-deal').argParser(integerAtLeast(1)).hideHelp())
    .option('--workers <n>', 'simulation threads (this one and n − 1 workers); the output does not depend on it', integerAtLeast(1), 1)
    .addOption(formatOption(['text', 'json'], 'text'))
    .addOption(jsonOption())
    .addOption(configOption())
    .option('--no-config-lookup', 'do not look for spx.config.yaml')
    .addOption(colorOption())
    .addOption(noColorOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx forecast processes/smb.yaml deals.csv
  $ spx forecast processes/*.yaml hubspot-deals.json --as-of 2026-12-01 --months 3
  $ spx forecast processes/smb.yaml deals.csv --seed 7 --runs-per-deal 5000 --json

Expected wins and bookings are exact (Σ win probability, Σ amount × win probability); P10–P90 bands come from a
seeded simulation of every open deal from its stage. Amounts are never summed across currencies.`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { forecastCommand } = await import('./commands/forecast.js');
      exitCode = await forecastCommand({ files, ...options } as unknown as Parameters<typeof forecastCommand>[0], io);
    });

  program
    .command('diff')
    .description('what changed between two versions of a process, the semver bump it needs, and its impact')
    .argument('[files...]', 'OLD NEW; with --base, files or directories to compare with REV (default: everything changed under .)')
    .option('--base <rev>', 'compare with this git revision (a branch, tag or commit, e.g. origin/main)')
    .addOption(formatOption(['text', 'markdown', 'json', 'github'], 'text'))
    .addOption(jsonOption())
    .addOption(new Option('--fail-on <level>', 'exit 1 when a change needs this bump or more, or (bump) when a version was not raised enough').choices(['major', 'minor', 'patch', 'bump']))
    .option('-c, --config <file>', 'config file used when checking both versions (default: spx.config.yaml found upward)')
    .option('--no-config-lookup', 'do not look for spx.config.yaml')
    .addOption(colorOption())
    .addOption(noColorOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx diff processes/enterprise.yaml processes/enterprise-v2.yaml
  $ spx diff processes/enterprise.yaml --base origin/main
  $ spx diff --base origin/main                       every process changed since origin/main
  $ spx diff --base origin/main --format markdown > comment.md
  $ spx diff --base HEAD~1 --fail-on bump             exit 1 when a version was not raised enough

Exit codes: 0 compared (and --fail-on not triggered), 1 --fail-on triggered, 2 usage or fatal error.`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { diffCommand } = await import('./commands/diff.js');
      exitCode = diffCommand({ files, ...options } as unknown as Parameters<typeof diffCommand>[0], io);
    });

  withReportOptions(
    program
      .command('simulate')
      .description('Monte Carlo deals through a process: win rate, cycle percentiles, funnel, bottlenecks, close dates')
      .argument('<files...>', 'process files, directories or globs')
      .option('--deals <n>', 'deals to simulate, 1 to 100,000,000 (default: 1,000,000)')
      .option('--seed <n>', 'random seed, a whole number ≥ 0: the same seed gives the same numbers (default: 1)')
      .option('--workers <n>', 'simulation threads (this one and n − 1 workers), 1 to 64 (default: 1 below 2,000,000 deals, else the CPU cores, at most 8); results do not depend on it')
      .option('--step-cap <n>', 'step visits after which a deal counts as stuck (a runaway loop), 1 to 1,000,000 (default: 10,000)')
      .option('--from <step>', 'simulate deals already in flight at this step')
      .option('--start-date <YYYY-MM-DD>', 'also give close dates: business days on the process calendar from this date')
  )
    .addHelpText('after', `
Examples:
  $ spx simulate processes/enterprise.yaml
  $ spx simulate processes/enterprise.yaml --deals 10000000 --seed 42 --json
  $ spx simulate processes/enterprise.yaml --from reviews --start-date 2026-12-01`)
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { simulateCommand } = await import('./commands/simulate.js');
      exitCode = await simulateCommand({ files, ...options } as unknown as Parameters<typeof simulateCommand>[0], io);
    });

  // Commander's own usage errors get the same one-line shape, code and hint as every other fatal error.
  for (const command of [program, ...program.commands]) {
    const help = command === program ? 'spx --help' : `spx ${command.name()} --help`;
    command.configureOutput({ outputError: (text, write) => write(usageErrorLine(text, help)) });
  }

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

/** A number strictly between 0 and 1. */
function fraction(value: string): number {
  const q = Number(value);
  if (value.trim() === '' || !(q > 0 && q < 1)) throw new InvalidArgumentError('expected a number between 0 and 1, e.g. 0.9');
  return q;
}

function integerAtLeast(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return n;
  };
}
