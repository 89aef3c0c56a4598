// The likelihood of meeting a target date (issue #14): the share of trials in which an item is done
// by its target day, checked against each trial's own result; the per-item forecast carries it for
// items with a target date; the board's likelihood level and "At risk" filter; the demo backlog.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { seedDemoIfEmpty } from '../../src/core/backlog/demo';
import { BacklogService } from '../../src/core/backlog/service';
import { AT_RISK, isAtRisk, targetLikelihood } from '../../src/core/board/targets';
import { chipCount, chipsToQuery, emptyChips, matchesChips, sortRows } from '../../src/core/board/view';
import { CompiledCalendar, isoOf } from '../../src/core/forecast/calendar';
import { perItem } from '../../src/core/forecast/forecast';
import { simulatePerItem } from '../../src/core/forecast/perItem';
import { samplesSource } from '../../src/core/forecast/sources';
import { doneByTargetShares, lastDayOnOrBefore } from '../../src/core/forecast/targetLikelihood';
import { ForecastWorkerClient } from '../../src/core/forecast/workerClient';
import type { Card, CardDates } from '../../src/core/protocol/messages';
import { ForecastHost } from '../../src/forecast/forecastHost';
import { loadSql, tempDir } from './helpers';

const START = 20_454; // 2026-01-01 as an epoch day

function card(id: string, extra: Partial<Card> = {}): Card {
  return { id, type: 'FEAT', title: id, emoji: '', status: 'ready', priority: null, effort: null, severity: null, tags: [], criteriaDone: 0, criteriaTotal: 0, blocked: false, ...extra };
}
const dates = (p85: string | null, target?: { date: string; probability: number }): CardDates => ({ p50: p85, p85, p95: p85, ...(target ? { target } : {}) });

