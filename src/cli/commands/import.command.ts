/** Declares `spx import`; its work (commands/import.ts) loads when it runs. */
import { Option } from 'commander';
import { colorOption, noColorOption, type RegisterCommand } from '../options.js';

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
    .option('--into <process>', 'read the pipeline back into this process file: stage names and probabilities updated, the rest kept')
    .option('--write', 'with --into: write the result into that process file (atomically)')
    .addOption(colorOption())
    .addOption(noColorOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx import pipelines.json --from hubspot --pipeline default -o processes/sales.yaml
  $ spx import force-app/main/default --from salesforce -o processes/enterprise.yaml
  $ spx import stages.json --from pipedrive --pipeline 1
  $ spx import pipelines.json --from hubspot --into processes/smb.yaml --write

Stages whose probability a chain of steps cannot reproduce are named on stderr and in the file.
With --into, stages renamed in the CRM are renamed in crm.stages, changed probabilities are
refitted, the version is raised as spx diff classifies the change, and stages added or removed in
the CRM are reported (exit 1).`,
    )
    .action(async (file: string, options: Record<string, unknown>) => {
      const { importCommand } = await import('./import.js');
      exit(importCommand({ file, ...options } as unknown as Parameters<typeof importCommand>[0], io));
    });
};
