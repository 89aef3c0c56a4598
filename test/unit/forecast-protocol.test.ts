// Forecast input schemas: every source kind and request kind validates, and a bad value is a
// typed error naming the field.
import assert from 'node:assert/strict';
import '../../src/core/protocol/zod';
import { BacktestInputSchema, HowManyInputSchema, MetricsInputSchema, PerItemInputSchema, WhenInputSchema, parseForecastInput } from '../../src/core/protocol/forecast';
import { FlowcastError } from '../../src/core/util/errors';

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof FlowcastError && e.code === 'invalid_input');
    return e.args.field as string;
  }
  return undefined;
};

describe('forecast protocol: input schemas', () => {
  const samples = { kind: 'samples', samples: [3, 5, 0, 7] };
  it('accepts each request kind with each source kind', () => {
    parseForecastInput(HowManyInputSchema, { source: samples, start: '2026-03-02', targetDate: '2026-04-30', share: 0.8, calendar: { workingDays: [1, 2, 3, 4], daysOff: [{ from: '2026-03-10' }], capacity: { '2026-03-11': 0.5 }, timeZone: 'Europe/Paris' } });
    parseForecastInput(WhenInputSchema, { source: { kind: 'csv', text: 'done\n2026-01-01', columns: { done: 'done' } }, start: '2026-03-02', remaining: 30, split: { low: 1, high: 3 }, growth: true });
    parseForecastInput(PerItemInputSchema, { source: { kind: 'backlog' }, start: '2026-03-02', parallel: 2, items: [{ id: 'A', effort: 'M', blockedBy: ['B'] }, { id: 'B' }] });
    parseForecastInput(BacktestInputSchema, { source: { kind: 'backlog', backlogId: 'b1' }, kind: 'howMany', asOf: '2026-01-05', targetDate: '2026-01-30' });
    parseForecastInput(MetricsInputSchema, { today: '2026-03-02' });
  });
  it('names the bad field: an impossible date, a missing CSV column, a split with high < low, an unknown key', () => {
    assert.equal(fieldOf(() => parseForecastInput(HowManyInputSchema, { source: samples, start: '2026-03-02', targetDate: '2026-02-30' })), 'targetDate');
    assert.equal(fieldOf(() => parseForecastInput(WhenInputSchema, { source: { kind: 'csv', text: '', columns: {} }, start: '2026-03-02', remaining: 1 })), 'source.columns.done');
    assert.equal(fieldOf(() => parseForecastInput(WhenInputSchema, { source: samples, start: '2026-03-02', remaining: 1, split: { low: 3, high: 1 } })), 'split');
    assert.equal(fieldOf(() => parseForecastInput(PerItemInputSchema, { source: samples, start: '2026-03-02', parallel: 0 })), 'parallel');
    assert.equal(fieldOf(() => parseForecastInput(HowManyInputSchema, { source: { kind: 'samples', samples: [-1] }, start: '2026-03-02', targetDate: '2026-03-09' })), 'source.samples.0');
    assert.ok(fieldOf(() => parseForecastInput(MetricsInputSchema, { today: '2026-03-02', extra: 1 })));
  });
});
