/** `spx import`: a CRM pipeline (a deploy payload or an API read response) as a starter process file; never a network call. */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { importPipeline, SpxError, type CrmVendor } from '../../index.js';
import { readRegularFile } from '../files.js';
import type { Io } from '../io.js';
import { writeFileAtomic } from '../write-file.js';

export interface ImportCommandOptions {
  readonly file: string;
  readonly from: CrmVendor;
  /** The process file to write; stdout without it. */
  readonly output?: string;
  readonly force?: boolean;
  /** The pipeline (id or label; Salesforce: the business process name) when the file holds several. */
  readonly pipeline?: string;
  /** The process name (default: from -o, else the pipeline's). */
  readonly name?: string;
}

const VALUE_SET = 'standardValueSets/OpportunityStage.standardValueSet-meta.xml';
const BUSINESS_PROCESSES = 'objects/Opportunity/businessProcesses';
const BUSINESS_PROCESS_SUFFIX = '.businessProcess-meta.xml';

export function importCommand(options: ImportCommandOptions, io: Io): number {
  const target = options.output === undefined ? undefined : resolve(io.cwd, options.output);
  if (target !== undefined && !options.force && existsSync(target)) {
    throw new SpxError('E_FILE_EXISTS', `${options.output} already exists: pass --force to replace it, or choose another -o file`);
  }
  const input = readInput(options, io);
  const name = options.name ?? (options.output === undefined ? undefined : basename(options.output).replace(/\.ya?ml$/i, ''));
  const result = importPipeline(input.text, options.from, {
    source: input.source,
    pipeline: options.from === 'salesforce' ? undefined : options.pipeline,
    businessProcess: input.businessProcess,
    name,
    // smb.pipedrive.json → smb: what spx export named it.
    defaultName: basename(input.source).replace(/(\.(hubspot|pipedrive))?\.json$/i, ''),
  });
  for (const note of result.notes) io.stderr(`spx: ${input.source}: ${note}\n`);
  if (target !== undefined) {
    try {
      mkdirSync(dirname(target), { recursive: true });
    } catch (error) {
      throw new SpxError('E_WRITE', `${options.output}: cannot create its directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    writeFileAtomic(target, result.yaml);
  }
  else io.stdout(result.yaml);
  return 0;
}

/** The file's text; for Salesforce a source-format directory too (its OpportunityStage value set and one business process). */
function readInput(options: ImportCommandOptions, io: Io): { text: string; source: string; businessProcess?: string } {
  const read = (file: string, shown: string): string => new TextDecoder('utf-8', { fatal: false }).decode(readRegularFile(file, io.cwd, `${options.from} pipeline file`)).replace(/^\uFEFF/, '') || emptyFile(shown);
  const absolute = resolve(io.cwd, options.file);
  const isDirectory = existsSync(absolute) && statSync(absolute).isDirectory();
  if (!isDirectory) return { text: read(options.file, options.file), source: options.file };
  if (options.from !== 'salesforce') throw new SpxError('E_READ', `${options.file}: is a directory; name the ${options.from} JSON file`);

  const valueSet = join(options.file, VALUE_SET);
  if (!existsSync(resolve(io.cwd, valueSet))) throw new SpxError('E_FILE_NOT_FOUND', `${valueSet}: no such file; name a Salesforce source directory (e.g. force-app/main/default) or the value set file`);
  const processesDir = resolve(io.cwd, options.file, BUSINESS_PROCESSES);
  const names = existsSync(processesDir)
    ? readdirSync(processesDir).filter((file) => file.endsWith(BUSINESS_PROCESS_SUFFIX)).map((file) => file.slice(0, -BUSINESS_PROCESS_SUFFIX.length)).sort()
    : [];
  let chosen: string | undefined;
  if (options.pipeline !== undefined) {
    if (!names.includes(options.pipeline)) throw new SpxError('E_USAGE', `no business process "${options.pipeline}" in ${join(options.file, BUSINESS_PROCESSES)} (${names.length === 0 ? 'none' : names.join(', ')})`);
    chosen = options.pipeline;
  } else if (names.length > 1) {
    throw new SpxError('E_USAGE', `${names.length} business processes in ${join(options.file, BUSINESS_PROCESSES)}: choose one with --pipeline (${names.join(', ')})`);
  } else chosen = names[0];
  const businessProcessFile = chosen === undefined ? undefined : join(options.file, BUSINESS_PROCESSES, `${chosen}${BUSINESS_PROCESS_SUFFIX}`);
  return {
    text: read(valueSet, valueSet),
    source: valueSet,
    ...(businessProcessFile === undefined ? {} : { businessProcess: read(businessProcessFile, businessProcessFile) }),
  };
}

function emptyFile(file: string): never {
  throw new SpxError('E_IMPORT', `${file}: the file is empty`);
}
