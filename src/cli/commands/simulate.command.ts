/** Declares `spx simulate`; its work (commands/simulate.ts, the simulator) loads when it runs. */
import { setOption, withReportOptions, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  withReportOptions(
    program
      .command('simulate')
      .description('Monte Carlo deals through a process: win rate, cycle percentiles, funnel, bottlenecks, close dates')
      .argument('<files...>', 'process files, directories or globs')
      .option('--deals <n>', 'deals to simulate, 1 to 100000000 (default: 1000000)')
      .option('--seed <n>', 'random seed, a whole number ≥ 0: the same seed gives the same numbers (default: 1)')
      .option(
        '--workers <n>',
        'simulation threads (this one and n − 1 workers), 1 to 64 (default: 1 below 2,000,000 deals, else the CPU cores, at most 8); results do not depend on it',
      )
      .option('--step-cap <n>', 'step visits after which a deal counts as stuck (a runaway loop), 1 to 1000000 (default: 10000)')
      .option('--from <step>', 'simulate deals already in flight at this step')
      .option('--start-date <date>', 'also give close dates: business days on the process calendar from this date (YYYY-MM-DD, today, yesterday or tomorrow)')
      .option('--percentiles <list>', 'won-cycle percentiles to show instead of 50,80,90,95, e.g. 10,25,50,90'),
  )
    .addOption(setOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx simulate processes/enterprise.yaml
  $ spx simulate processes/enterprise.yaml --deals 10000000 --seed 42 --json
  $ spx simulate processes/enterprise.yaml --from reviews --start-date 2026-12-01
  $ spx simulate processes/smb.yaml --percentiles 10,25,50,90
  $ spx simulate processes/enterprise.yaml --set steps.reviews.parallel.security.duration.likely=15`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { simulateCommand } = await import('./simulate.js');
      exit(await simulateCommand({ files, ...options } as unknown as Parameters<typeof simulateCommand>[0], io));
    });
};