describe('likelihood of meeting a target date', () => {
  it('lastDayOnOrBefore finds the last forecast day not after a day (working days only: weekends fall back to Friday)', () => {
    const days = Int32Array.of(10, 11, 12, 15, 16);
    assert.equal(lastDayOnOrBefore(days, 9), -1);
    assert.equal(lastDayOnOrBefore(days, 10), 0);
    assert.equal(lastDayOnOrBefore(days, 14), 2);
    assert.equal(lastDayOnOrBefore(days, 16), 4);
    assert.equal(lastDayOnOrBefore(days, 99), 4);
    assert.equal(lastDayOnOrBefore(new Int32Array(0), 5), -1);
  });

  it('equals the share of kept trials in which the item is done on or before the target day (property, strict and parallel work, blockers, split)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: -5, max: 120 }), { minLength: 1, maxLength: 8 }),
        (h, w, seed, parallel, offsets) => {
          const fd = new CompiledCalendar().forecastDays(START, 80);
          const m = w.length;
          const input = {
            samples: Float64Array.from(h),
            ...fd,
            trials: 120,
            seed,
            weights: Float64Array.from(w),
            keys: Int32Array.from(w, (_, i) => i + 1),
            parallel,
            blockedBy: w.map((_, i) => (i === m - 1 && m > 1 ? [0] : [])),
            split: seed % 2 ? { low: 1, high: 1.5 } : undefined,
          };
          const kept = simulatePerItem({ ...input, keepTrials: true });
          const fast = simulatePerItem(input);
          const targets = offsets.map((o, k) => ({ item: k % m, day: START + o }));
          const shares = doneByTargetShares(fast, fd.days, input.trials, targets);
          targets.forEach((t, k) => {
            const last = lastDayOnOrBefore(fd.days, t.day);
            let done = 0;
            for (let trial = 0; trial < input.trials; trial++) {
              const d = kept.trials![trial * m + t.item];
              if (d >= 0 && d <= last) done++;
            }
            assert.equal(shares[k], done / input.trials, `target ${k}`);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is 0 for a target before the first forecast day and grows with the target date (never above 1)', () => {
    const fd = new CompiledCalendar().forecastDays(START, 200);
    const r = simulatePerItem({ samples: Float64Array.of(0, 1, 2, 1), ...fd, trials: 500, seed: 7, weights: Float64Array.of(3, 2, 4), keys: Int32Array.of(1, 2, 3) });
    const shares = doneByTargetShares(r, fd.days, 500, [START - 1, START + 3, START + 10, START + 30, START + 400].map((day) => ({ item: 2, day })));
    assert.equal(shares[0], 0);
    assert.deepEqual([...shares].sort((a, b) => a - b), shares);
    assert.ok(shares[4] <= 1 && shares[4] > 0.99, String(shares[4]));
  });

  it('the per-item forecast gives items with a target date its likelihood, consistent with their percentile dates; items without one get none', () => {
    const res = perItem(samplesSource([1, 2, 0, 3, 1, 2, 2, 0, 1, 3]), {
      start: isoOf(START),
      seed: 11,
      trials: 2000,
      items: [
        { id: 'A-1' },
        { id: 'A-2', targetDate: isoOf(START + 2) },
        { id: 'A-3' },
        { id: 'A-4', targetDate: isoOf(START + 60) },
      ],
    });
    assert.equal(res.kind, 'ok');
    if (res.kind !== 'ok') return;
    assert.equal(res.items[0].target, undefined);
    assert.equal(res.items[1].target?.date, isoOf(START + 2));
    const a4 = res.items[3];
    const p85 = a4.percentiles.find((q) => Math.abs(q.p - 0.85) < 1e-9)!.date!;
    // On the P85 date at least 85% of trials are done; the day before, fewer.
    const at = (date: string) => perItem(samplesSource([1, 2, 0, 3, 1, 2, 2, 0, 1, 3]), { start: isoOf(START), seed: 11, trials: 2000, items: [{ id: 'A-1' }, { id: 'A-2' }, { id: 'A-3' }, { id: 'A-4', targetDate: date }] });
    const on = at(p85);
    assert.ok(on.kind === 'ok' && on.items[3].target!.probability >= 0.85, JSON.stringify(on.kind === 'ok' ? on.items[3].target : on));
    assert.ok(a4.target!.probability > 0.99, 'sixty days ahead the last of four small items is all but certain');
  });

  it('the card shows the level of its likelihood (risky <= 50% < realistic <= 70% < confident <= 85% < certain), or nothing without a forecast for that date', () => {
    const c = card('FEAT-1', { targetDate: '2026-03-31' });
    const level = (p: number) => targetLikelihood(c, dates('2026-03-20', { date: '2026-03-31', probability: p }))?.level;
    assert.deepEqual([0, 0.5, 0.51, 0.7, 0.71, 0.85, 0.86, 1].map(level), ['risky', 'risky', 'realistic', 'realistic', 'confident', 'confident', 'certain', 'certain']);
    assert.equal(targetLikelihood(c, undefined), null, 'no forecast (not enough data): plain date');
    assert.equal(targetLikelihood(c, dates('2026-03-20')), null, 'a forecast without odds');
    assert.equal(targetLikelihood(c, dates('2026-03-20', { date: '2026-04-30', probability: 0.9 })), null, 'odds computed for the previous target date');
    assert.equal(targetLikelihood(card('FEAT-2'), dates('2026-03-20', { date: '2026-03-31', probability: 0.9 })), null, 'no target date');
  });

  it('"At risk" keeps cards whose P85 date is after their target date (or beyond the horizon); no target or no forecast is not at risk', () => {
    const t = '2026-03-31';
    assert.equal(isAtRisk(card('A-1', { targetDate: t }), dates('2026-04-01')), true);
    assert.equal(isAtRisk(card('A-1', { targetDate: t }), dates(null)), true, 'P85 beyond the forecast horizon');
    assert.equal(isAtRisk(card('A-1', { targetDate: t }), dates('2026-03-31')), false, 'done by the target date itself');
    assert.equal(isAtRisk(card('A-1', { targetDate: t }), dates('2026-03-02')), false);
    assert.equal(isAtRisk(card('A-1', { targetDate: t }), undefined), false, 'no forecast');
    assert.equal(isAtRisk(card('A-1'), dates('2027-01-01')), false, 'no target date');
  });

  it('the Forecast chip filters the board to the cards at risk, ANDs with the other chips, counts as a chip and is saved in the query of a view as is:at-risk', () => {
    const byId: Record<string, CardDates> = { 'A-1': dates('2026-04-10'), 'A-2': dates('2026-03-01'), 'A-3': dates('2026-05-01') };
    const cards = [card('A-1', { targetDate: '2026-03-31', priority: 'high' }), card('A-2', { targetDate: '2026-03-31' }), card('A-3'), card('A-4', { targetDate: '2026-01-01' })];
    const atRisk = (c: Card) => isAtRisk(c, byId[c.id]);
    const f = { ...emptyChips(), forecast: [AT_RISK] };
    assert.deepEqual(cards.filter((c) => matchesChips(c, f, atRisk)).map((c) => c.id), ['A-1']);
    assert.deepEqual(cards.filter((c) => matchesChips(c, { ...f, priority: ['low'] }, atRisk)).map((c) => c.id), []);
    assert.deepEqual(cards.filter((c) => matchesChips(c, emptyChips(), atRisk)).length, 4, 'off: every card');
    assert.equal(matchesChips(cards[0], f), false, 'without forecast dates nothing is at risk');
    assert.equal(chipCount(f), 1);
    assert.deepEqual(chipsToQuery({ ...f, priority: ['high'] }, ''), { query: 'priority:high is:at-risk', dropped: [] });
    // A view state saved before the chip existed (no "forecast" key) still filters.
    const { forecast: _unused, ...old } = emptyChips();
    assert.equal(matchesChips(cards[2], old as never, atRisk), true);
  });

  it('the list view sorts by target date: earliest first (latest first descending), items without one last', () => {
    const statuses = [{ key: 'ready', label: 'Ready', category: 'todo' as const }];
    const cards = [card('A-1', { rank: 'a' }), card('A-2', { targetDate: '2026-05-01', rank: 'b' }), card('A-3', { targetDate: '2026-03-01', rank: 'c' }), card('A-4', { rank: 'd' })];
    assert.deepEqual(sortRows(cards, { column: 'targetDate', dir: 'asc' }, statuses).map((c) => c.id), ['A-3', 'A-2', 'A-1', 'A-4']);
    assert.deepEqual(sortRows(cards, { column: 'targetDate', dir: 'desc' }, statuses).map((c) => c.id), ['A-2', 'A-3', 'A-1', 'A-4']);
  });

  it('the demo backlog gives a few open items target dates, some at risk and some not, each with its likelihood', async () => {
    const today = new Date('2026-12-04T15:00:00.000Z');
    const s = new BacklogService({ dir: await tempDir('flowcast-demo-target-'), loadSql, flushDelayMs: 50, now: () => today });
    const host = new ForecastHost(s, new ForecastWorkerClient(), () => 'en', () => today);
    try {
      assert.equal(await seedDemoIfEmpty(s, 'Demo', today), true);
      const { repo } = await s.repo();
      const withTarget = repo.listItems().filter((i) => i.targetDate);
      assert.ok(withTarget.length >= 4, `${withTarget.length} items with a target date`);
      const a = await host.perItem({});
      assert.equal(a.result.kind, 'ok', a.sentence);
      if (a.result.kind !== 'ok') return;
      const targeted = a.result.items.filter((i) => i.target);
      assert.equal(targeted.length, withTarget.length);
      const risk = targeted.map((i) => isAtRisk({ targetDate: i.target!.date }, { p50: null, p95: null, p85: i.percentiles.find((q) => Math.abs(q.p - 0.85) < 1e-9)!.date }));
      assert.ok(risk.some(Boolean) && risk.some((x) => !x), `at risk: ${risk.join(', ')}`);
    } finally {
      await host.dispose();
      await s.dispose();
    }
  });
});
