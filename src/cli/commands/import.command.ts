/** Declares `spx import`; its work (commands/import.ts) loads when it runs. */
import { Option } from 'commander';
import { type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  program
    .command('import')
    .description("turn a CRM pipeline into a starter process: one step per stage, probabilities fitted to the CRM's")
    .argument('<file>', 'the pipeline: a JSON payload or API response (HubSpot, Pipedrive), or Salesforce metadata (a file or a source directory)')
    .addOption(new Option('--from <crm>', 'the CRM').choices(['hubspot', 'salesforce', 'pipedrive']).makeOptionMandatory())
    .option('-o, --output <file>', 'write the process to this file (atomically) instead of stdout')
    .option('--force', 'replace the -o file if it exists')
    .option('--pipeline <id>', 'the pipeline (id or label; Salesforce: business process) when the file holds several')
    .option('--name <name>', 'the process name (default: the -o file name, else the pipeline name)')
    .addHelpText(
      'after',
      `
Examples:
  $ spx import pipelines.json --from hubspot --pipeline default -o processes/sales.yaml
  $ spx import force-app/main/default --from salesforce -o processes/enterprise.yaml
  $ spx import stages.json --from pipedrive --pipeline 1

Stages whose probability a chain of steps cannot reproduce are named on stderr and in the file.`,
    )
    .action(async (file: string, options: Record<string, unknown>) => {
      const { importCommand } = await import('./import.js');
      exit(importCommand({ file, ...options } as unknown as Parameters<typeof importCommand>[0], io));
    });
};
