/** The scaffold: a founder's answers → the files of a process repository (processes, config, CI). Pure. */
import { normalizeAnswers, type InitAnswers, type SegmentId, type TemplateId } from './answers.js';
import { coverageWarnings, employeeRanges, scaffoldSegment, type ScaffoldedScope, type SegmentModel } from './process.js';
import { scaffoldTemplate, TEMPLATES } from './templates.js';

/** One file to write, relative to the target directory (always with `/`). */
export interface ScaffoldFile {
  readonly path: string;
  readonly contents: string;
}

/** The files {@link scaffold} makes and notes for the user. */
export interface ScaffoldResult {
  readonly files: readonly ScaffoldFile[];
  /** One line each: roles added to what was picked. */
  readonly notes: readonly string[];
  /**
   * One line each: what `spx lint` will report about the files because an answer was kept as given rather than
   * silently changed — a target cycle the model misses (target-missed), head counts no chosen segment covers
   * (segment-gap). Empty when the files lint clean.
   */
  readonly warnings: readonly string[];
  /** The exact model of each process, by segment. */
  readonly models: ReadonlyMap<SegmentId, SegmentModel>;
  /** The exact model of each template's process, by template. */
  readonly templateModels: ReadonlyMap<TemplateId, SegmentModel>;
}

/** Where `spx init` writes the config, relative to the target directory. */
export const CONFIG_PATH = 'spx.config.yaml';
/** Where `spx init --ci github` writes the workflow, relative to the target directory. */
export const GITHUB_WORKFLOW_PATH = '.github/workflows/spx.yml';

/**
 * Builds every file `spx init` writes. The answers are normalized first (an invalid answer throws an E_USAGE
 * SpxError). Every process lints with zero findings under the default config, alone and together, except what
 * {@link ScaffoldResult.warnings} announces.
 */
export function scaffold(input: InitAnswers): ScaffoldResult {
  const answers = normalizeAnswers(input);
  const chosen = answers.segments.map((s) => s.segment);
  const ranges = employeeRanges(chosen);
  const files: ScaffoldFile[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const models = new Map<SegmentId, SegmentModel>();
  for (const { segment, answers: segmentAnswers } of answers.segments) {
    const file = scaffoldSegment(segment, segmentAnswers, {
      company: answers.company,
      calendar: answers.calendar,
      employees: ranges.get(segment)!,
      chosen,
    });
    files.push({ path: file.path, contents: file.contents });
    notes.push(...file.notes);
    warnings.push(...file.warnings);
    models.set(segment, file.model);
  }
  const templateModels = new Map<TemplateId, SegmentModel>();
  for (const { template, answers: templateAnswers } of answers.templates ?? []) {
    const file = scaffoldTemplate(template, templateAnswers, { company: answers.company, calendar: answers.calendar });
    files.push({ path: file.path, contents: file.contents });
    warnings.push(...file.warnings);
    templateModels.set(template, file.model);
  }
  // Gaps and overlaps between the processes scaffolded together, as lint will find them.
  const scopes: ScaffoldedScope[] = [
    ...chosen.map((segment) => ({ name: segment, employees: ranges.get(segment)! })),
    ...(answers.templates ?? []).map(({ template }) => {
      const { name, appliesTo } = TEMPLATES[template];
      return { name, employees: appliesTo.employees, ...(Array.isArray(appliesTo['sources']) ? { sources: appliesTo['sources'] as string[] } : {}) };
    }),
  ];
  warnings.push(...coverageWarnings(scopes));
  files.push({ path: CONFIG_PATH, contents: configFile() });
  if (answers.ci === 'github') files.push({ path: GITHUB_WORKFLOW_PATH, contents: githubWorkflow() });
  return { files, notes, warnings, models, templateModels };
}

/** Every rule at its default; the comments show how to change one. Valid against config.schema.json. */
function configFile(): string {
  return `# spx.config.yaml: settings for \`spx lint\` (and for the commands that lint before analysing).
# spx finds this file in the working directory or the nearest directory above it.
#
# Every rule runs at its default severity; \`spx rules\` lists them, and docs/rules/ in the spx
# package explains each one. Override a rule by its id, for example:
#   unscheduled-next-step: error             # fail CI when a next step has no agreed timeframe
#   target-missed: { tolerance: 0.05 }       # allow 5% slack on targets
#   segment-expectations: { smbMaxSteps: 4 } # keep SMB deals even shorter
rules: {}

# Glob patterns of files that spx lint skips when it expands directories and globs.
ignore: []

# A calendar for every process that has none of its own (a process's own calendar replaces it), e.g.:
# calendar:
#   workdays: [mon, tue, wed, thu, fri]
#   holidays: [12-25, 01-01, 2026-11-26]   # MM-DD every year, YYYY-MM-DD that day only
#   timeZone: America/New_York
`;
}

/** Lints the processes on every pull request; findings become annotations on the changed lines. */
function githubWorkflow(): string {
  return `# GitHub Actions: lint the sales processes on every pull request and on pushes to main.
# \`--format github\` turns findings into annotations on the changed lines; errors fail the check.
# Scaffolded by \`spx init\`.
name: spx

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # spx is a devDependency of this repository (see spx's README, Install): npm ci installs the
      # version the lockfile pins, and --no-install makes npx run it, never download a package.
      - run: npm ci
      - run: npx --no-install spx lint --format github
`;
}
