/** Declares `spx audit`; its work (commands/audit.ts) loads when it runs. */
import { dealFormatOption, wholeNumberArg, fractionArg, formatOption, jsonOption, configOption, noConfigLookupOption, colorOption, noColorOption, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  program
    .command('audit')
    .description('which open deals need attention today: no next step, overdue, stalled, gates skipped — and what to do')
    .argument('<files...>', 'process files (YAML declaring apiVersion: spx/v1) and deal-data files, in any order')
    .addOption(dealFormatOption())
    .option('--as-of <date>', "the audit's today: events from then on are ignored (default: now)")
    .option('--stall-quantile <q>', "stalled: longer in a stage than this quantile of the process's time in it", fractionArg, 0.9)
    .option('--seed <n>', 'seed of the stage-time simulation where no closed form exists', wholeNumberArg(0), 1)
    .addOption(formatOption(['text', 'json', 'csv', 'markdown'], 'text'))
    .addOption(jsonOption())
    .option('--fail-on <findings>', 'exit 1 when any of these findings exists, comma-separated (e.g. no-next-step,next-step-overdue)')
    .option('-o, --output-file <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--force', 'replace the -o file if it exists')
    .addOption(configOption())
    .addOption(noConfigLookupOption())
    .addOption(colorOption())
    .addOption(noColorOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx audit processes/smb.yaml deals.csv
  $ spx audit processes/*.yaml hubspot-deals.json --as-of 2026-12-01 --format markdown
  $ spx audit processes/smb.yaml deals.csv --format csv -o tasks.csv   a row per finding: CRM tasks
  $ spx audit processes/smb.yaml deals.csv --fail-on no-next-step,next-step-overdue

Findings:
  ${['unknown-stage', 'off-process', 'gate-not-met', 'no-next-step', 'next-step-overdue', 'stalled', 'next-step-late'].join(', ')}
Exit codes: 0 audited (and --fail-on not triggered), 1 --fail-on triggered, 2 usage or fatal error.`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { auditCommand } = await import('./audit.js');
      exit(await auditCommand({ files, ...options } as unknown as Parameters<typeof auditCommand>[0], io));
    });
};
