// The motion templates (MEDDPICC, product-led, partner-sourced): each lints clean, alone and together, with a crm block.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/analysis/metrics.js';
import { lint } from '../../src/lint/engine.js';
import { DEFAULT_CALENDAR, TEMPLATE_IDS, type SegmentAnswers, type TemplateId } from '../../src/scaffold/answers.js';
import { scaffold } from '../../src/scaffold/scaffold.js';
import { estimateTemplate, scaffoldTemplate, TEMPLATES } from '../../src/scaffold/templates.js';

const context = { company: 'Acme', calendar: DEFAULT_CALENDAR };
const file = (id: TemplateId, cycleDays?: number) => scaffoldTemplate(id, { dealSize: TEMPLATES[id].dealSize, cycleDays }, context);

function findings(files: readonly { path: string; contents: string }[]): string[] {
  return lint(files.map((f) => ({ file: f.path, contents: f.contents }))).flatMap((r) =>
    r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}: ${d.message}`),
  );
}

describe.each(TEMPLATE_IDS)('template %s', (id) => {
  it('lints with zero findings under the default config', () => {
    expect(findings([file(id)])).toEqual([]);
  });

  it('writes the model’s targets, a crm block of HubSpot stages and the template’s appliesTo', () => {
    const result = file(id);
    const doc = parse(result.contents);
    const process = lint([{ file: result.path, contents: result.contents }])[0]!.process!;
    const metrics = computeMetrics(process);
    expect(result.model.expectedCycleWon).toBe(metrics.expectedCycleWon);
    expect(doc.targets).toEqual({ cycleDays: Math.ceil(metrics.expectedCycleWon! * 1.1), winRate: Math.floor(metrics.winRate * 90) / 100 });
    expect(Object.keys(doc.crm.stages)).toEqual(['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost']);
    expect(doc.appliesTo).toEqual(TEMPLATES[id].appliesTo);
    expect(doc.metadata.name).toBe(TEMPLATES[id].name);
    expect(result.path).toBe(`processes/${TEMPLATES[id].name}.yaml`);
    expect(result.warnings).toEqual([]);
  });

  it('keeps a target the model misses, and warns with the model’s number', () => {
    const result = file(id, 5);
    expect(parse(result.contents).targets.cycleDays).toBe(5);
    expect(result.warnings).toEqual([
      `${TEMPLATES[id].name}: target cycle 5 business days kept as you gave it; the process as scaffolded gives E[cycle | won] = ${result.model.expectedCycleWon.toFixed(1)}, so spx lint reports target-missed until you shorten the steps or calibrate their durations`,
    ]);
    expect(findings([result]).map((f) => f.replace(/^\S+ /, ''))).toEqual([
      `target-missed: expected cycle of won deals is ${result.model.expectedCycleWon.toFixed(1)} business days, over the target of 5; shorten steps or raise the target`,
    ]);
  });

  it('estimateTemplate gives the numbers the wizard offers', () => {
    const model = estimateTemplate(id, { dealSize: 1, cycleDays: undefined });
    expect(model).toEqual(file(id).model);
  });
});

describe('the templates together', () => {
  it('tile the head counts by segment and source, leaving only leads from other sources uncovered', () => {
    expect(findings(TEMPLATE_IDS.map((id) => file(id)))).toEqual([
      'processes/enterprise-meddpicc.yaml:40:21 segment-gap: no process covers employees 1–999 (industry any, sources other than product-led, partner): widen enterprise-meddpicc (min 1000) or add a process for them',
    ]);
  });

  it('MEDDPICC: every letter is a step the ask requires, with the whole committee involved', () => {
    const doc = parse(file('meddpicc').contents);
    expect(Object.keys(doc.steps)).toEqual(['identify-pain', 'champion-test', 'metrics', 'decision-criteria', 'economic-buyer-meeting', 'decision-process', 'paper-process', 'contract']);
    expect(doc.steps.contract.requires.completed).toEqual(['champion-test', 'metrics', 'decision-criteria', 'economic-buyer-meeting', 'decision-process', 'paper-process']);
    expect(doc.steps['economic-buyer-meeting'].with).toContain('economic-buyer');
    expect(Object.keys(doc.steps['paper-process'].parallel)).toEqual(['security', 'legal', 'procurement']);
    expect(doc.roles.buyer['economic-buyer'].decisionMaker).toBe(true);
  });

  it('PLG: the usage signal forks to a sales-assisted close with the budget holder, or to self-serve', () => {
    const doc = parse(file('plg').contents);
    expect(doc.appliesTo.sources).toEqual(['product-led']);
    expect(doc.steps['usage-signal'].next.map((t: { to: string }) => t.to)).toEqual(['sales-assist-call', 'self-serve-upgrade', 'lost']);
    expect(doc.steps['order-form'].requires.involved).toContain('budget-holder');
    expect(doc.steps['self-serve-upgrade'].ask).toBe(true);
  });

  it('partner: registration, joint discovery, and the order through the partner, for partner-sourced deals only', () => {
    const doc = parse(file('partner').contents);
    expect(doc.appliesTo).toEqual({ employees: { min: 50, max: 999 }, industries: ['any'], sources: ['partner'] });
    expect(doc.start).toBe('deal-registration');
    expect(Object.keys(doc.steps)).toEqual(['deal-registration', 'joint-discovery', 'demo', 'joint-proposal', 'order-form']);
  });
});

describe('scaffold with templates', () => {
  it('writes the templates after the segments, and warns about what lint will find between them', () => {
    const result = scaffold({
      company: 'Acme',
      segments: [],
      templates: [
        { template: 'plg', answers: { dealSize: 6000, cycleDays: undefined } },
        { template: 'meddpicc', answers: { dealSize: 150000, cycleDays: undefined } },
      ],
      calendar: DEFAULT_CALENDAR,
      ci: 'none',
    });
    expect(result.files.map((f) => f.path)).toEqual(['processes/enterprise-meddpicc.yaml', 'processes/smb-product-led.yaml', 'spx.config.yaml']);
    expect(result.warnings).toEqual([
      "no process covers 1–999 employees (leads from sources other than product-led); spx lint reports segment-gap until you add a process for them or widen a neighbour's appliesTo.employees",
    ]);
    expect(findings(result.files.filter((f) => f.path.startsWith('processes/'))).map((f) => f.replace(/^\S+ /, ''))).toEqual([
      'segment-gap: no process covers employees 1–999 (industry any, sources other than product-led): widen enterprise-meddpicc (min 1000) or add a process for them',
    ]);
    expect([...result.templateModels.keys()]).toEqual(['meddpicc', 'plg']);
  });

  it('all three templates together warn of the leads from other sources, as lint reports them; with the three segments they lint clean', () => {
    const templates = TEMPLATE_IDS.filter((id) => id !== 'meddpicc').map((template) => ({ template, answers: { dealSize: 1, cycleDays: undefined } }));
    const all = scaffold({ company: 'Acme', segments: [], templates: [{ template: 'meddpicc', answers: { dealSize: 1, cycleDays: undefined } }, ...templates], calendar: DEFAULT_CALENDAR, ci: 'none' });
    expect(all.warnings).toEqual([
      "no process covers 1–999 employees (leads from sources other than product-led, partner); spx lint reports segment-gap until you add a process for them or widen a neighbour's appliesTo.employees",
    ]);
    expect(findings(all.files.filter((f) => f.path.startsWith('processes/'))).map((f) => f.replace(/^\S+ /, ''))).toEqual([
      'segment-gap: no process covers employees 1–999 (industry any, sources other than product-led, partner): widen enterprise-meddpicc (min 1000) or add a process for them',
    ]);
    const midMarket: SegmentAnswers = { roles: ['champion'], decisionMaker: 'economic-buyer', trial: false, securityReview: false, procurement: false, legalReview: false, dealSize: 1, cycleDays: undefined };
    const withSegments = scaffold({
      company: 'Acme',
      segments: (['smb', 'mid-market'] as const).map((segment) => ({ segment, answers: midMarket })),
      templates,
      calendar: DEFAULT_CALENDAR,
      ci: 'none',
    });
    expect(withSegments.warnings).toEqual([
      "no process covers 1,000+ employees (Enterprise not chosen); spx lint reports segment-gap until you add a process for them or widen a neighbour's appliesTo.employees",
    ]);
  });

  it('a template that matches the same prospects as a segment is warned about, as lint reports it', () => {
    const both = scaffold({
      company: 'Acme',
      segments: [{ segment: 'mid-market', answers: { roles: ['champion'], decisionMaker: 'economic-buyer', trial: false, securityReview: false, procurement: false, legalReview: false, dealSize: 1, cycleDays: undefined } }],
      templates: [{ template: 'partner', answers: { dealSize: 1, cycleDays: undefined } }],
      calendar: DEFAULT_CALENDAR,
      ci: 'none',
    });
    const lintSaysOverlap = findings(both.files.filter((f) => f.path.startsWith('processes/'))).some((f) => / segment-overlap: /.test(f));
    expect(both.warnings.some((w) => w.includes('segment-overlap'))).toBe(lintSaysOverlap);
  });

  it('refuses an unknown template or one given twice', () => {
    const answers = (templates: { template: TemplateId; answers: { dealSize: number; cycleDays: undefined } }[]) => () =>
      scaffold({ company: 'Acme', segments: [], templates, calendar: DEFAULT_CALENDAR, ci: 'none' });
    expect(answers([{ template: 'bant' as TemplateId, answers: { dealSize: 1, cycleDays: undefined } }])).toThrow(/unknown template "bant"; use meddpicc, plg, partner/);
    expect(answers([{ template: 'plg', answers: { dealSize: 1, cycleDays: undefined } }, { template: 'plg', answers: { dealSize: 1, cycleDays: undefined } }])).toThrow(/template plg is given twice/);
    expect(answers([])).toThrow(/no segment chosen; pick at least one of smb, mid-market, enterprise \(--segment\), or a template \(--template\)/);
  });
});
