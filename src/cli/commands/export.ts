/** `spx export`: the process's pipeline in the format a CRM's own tools deploy (HubSpot, Salesforce, Pipedrive); never a network call. */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { exportPipeline, SpxError, type CrmVendor } from '../../index.js';
import type { Io } from '../io.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';
import { refuseNoName, writeFileAtomic } from '../write-file.js';

export interface ExportOptions {
  readonly file: string;
  readonly to: CrmVendor;
  /** Directory to write the files into; without it the single JSON file goes to stdout. */
  readonly output?: string;
  /** Replace existing files. */
  readonly force?: boolean;
  readonly config?: string;
  readonly configLookup?: boolean;
}

export function exportCommand(options: ExportOptions, io: Io): number {
  if (options.to === 'salesforce' && options.output === undefined) {
    throw new SpxError('E_USAGE', 'Salesforce metadata is two files: name the directory to write them into with -o (e.g. -o force-app/main/default)');
  }
  const processes = loadValidProcesses([options.file], io, loadConfig(io, options));
  if (processes.length !== 1) throw new SpxError('E_USAGE', `${options.file} holds ${processes.length} process files: name one file to export`);
  // Every vendor limit is checked here, before anything is written.
  const files = exportPipeline(processes[0]!.process, options.to);
  if (options.output === undefined) {
    io.stdout(files[0]!.contents);
    return 0;
  }

  refuseNoName(options.output, 'directory');
  const dir = resolve(io.cwd, options.output);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new SpxError('E_USAGE', `${options.output} is a file: -o takes a directory`);
  const targets = files.map((file) => ({ ...file, absolute: join(dir, file.path), shown: join(options.output!, file.path) }));
  const existing = targets.filter((target) => existsSync(target.absolute));
  if (existing.length > 0 && !options.force) {
    throw new SpxError('E_FILE_EXISTS', `${existing.map((target) => target.shown).join(', ')} already exist${existing.length === 1 ? 's' : ''}: pass --force to replace, or choose another -o directory`);
  }
  for (const target of targets) {
    try {
      mkdirSync(dirname(target.absolute), { recursive: true });
    } catch (error) {
      throw new SpxError('E_WRITE', `${relative(io.cwd, dirname(target.absolute)) || '.'}: cannot create the directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    writeFileAtomic(target.absolute, target.contents);
    io.stdout(`${target.shown}\n`);
  }
  return 0;
}
