/** Declares `spx sensitivity`; its work (commands/sensitivity.ts) loads when it runs. */
import { Option } from 'commander';
import { setOption, withReportOptions, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  withReportOptions(
    program
      .command('sensitivity')
      .description('what-if: the changes that raise the win rate or shorten won cycles most, seller capacity, the pipeline a target needs')
      .argument('<files...>', 'process files, directories or globs')
      .addOption(new Option('--by <criterion>', 'rank the changes by what they do to the win rate, the won cycle, or both').choices(['win-rate', 'cycle', 'both']).default('both'))
      .option('--top <n>', 'show the n best changes of each ranking (default: 10)')
      .option('--opportunities <n>', "new opportunities a month: adds each seller role's load in days a month")
      .option('--target <bookings>', 'plan the opportunities a month needed to book this much (needs --by-month)')
      .option('--by-month <YYYY-MM>', 'the month by whose end the --target bookings count')
      .option('--from-month <YYYY-MM>', 'the first month opportunities start (default: this month, from today)')
      .option('--deal-value <amount>', 'bookings of a won deal (default: metadata.dealValue)')
      .option('--deals <n>', 'deals simulated for the won-cycle lengths of --target (default: 200,000)')
      .option('--seed <n>', 'random seed of that simulation (default: 1)')
      .addOption(setOption()),
  )
    .addHelpText(
      'after',
      `
Each change is scored by the EXACT derivative of the win rate and of the expected cycle of won deals
(two adjoint solves of the same linear systems as spx path), extrapolated linearly to a step of
5 points of probability or 5 business days: "raise demo → trial by 5 points: win rate +1.8 points".
Raising a transition takes the probability from the step's lost transitions in proportion (or, with
none, from its other transitions), never from disqualified ones. Where deals end disqualified, the
win-rate ranking is by the qualified win rate (of the deals that are opportunities).
Large changes are not linear: check one with --set on spx path.

Examples:
  $ spx sensitivity processes/enterprise.yaml
  $ spx sensitivity processes/enterprise.yaml --by cycle --top 5
  $ spx sensitivity processes/enterprise.yaml --opportunities 40     seller days a month
  $ spx sensitivity processes/enterprise.yaml --target 2000000 --deal-value 120000 \\
      --by-month 2026-12
  $ spx sensitivity processes/smb.yaml --set steps.demo.next.trial.p=0.8 --json`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { sensitivityCommand } = await import('./sensitivity.js');
      exit(sensitivityCommand({ files, ...options } as unknown as Parameters<typeof sensitivityCommand>[0], io));
    });
};
