/** Declares `spx next`; its work (commands/next.ts) loads when it runs. */
import { setOption, byOption, withReportOptions, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  withReportOptions(
    program
      .command('next')
      .description('the proactive next step for a deal in flight, who to involve, and when')
      .argument('<file>', 'the process file')
      .requiredOption('--at <step>', 'the step the deal is at (in progress or just held)')
      .option('--involved <roles>', 'buyer roles that have taken part so far, comma-separated')
      .option('--completed <steps>', 'steps already done, comma-separated')
      .option('--date <date>', "the date the step at --at ends: YYYY-MM-DD, today, yesterday or tomorrow (default: today, in the calendar's time zone)")
      .addOption(byOption()),
  )
    .addOption(setOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx next processes/enterprise.yaml --at discovery
  $ spx next processes/enterprise.yaml --at solution-demos --involved champion,users \\
      --completed discovery --date 2026-12-01
  $ spx next processes/smb.yaml --at demo --json`,
    )
    .action(async (file: string, options: Record<string, unknown>) => {
      const { nextCommand } = await import('./next.js');
      exit(nextCommand({ file, ...options } as unknown as Parameters<typeof nextCommand>[0], io));
    });
};
