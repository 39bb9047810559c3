// The audit on a generated pipeline with planted faults: finds every planted one and no other; stalls match the process's quantile.
import { describe, expect, it } from 'vitest';
import { observedView } from '../../src/analysis/observed.js';
import { stageTimeQuantile } from '../../src/analysis/stage-time.js';
import { auditDeals, formatDays, type AuditReport } from '../../src/deals/audit.js';
import { observedMapping } from '../../src/model/crm.js';
import { AS_OF, pipeline, SMB } from './pipeline.js';

const ids = (report: AuditReport, finding: string): Set<string> => new Set(report.deals.filter((d) => d.findings.some((f) => f.id === finding)).map((d) => d.id));

describe('auditDeals', () => {
  const planted = pipeline();
  const report = auditDeals({ processes: [SMB], deals: planted.deals, asOf: AS_OF, stallQuantile: 0.9, seed: 1 });

  it('finds every planted no-next-step and overdue deal, and no other', () => {
    expect(planted.noNextStep.size).toBeGreaterThan(10);
    expect(planted.overdue.size).toBeGreaterThan(5);
    expect(ids(report, 'no-next-step')).toEqual(planted.noNextStep);
    expect(ids(report, 'next-step-overdue')).toEqual(planted.overdue);
    for (const finding of ['next-step-late', 'gate-not-met', 'off-process', 'unknown-stage']) expect(ids(report, finding)).toEqual(new Set());
  });

  it('stalls exactly the deals beyond the process quantile of their stage, the planted one included', () => {
    const mapping = observedMapping(SMB);
    const thresholds = new Map<string, number>();
    for (const deal of report.deals) {
      if (!thresholds.has(deal.stage)) thresholds.set(deal.stage, stageTimeQuantile(SMB, mapping.groupOfStep, deal.stage, 0.9, 1));
      expect(deal.stallDays).toBe(thresholds.get(deal.stage));
    }
    const expected = new Set(report.deals.filter((d) => d.daysInStage > thresholds.get(d.stage)!).map((d) => d.id));
    expect(expected.has(planted.stalled)).toBe(true);
    expect(ids(report, 'stalled')).toEqual(expected);
    const stall = report.deals.find((d) => d.id === 'STALL')!;
    expect(stall.stage).toBe('qualifiedtobuy');
    expect(stall.findings.map((f) => f.id)).toEqual(['stalled']);
    expect(stall.findings[0]!.message).toBe(
      `stalled: ${formatDays(stall.daysInStage)} business days in Demo; the process expects 90% of deals to leave it within ${formatDays(thresholds.get('qualifiedtobuy')!)}: book Free trial (our side: Account executive; their side: Team members) by 2026-03-03, or close it as lost`,
    );
    // Demo has a fixed duration and one random within (0–3): its p90 comes from the seeded simulation of the stage.
    expect(report.processes[0]!.stallDays.find((s) => s.stage === 'qualifiedtobuy')!.days).toBe(thresholds.get('qualifiedtobuy'));
  });

  it('counts, win probabilities and the routed process', () => {
    const view = observedView(SMB, observedMapping(SMB).groupOfStep);
    expect(report.counts.open).toBe(report.deals.length);
    expect(report.counts.flagged).toBe(report.deals.filter((d) => d.findings.length > 0).length);
    expect(report.counts.byFinding['no-next-step']).toBe(planted.noNextStep.size);
    for (const deal of report.deals) {
      expect(deal.process).toBe('smb');
      expect(deal.winProbability).toBe(view.groups.get(deal.stage)!.winProbability);
    }
    expect(report.unrouted).toEqual([]);
  });

  it('says what to do: the next step of the process, who takes part, and the date to hold it by', () => {
    // As-of Monday 2026-03-02; E[within] of discovery→demo and trial→closing-call is 2.33 business days, of demo→trial
    // and closing-call→won 1.17.
    const expected: Record<string, string> = {
      appointmentscheduled: 'book Demo (our side: Account executive; their side: Owner / founder, Team members) by 2026-03-04',
      qualifiedtobuy: 'book Free trial (our side: Account executive; their side: Team members) by 2026-03-03',
      decisionmakerboughtin: 'book Closing conversation with the owner (our side: Account executive; their side: Owner / founder) by 2026-03-04',
      contractsent: 'ask for the decision in Closing conversation with the owner (our side: Account executive; their side: Owner / founder) by 2026-03-03',
    };
    const seen = new Set<string>();
    for (const deal of report.deals.filter((d) => planted.noNextStep.has(d.id))) {
      const finding = deal.findings.find((f) => f.id === 'no-next-step')!;
      expect(finding.message).toBe(`no next activity scheduled: ${expected[deal.stage]}`);
      expect(finding.due).toBe(expected[deal.stage]!.slice(-10));
      seen.add(deal.stage);
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });
});
