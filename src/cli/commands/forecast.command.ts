/** Declares `spx forecast`; its work (commands/forecast.ts) loads when it runs. */
import { Option } from 'commander';
import { dealFormatOption, wholeNumberArg, withReportOptions, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  withReportOptions(
    program
      .command('forecast')
      .description('what the open pipeline will bring: win probability and close date per deal, wins and bookings per month')
      .argument('<files...>', 'process files (YAML declaring apiVersion: spx/v1) and deal-data files, in any order')
      .addOption(dealFormatOption())
      .option('--as-of <date>', "the forecast's today: events from then on are ignored (default: now)")
      .option('--months <n>', 'calendar months to forecast, from the as-of month (later closes are summed as "later")', wholeNumberArg(1), 6)
      .option('--seed <n>', 'random seed: the same seed gives the same bands', wholeNumberArg(0), 1)
      .option('--runs-per-deal <k>', 'simulated futures of every open deal', wholeNumberArg(1), 1000)
      .addOption(new Option('--deals-per-deal <k>', 'same as --runs-per-deal').argParser(wholeNumberArg(1)).hideHelp())
      .option('--workers <n>', 'simulation threads: this one and up to n − 1 workers (fewer for a small job); the output does not depend on it', wholeNumberArg(1), 1)
      .option('-o, --output-file <file>', 'write the report to a file (atomically) instead of stdout')
      .option('--force', 'replace the -o file if it exists'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ spx forecast processes/smb.yaml deals.csv
  $ spx forecast processes/*.yaml hubspot-deals.json --as-of 2026-12-01 --months 3
  $ spx forecast processes/smb.yaml deals.csv --seed 7 --runs-per-deal 5000 --json
  $ spx forecast processes/smb.yaml deals.csv --json -o forecast.json

Expected wins and bookings are exact (Σ win probability, Σ amount × win probability); P10–P90
bands come from a seeded simulation of every open deal from its stage. Amounts are never summed
across currencies.`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { forecastCommand } = await import('./forecast.js');
      exit(await forecastCommand({ files, ...options } as unknown as Parameters<typeof forecastCommand>[0], io));
    });
};
