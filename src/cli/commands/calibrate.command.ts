/** Declares `spx calibrate`; its work (commands/calibrate.ts, the deal-data readers) loads when it runs. */
import { dealFormatOption, colorOption, formatOption, jsonOption, noColorOption, withConfigOptions, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  withConfigOptions(
    program
      .command('calibrate')
      .description('compare a process with real deal histories from a CRM export, stage by stage')
      .argument('<process>', 'the process file')
      .argument('<data...>', 'deal-data files: an events CSV, HubSpot JSON/CSV, Salesforce CSVs or a Pipedrive export')
      .addOption(dealFormatOption())
      .option('--as-of <date>', 'ignore events from this date on; open visits are counted up to it (default: now)')
      .option('--min-sample <n>', 'observations a verdict or a fitted number needs (default: 30)')
      .addOption(formatOption(['text', 'json', 'markdown'], 'text'))
      .addOption(jsonOption())
      .option('--write', 'write the fitted probabilities and durations into the process file (raises its patch version)')
      .option('--strict', 'exit 1 when the data disagrees with the process or has records spx could not use'),
  )
    .addOption(colorOption())
    .addOption(noColorOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx calibrate processes/smb.yaml deals.csv
  $ spx calibrate processes/enterprise.yaml hubspot-deals.json --as-of 2026-12-01
  $ spx calibrate processes/mid-market.yaml OpportunityHistory.csv Opportunity.csv --format markdown
  $ spx calibrate processes/smb.yaml deals.csv --write     fit p and durations (30+ visits)

Verdicts: ok (the prediction is inside the 95% interval), differs, too few (fewer than
--min-sample).`,
    )
    .action(async (processFile: string, data: string[], options: Record<string, unknown>) => {
      const { calibrateCommand } = await import('./calibrate.js');
      exit(await calibrateCommand({ process: processFile, data, ...options } as unknown as Parameters<typeof calibrateCommand>[0], io));
    });
};
