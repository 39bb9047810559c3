/** SARIF 2.1.0 for code scanning (GitHub, Azure DevOps): the rule catalog, the findings and the files linted. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LintResult } from '../lint/engine.js';
import { docsPath, docsUrl, type Rule } from '../lint/rule.js';
import { RULES } from '../lint/rules/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { sha256Hex } from '../model/hash.js';

export interface SarifOptions {
  /** Relative file names are relative to this directory, which becomes %SRCROOT%. */
  readonly cwd: string;
  /** spx's version, reported as the tool's. */
  readonly version: string;
}

const SRCROOT = '%SRCROOT%';

interface ArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
  readonly index?: number;
}

/** A SARIF log with one run, pretty-printed (SARIF files are read by people as well as by tools). */
export function formatSarif(results: readonly LintResult[], options: SarifOptions, rules: readonly Rule[] = RULES): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));

  const artifacts: { location: ArtifactLocation }[] = [];
  const artifactIndex = new Map<string, number>();
  const locationOf = (file: string): ArtifactLocation => {
    const location = artifactLocation(file, options.cwd);
    const key = `${location.uriBaseId ?? ''}|${location.uri}`;
    let index = artifactIndex.get(key);
    if (index === undefined) {
      // The artifacts list must hold distinct entries even when a file was named twice.
      index = artifacts.length;
      artifactIndex.set(key, index);
      artifacts.push({ location });
    }
    return { ...location, index };
  };

  const sarifResults = results.flatMap((result) => {
    const location = locationOf(result.file);
    const occurrences = new Map<string, number>();
    return result.diagnostics.map((d) => {
      // Two findings of one rule on one node (e.g. two stakeholders missing from roles.buyer) stay two alerts.
      const identity = findingIdentity(d, location.uri);
      const occurrence = (occurrences.get(identity) ?? 0) + 1;
      occurrences.set(identity, occurrence);
      const index = ruleIndex.get(d.ruleId);
      return {
        ruleId: d.ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: d.severity,
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
              region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
            },
          },
        ],
        partialFingerprints: { 'spx/v1': sha256Hex(occurrence === 1 ? identity : `${identity}\0${occurrence}`) },
      };
    });
  });

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'spx',
            version: options.version,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: camelCase(rule.id),
              shortDescription: { text: rule.meta.description },
              fullDescription: { text: rule.meta.description },
              help: { text: `${rule.meta.description}. See ${docsPath(rule.id)} in the spx package for why it matters and how to fix it.` },
              helpUri: docsUrl(rule.id),
              defaultConfiguration: { level: rule.meta.defaultSeverity },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.cwd) } },
        artifacts,
        // Columns come from the YAML parser's string offsets, which count UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * A file under the working directory is a relative URI against %SRCROOT%, so the log does not depend on
 * where the repository was checked out; a file outside it gets an absolute file: URI instead.
 */
export function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const absolute = resolve(cwd, file);
  const fromRoot = relative(cwd, absolute);
  if (fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    return { uri: pathToFileURL(absolute).href };
  }
  return { uri: fromRoot.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** A SARIF base URI must be absolute and end with a slash. */
function directoryUri(directory: string): string {
  const href = pathToFileURL(resolve(directory)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * What a finding is about, stable across line shifts and rewording: rule, file, document path and message id,
 * so code scanning tracks an alert as the code moves and as spx's messages improve. A finding with no document
 * path (a YAML syntax error) is identified by its message id and values instead.
 */
function findingIdentity(d: Diagnostic, uri: string): string {
  const what = d.path !== undefined ? JSON.stringify(d.path) : JSON.stringify(d.data ?? {});
  return `${d.ruleId}\0${uri}\0${what}\0${d.messageId}`;
}

export function camelCase(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
