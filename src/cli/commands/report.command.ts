/** Declares `spx report`; its work (commands/report.ts) loads when it runs. */
import { configOption, noConfigLookupOption, setOption, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  program
    .command('report')
    .description('one self-contained HTML page: diagram, exact numbers, simulated cycle, funnel, bottlenecks, findings')
    .argument('<files...>', 'process files, directories or globs')
    .option('--deals <n>', 'deals to simulate per process, 1 to 100,000,000 (default: 1,000,000)')
    .option('--seed <n>', 'random seed, a whole number ≥ 0: the same seed gives the same report (default: 1)')
    .option('-o, --output <file>', 'write the page to a file (atomically) instead of stdout')
    .option('--force', 'replace the -o file if it exists')
    .addOption(configOption())
    .addOption(noConfigLookupOption())
    .option('--history <data...>', 'also compare each process with real deal histories (files as spx calibrate reads them)')
    .option('--as-of <date>', 'with --history: ignore events from this date on (default: the report time)')
    .addOption(setOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx report processes/enterprise.yaml -o enterprise.html
  $ spx report processes/enterprise.yaml -o enterprise.html --history deals.csv --as-of 2026-12-01
  $ spx report processes/*.yaml --deals 100000 --seed 7 -o report.html --force
  $ spx report processes/smb.yaml --set steps.demo.next.trial.p=0.8 -o what-if.html   a what-if
  $ SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) spx report processes/ -o report.html   same bytes

The page needs no network and no JavaScript: send it by email, print it, or open it offline.`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { reportCommand } = await import('./report.js');
      exit(await reportCommand({ files, ...options } as unknown as Parameters<typeof reportCommand>[0], io));
    });
};
