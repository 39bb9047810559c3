/** Declares `spx export`; its work (commands/export.ts) loads when it runs. */
import { Option } from 'commander';
import { configOption, noConfigLookupOption, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  program
    .command('export')
    .description("write the process's pipeline as a CRM deploys it: stage probabilities and rotting days computed from the process")
    .argument('<file>', 'the process file')
    .addOption(new Option('--to <crm>', 'the CRM').choices(['hubspot', 'salesforce', 'pipedrive']).makeOptionMandatory())
    .option('-o, --output <dir>', 'write the files into this directory (atomically); without it the JSON goes to stdout')
    .option('--force', 'replace files that exist')
    .addOption(configOption())
    .addOption(noConfigLookupOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx export processes/smb.yaml --to hubspot > smb.hubspot.json
  $ spx export processes/enterprise.yaml --to salesforce -o force-app/main/default
  $ spx export processes/mid-market.yaml --to pipedrive -o crm/

Probabilities: HubSpot 0.0–1.0 in steps of 0.1, Salesforce and Pipedrive whole percents. No network
calls: deploy the files with the CRM's own tools (see docs/crm-export.md).`,
    )
    .action(async (file: string, options: Record<string, unknown>) => {
      const { exportCommand } = await import('./export.js');
      exit(exportCommand({ file, ...options } as unknown as Parameters<typeof exportCommand>[0], io));
    });
};
