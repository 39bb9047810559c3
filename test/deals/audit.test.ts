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

describe('auditDeals: gates, off-process moves, late next steps, unknown stages, routing', () => {
  const at = (iso: string) => Date.parse(iso);
  const src = { file: 'deals.csv' };
  const event = (stage: string, iso: string, involved?: string[]) => ({ stage, at: at(iso), source: src, ...(involved ? { involved } : {}) });
  const tomorrow = at('2026-03-03T10:00:00Z');
  const deal = (id: string, events: ReturnType<typeof event>[], extra: Record<string, unknown> = {}) => ({ id, pipeline: undefined, events, source: src, nextActivityAt: tomorrow, ...extra });
  const withPipeline = { ...SMB, crm: { ...SMB.crm!, pipeline: 'default' } };

  const report = auditDeals({
    processes: [withPipeline],
    asOf: AS_OF,
    deals: [
      // Reached the closing call with only the owner involved (the gate wants owner and users).
      deal('GATE', [event('appointmentscheduled', '2026-02-16T10:00:00Z', ['owner']), event('qualifiedtobuy', '2026-02-18T10:00:00Z', ['owner']), event('decisionmakerboughtin', '2026-02-19T10:00:00Z'), event('contractsent', '2026-02-27T10:00:00Z')]),
      // The same with the team in the demo: no finding.
      deal('GATE-OK', [event('appointmentscheduled', '2026-02-16T10:00:00Z', ['owner']), event('qualifiedtobuy', '2026-02-18T10:00:00Z', ['owner', 'users']), event('decisionmakerboughtin', '2026-02-19T10:00:00Z'), event('contractsent', '2026-02-27T10:00:00Z')]),
      // Discovery straight to the closing call: a move the process does not have (and a gate skipped).
      deal('OFF', [event('appointmentscheduled', '2026-02-23T10:00:00Z'), event('contractsent', '2026-02-27T10:00:00Z')]),
      // The next activity 20 business days out; demo → trial allows at most 3.
      deal('LATE', [event('appointmentscheduled', '2026-02-24T10:00:00Z'), event('qualifiedtobuy', '2026-02-27T10:00:00Z')], { nextActivityAt: at('2026-03-30T10:00:00Z') }),
      deal('UNKNOWN', [event('appointmentscheduled', '2026-02-24T10:00:00Z'), event('negotiation', '2026-02-26T10:00:00Z')]),
      deal('ELSEWHERE', [event('appointmentscheduled', '2026-02-24T10:00:00Z')], { pipeline: 'partners' }),
      deal('CLOSED', [event('appointmentscheduled', '2026-02-24T10:00:00Z'), event('closedlost', '2026-02-25T10:00:00Z')], { nextActivityAt: undefined }),
      deal('FUTURE', [event('appointmentscheduled', '2026-03-04T10:00:00Z')], { nextActivityAt: undefined }),
    ],
  });
  const find = (id: string) => report.deals.find((d) => d.id === id);

  it('flags each planted case with a message that says what to do', () => {
    expect(report.deals.map((d) => d.id)).toEqual(['GATE', 'GATE-OK', 'OFF', 'LATE', 'UNKNOWN']);
    expect(find('GATE')!.findings).toEqual([
      { id: 'gate-not-met', message: 'reached Closing conversation with the owner (an ask) on 2026-02-27 before its gate was met: involve Team members before asking for the decision', due: '2026-03-02' },
    ]);
    expect(find('GATE-OK')!.findings).toEqual([]);
    expect(find('OFF')!.findings.map((f) => [f.id, f.message])).toEqual([
      ['off-process', 'moved from Discovery call to Closing conversation with the owner on 2026-02-27, a move smb does not have: record the stage it skipped, or change the process'],
      ['gate-not-met', 'reached Closing conversation with the owner (an ask) on 2026-02-27 before its gate was met: complete Demo, Free trial before asking for the decision'],
    ]);
    expect(find('LATE')!.findings).toEqual([
      { id: 'next-step-late', message: 'the next activity on 2026-03-30 is 20.4 business days out; after Demo the process allows at most 3: pull it forward to 2026-03-04 or earlier', due: '2026-03-04' },
    ]);
    const unknown = find('UNKNOWN')!;
    expect(unknown).toMatchObject({ stage: 'negotiation', winProbability: undefined, enteredAt: at('2026-02-26T10:00:00Z'), daysInStage: 38 / 24 });
    expect(unknown.findings.map((f) => f.id)).toEqual(['unknown-stage']);
    expect(report.unrouted).toEqual([{ id: 'ELSEWHERE', pipeline: 'partners' }]);
    expect(report.counts).toMatchObject({ open: 5, flagged: 4 });
  });

  it('rejects a stall quantile outside (0, 1)', () => {
    expect(() => auditDeals({ processes: [SMB], deals: [], asOf: AS_OF, stallQuantile: 1 })).toThrow(RangeError);
  });
});

describe('auditDeals at scale', () => {
  it('audits 200,000 open deals without overflowing the stack', () => {
    const src = { file: 'x.csv' };
    const deals = Array.from({ length: 200_000 }, (_, i) => ({ id: `D${i}`, pipeline: undefined, events: [{ stage: 'appointmentscheduled', at: AS_OF - 86_400_000, source: src }], source: src }));
    const report = auditDeals({ processes: [SMB], deals, asOf: AS_OF });
    expect(report.counts.open).toBe(200_000);
    expect(report.counts.byFinding['no-next-step']).toBe(200_000);
  });
});
