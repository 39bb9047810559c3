/** `spx import`: a CRM pipeline (a deploy payload or an API read response) as a starter process file, or read back into its process (--into); never a network call. */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { decodeText, diffProcesses, formatDiff, importPipeline, LOAD_LIMITS, readPipeline, reconcilePipeline, SpxError, type CrmVendor } from '../../index.js';
import { readProcessFile, readRegularFile } from '../files.js';
import { useColor, type Io } from '../io.js';
import { loadConfig, loadValidContents } from '../valid-processes.js';
import { outputTarget, writeFileAtomic } from '../write-file.js';

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
  /** The process file the pipeline records: reconcile with it instead of writing a starter process. */
  readonly into?: string;
  /** With `into`: write the reconciled process back into that file. */
  readonly write?: boolean;
  readonly color?: boolean;
}

const VALUE_SET = 'standardValueSets/OpportunityStage.standardValueSet-meta.xml';
const BUSINESS_PROCESSES = 'objects/Opportunity/businessProcesses';
const BUSINESS_PROCESS_SUFFIX = '.businessProcess-meta.xml';

export function importCommand(options: ImportCommandOptions, io: Io): number {
  const target = options.output === undefined ? undefined : outputTarget(io.cwd, options.output, options.force);
  if (options.write && options.into === undefined) throw new SpxError('E_USAGE', '--write writes into the --into process file: name it with --into');
  if (options.into !== undefined) {
    if (options.write && options.output !== undefined) throw new SpxError('E_USAGE', '--write and -o both name where to write: choose one');
    if (options.name !== undefined) throw new SpxError('E_USAGE', '--name names a new process; --into keeps the name of the process it updates');
    return reconcileInto(options, options.into, target, io);
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

/** Kinds of finding that ask the user to act (a rename is applied, and only reported). */
const ACTION_FINDINGS = new Set(['added', 'removed', 'not-fitted', 'kind', 'rotting']);

/**
 * `--into PROCESS`: the CRM's pipeline read back into the process it records (stage names and probabilities; the
 * rest as written), then printed, written to -o, or written in place with --write; the impact as `spx diff` shows it.
 * Exit 1 when a finding asks for action (a stage added or removed in the CRM, a probability not fitted).
 */
function reconcileInto(options: ImportCommandOptions, into: string, target: string | undefined, io: Io): number {
  const config = loadConfig(io, {});
  const [source] = loadValidContents([{ inputs: [{ file: into, contents: readProcessFile(into, io.cwd) }] }], io, config)[0]!;
  const input = readInput(options, io);
  const pipeline = readPipeline(input.text, options.from, {
    source: input.source,
    pipeline: options.from === 'salesforce' ? undefined : options.pipeline,
    businessProcess: input.businessProcess,
  });
  const result = reconcilePipeline(source!.parsed.text, pipeline, into);
  for (const finding of result.findings) io.stderr(`spx: ${into}: ${finding.message}\n`);
  const needsAction = result.findings.some((finding) => ACTION_FINDINGS.has(finding.kind));
  if (!result.changed) {
    io.stderr(`spx: ${into}: the process already has the ${input.source} stage names and probabilities; nothing changed\n`);
    if (target === undefined && !options.write) io.stdout(result.text);
    else if (target !== undefined) writeFileAtomic(target, result.text);
    return needsAction ? 1 : 0;
  }
  // The new text must still be a valid process before it goes anywhere.
  const [after] = loadValidContents([{ inputs: [{ file: into, contents: result.text }], fix: 'the reconciled process does not pass lint; nothing was written' }], io, config)[0]!;
  if (options.write) writeFileAtomic(resolve(io.cwd, into), result.text);
  else if (target !== undefined) {
    try {
      mkdirSync(dirname(target), { recursive: true });
    } catch (error) {
      throw new SpxError('E_WRITE', `${options.output}: cannot create its directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    writeFileAtomic(target, result.text);
  } else io.stdout(result.text);
  const parts = [
    result.refitted.length > 0 ? `${result.refitted.length} ${result.refitted.length === 1 ? 'stage' : 'stages'} refitted (${result.refitted.join(', ')}; ${result.stepsChanged.length} ${result.stepsChanged.length === 1 ? 'step' : 'steps'} changed)` : undefined,
    result.renamed.size > 0 ? `${result.renamed.size} renamed` : undefined,
  ].filter((part) => part !== undefined);
  const where = options.write ? into : (options.output ?? 'stdout');
  io.stderr(`spx: ${into}: ${parts.join(', ')}, version ${result.oldVersion} → ${result.version}, written to ${where}\n`);
  io.stderr(formatDiff('text', { base: undefined, entries: [{ file: into, diff: diffProcesses(source!, after!), process: after!.process }] }, { color: useColor(io, options.color) }));
  return needsAction ? 1 : 0;
}

/** The file's text; for Salesforce a source-format directory too (its OpportunityStage value set and one business process). */
function readInput(options: ImportCommandOptions, io: Io): { text: string; source: string; businessProcess?: string } {
  const read = (file: string, shown: string): string => decodePipeline(readRegularFile(file, io.cwd, `${options.from} pipeline file`), shown) || emptyFile(shown);
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

/**
 * A pipeline file's text (a leading BOM dropped). Refused with its position when it is not UTF-8 (a stage name decoded
 * leniently would no longer match the deal data), and when it is over the read limit (only its start was read).
 */
function decodePipeline(bytes: Uint8Array, file: string): string {
  if (bytes.length > LOAD_LIMITS.maxBytes) throw new SpxError('E_IMPORT', `${file}: larger than ${LOAD_LIMITS.maxBytes / 1048576} MiB, far more than a pipeline; check that it is the pipeline file`);
  const decoded = decodeText(file, bytes);
  if ('text' in decoded) return decoded.text;
  const { line, column, messageId } = decoded.diagnostic;
  const what = messageId === 'utf16' ? 'the file is UTF-16 text; save or export it as UTF-8' : messageId === 'binary' ? 'binary data (a NUL byte), not a pipeline file' : 'not UTF-8 text; save or export it as UTF-8';
  throw new SpxError('E_IMPORT', `${file}:${line}:${column}: ${what}`);
}

function emptyFile(file: string): never {
  throw new SpxError('E_IMPORT', `${file}: the file is empty`);
}
