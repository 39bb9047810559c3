/** Declares `spx init`; its work (commands/init.ts, and the wizard with its prompt library) loads when it runs. */
import { Option } from 'commander';
import type { RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  program
    .command('init')
    .description('scaffold a first sales process: asks a few questions (or reads flags) and writes processes/, spx.config.yaml and CI')
    .option('--company <name>', 'company name, for the process titles (default: the directory name)')
    .option('--segment <list>', 'segments to scaffold, comma-separated: smb, mid-market, enterprise')
    .option('--template <list>', 'sales motions to scaffold, comma-separated: meddpicc (enterprise), plg (product-led SMB), partner (partner-sourced mid-market)')
    .option('--roles <list>', 'buyer roles involved: owner, champion, economic-buyer, users, it, security, legal, procurement, finance')
    .option('--decision-maker <role>', 'the buyer role who decides and signs')
    .option('--trial', 'there is a free trial (SMB) or a pilot (mid-market, enterprise)')
    .option('--no-trial', 'no trial or pilot')
    .option('--security-review', 'the buyer runs a security review')
    .option('--no-security-review', 'no security review')
    .option('--procurement', 'procurement takes part (vendor setup, terms)')
    .option('--no-procurement', 'no procurement step')
    .option('--legal', "the buyer's legal team reviews the contract")
    .option('--no-legal', 'no legal review')
    .option('--deal-size <n>', 'typical deal size a year: a number (6000, 6,000, 6k, $6,000), or per segment or template (smb=5k,enterprise=100k)')
    .option('--cycle-days <n>', 'target cycle in business days, kept as given: a number, auto (the model + 10%), or per segment or template (smb=20,meddpicc=auto)')
    .option('--workdays <list>', 'workdays, comma-separated (default mon,tue,wed,thu,fri)')
    .option('--holidays <list>', 'holidays as YYYY-MM-DD (or MM-DD for every year), comma-separated, or none')
    .addOption(new Option('--ci <provider>', 'also write a CI workflow that runs spx lint').choices(['github', 'none']))
    .option('-y, --yes', 'take the default for every answer not given; never ask')
    .option('--dir <dir>', 'where to write (default: the working directory)')
    .option('--force', 'replace existing files, keeping each old one as FILE.bak')
    .option('--dry-run', 'print the files instead of writing them')
    .addHelpText(
      'after',
      `
Examples:
  $ spx init                                  answer a few questions
  $ spx init --yes --segment smb --company Acme
  $ spx init --yes --segment smb,mid-market,enterprise --company Acme --ci github
  $ spx init --yes --segment enterprise --no-legal --cycle-days 90 --dry-run
  $ spx init --yes --template meddpicc,plg,partner --company Acme --deal-size meddpicc=150k,plg=6k

Without a terminal (CI, pipes) every answer must come from a flag, or --yes takes the defaults.
Existing files are never overwritten without --force. Ctrl-C exits 130 having written nothing.`,
    )
    .action(async (options: Record<string, unknown>) => {
      const { initCommand } = await import('./init.js');
      exit(await initCommand(options as Parameters<typeof initCommand>[0], io));
    });
};
