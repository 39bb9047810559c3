/** Declares `spx route`; its work (commands/route.ts) loads when it runs. */
import { withReportOptions, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  withReportOptions(
    program
      .command('route')
      .description('which process applies to a prospect, by appliesTo, and why')
      .argument('[paths...]', 'processes to choose from: directories, files or globs (default: ./processes, else the bundled processes)')
      .option('--employees <n>', "the prospect's head count (a whole number)")
      .option('--arr <amount>', "the deal's expected annual contract value")
      .option('--industry <id>', "the prospect's industry id, e.g. healthcare")
      .option('--region <id>', "the prospect's region id, e.g. emea")
      .option('--source <id>', 'the lead source or sales motion id, e.g. partner, inbound, product-led'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ spx route --employees 10                          the SMB process
  $ spx route --employees 5000 --industry healthcare processes/
  $ spx route --employees 250 --arr 60000 --region emea --json
  $ spx route processes/ examples/partner-mid-market.yaml --employees 300 --source partner

Exit codes: 0 exactly one process applies, 1 none or several (listed, with why), 2 usage or fatal
error.`,
    )
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const { routeCommand } = await import('./route.js');
      exit(routeCommand({ paths, ...options } as unknown as Parameters<typeof routeCommand>[0], io));
    });
};
