// View-models of the Forecast panel: likelihood levels and bands, percentile markers, calendar
// heatmap cells, backlog-order rows, exports (CSV, SVG escaping, JSON) and the inputs form.
import assert from 'node:assert/strict';
import {
  bandOf, calendarHeatmap, calendarSvg, cellOf, compileCalendar, csvField, formToInputs, howManyMarkers, likelihoodOf, parseNumber, perItemCsv, perItemRows,
  probabilityBy, summaryJson, timelineBars, whenMarkers, type PanelForm,
} from '../../src/core/forecast/view';

const form = (o: Partial<PanelForm> = {}): PanelForm => ({
  sourceKind: 'backlog', samples: '', per: 'day', mode: 'when', targetDate: '2026-04-01', remaining: '', start: '2026-03-02', trials: '10000', seed: '42',
  windowDays: '90', share: '', parallel: '', splitLow: '', splitHigh: '', growth: false, ...o,
});

describe('forecast view-models', () => {
  it('likelihood levels: risky <= 50, realistic <= 70, confident <= 85, certain > 85', () => {
    assert.deepEqual([0.5, 0.51, 0.7, 0.71, 0.85, 0.851, 0.95, 1].map(likelihoodOf), ['risky', 'realistic', 'realistic', 'confident', 'confident', 'certain', 'certain', 'certain']);
    assert.deepEqual([0.5, 0.7, 0.85, 0.95].map(likelihoodOf), ['risky', 'realistic', 'confident', 'certain']);
  });

  it('calendar bands: <50 / 50-70 / 70-85 / 85-95 / >=95 (lower bounds inclusive)', () => {
    assert.deepEqual([0, 0.499, 0.5, 0.69, 0.7, 0.849, 0.85, 0.9499, 0.95, 1].map(bandOf), ['below50', 'below50', 'from50', 'from50', 'from70', 'from70', 'from85', 'from85', 'from95', 'from95']);
  });

  it('How Many markers sit on the at-least curve at each percentile value', () => {
    const curve = [1, 0.9, 0.6, 0.2].map((probability, value) => ({ value, probability }));
    const m = howManyMarkers([{ p: 0.5, value: 2 }, { p: 0.85, value: 1 }], curve);
    assert.deepEqual(m, [{ p: 0.5, value: 2, probability: 0.6, level: 'risky' }, { p: 0.85, value: 1, probability: 0.9, level: 'confident' }]);
    assert.deepEqual(whenMarkers([{ p: 0.95, date: null }]), [{ p: 0.95, date: null, level: 'certain' }]);
  });

  it('CDF by date: the reference vector [Jan1, Jan2, Jan2, Jan3] at Dec31..Jan3 is [0, .25, .75, 1]', () => {
    const cdf = [{ date: '2026-01-01', probability: 0.25 }, { date: '2026-01-02', probability: 0.75 }, { date: '2026-01-03', probability: 1 }];
    assert.deepEqual(['2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03'].map((d) => probabilityBy(cdf, d)), [0, 0.25, 0.75, 1]);
  });

  it('calendar heatmap: Monday-first months from the start to P95, probabilities carried over weekends (dimmed)', () => {
    const cal = compileCalendar({ daysOff: [{ from: '2026-03-10' }] });
    const cdf = [{ date: '2026-03-05', probability: 0.3 }, { date: '2026-03-06', probability: 0.6 }, { date: '2026-04-02', probability: 0.96 }];
    const h = calendarHeatmap({ start: '2026-03-02', cdf, p95: '2026-04-02', notWithinHorizon: 0.04, isWorking: (d) => cal.isWorking(d) });
    assert.deepEqual(h.months.map((m) => m.key), ['2026-03', '2026-04']);
    assert.equal(h.truncated, false);
    // March 2026 starts on a Sunday: six blanks, then the 1st in the last column.
    assert.deepEqual(h.months[0].weeks[0].map((c) => c?.day ?? null), [null, null, null, null, null, null, 1]);
    assert.equal(cellOf(h, '2026-03-01')?.probability, null, 'before the start');
    assert.equal(cellOf(h, '2026-03-04')?.probability, 0);
    assert.equal(cellOf(h, '2026-03-06')?.band, 'from50');
    const sat = cellOf(h, '2026-03-07');
    assert.equal(sat?.probability, 0.6);
    assert.equal(sat?.working, false);
    assert.equal(cellOf(h, '2026-03-10')?.working, false, 'team day off');
    assert.equal(cellOf(h, '2026-04-02')?.band, 'from95');
    for (const m of h.months) for (const w of m.weeks) assert.equal(w.length, 7);
  });

  it('calendar heatmap: P95 beyond the horizon shows 24 months and says it is truncated', () => {
    const h = calendarHeatmap({ start: '2026-03-02', cdf: [], p95: null, notWithinHorizon: 1, isWorking: () => true });
    assert.equal(h.months.length, 24);
    assert.equal(h.truncated, true);
    assert.equal(h.months[23].key, '2028-02');
  });

  it('calendar heatmap with sprints: each day carries its sprint, the name is written on its first day (and a month\'s first), neighbours alternate', () => {
    const sprints = [
      { name: 'Sprint 12', start: '2026-03-02', finish: '2026-03-13' },
      { name: 'Sprint 13', start: '2026-03-16', finish: '2026-04-03' },
    ];
    const h = calendarHeatmap({ start: '2026-03-02', cdf: [{ date: '2026-04-02', probability: 0.96 }], p95: '2026-04-02', notWithinHorizon: 0, isWorking: () => true, sprints });
    assert.equal(cellOf(h, '2026-03-01')?.sprint, undefined, 'before the first sprint');
    assert.deepEqual([cellOf(h, '2026-03-02')?.sprint, cellOf(h, '2026-03-02')?.sprintStart, cellOf(h, '2026-03-02')?.sprintParity], ['Sprint 12', true, 0]);
    assert.deepEqual([cellOf(h, '2026-03-13')?.sprint, cellOf(h, '2026-03-13')?.sprintStart], ['Sprint 12', false], 'the finish day is inclusive');
    assert.equal(cellOf(h, '2026-03-14')?.sprint, undefined, 'the weekend between sprints');
    assert.deepEqual([cellOf(h, '2026-03-16')?.sprint, cellOf(h, '2026-03-16')?.sprintParity], ['Sprint 13', 1]);
    assert.deepEqual([cellOf(h, '2026-04-01')?.sprint, cellOf(h, '2026-04-01')?.sprintStart], ['Sprint 13', true], 'named again on the first of a month');
    assert.equal(cellOf(h, '2026-04-04')?.sprint, undefined);
    const svg = calendarSvg(
      calendarHeatmap({ start: '2026-03-02', cdf: [{ date: '2026-03-02', probability: 1 }], p95: '2026-03-02', notWithinHorizon: 0, isWorking: () => true, sprints: [{ name: '<img src=x onerror=alert(1)> & "S"', start: '2026-03-02', finish: '2026-03-06' }] }),
      { title: 'Calendar', weekdays: ['M', 'T', 'W', 'T', 'F', 'S', 'S'], month: (k) => k, probability: () => '>95%', footer: 'x' },
    );
    assert.ok(!svg.includes('<img'), 'a sprint name from outside is escaped in the SVG');
    assert.equal((svg.match(/data-sprint="&lt;img src=x onerror=alert\(1\)&gt; &amp; &quot;S&quot;"/g) ?? []).length, 5);
  });

  it('backlog-order rows, timeline and CSV (formula cells neutralised, quotes doubled)', () => {
    const rows = perItemRows([
      { id: 'TASK-1', title: '=HYPERLINK("x")', blocked: false, percentiles: [0.5, 0.7, 0.85, 0.95].map((p, i) => ({ p, date: `2026-03-0${2 + i}` })), notWithinHorizon: 0 },
      { id: 'TASK-2', title: 'a, b', blocked: true, percentiles: [0.5, 0.7, 0.85, 0.95].map((p) => ({ p, date: p < 0.9 ? '2026-03-09' : null })), notWithinHorizon: 0.1 },
    ]);
    assert.deepEqual(rows.map((r) => [r.rank, r.p50, r.p85, r.p95, r.blocked]), [[1, '2026-03-02', '2026-03-04', '2026-03-05', false], [2, '2026-03-09', '2026-03-09', null, true]]);
    const csv = perItemCsv(rows).split('\r\n');
    assert.equal(csv[0], 'rank,id,title,blocked,p50,p85,p95,notWithinHorizon');
    assert.equal(csv[1], `1,TASK-1,"'=HYPERLINK(""x"")",false,2026-03-02,2026-03-04,2026-03-05,0`);
    assert.equal(csv[2], '2,TASK-2,"a, b",true,2026-03-09,2026-03-09,,0.1');
    assert.equal(csvField('-1'), "'-1");
    assert.equal(csvField(-1), '-1');
    const tl = timelineBars(rows, '2026-03-02');
    assert.deepEqual(tl.bars[0], { id: 'TASK-1', p50: 0, p85: 2, p95: 3 });
    assert.equal(tl.span, 8);
  });

  it('the calendar SVG escapes outside text and has one cell per shown day', () => {
    const h = calendarHeatmap({ start: '2026-03-02', cdf: [{ date: '2026-03-02', probability: 1 }], p95: '2026-03-02', notWithinHorizon: 0, isWorking: () => true });
    const svg = calendarSvg(h, { title: 'Sprint <S12> & "team"', weekdays: ['M', 'T', 'W', 'T', 'F', 'S', 'S'], month: (k) => `<${k}>`, probability: () => '>95%', footer: 'x' });
    assert.ok(!svg.includes('<S12>'));
    assert.ok(svg.includes('Sprint &lt;S12&gt; &amp; &quot;team&quot;'));
    assert.ok(svg.includes('&lt;2026-03&gt;'));
    assert.equal((svg.match(/data-date="/g) ?? []).length, 31);
    assert.ok(svg.includes('&gt;95%'));
  });

  it('the JSON summary holds inputs, seed, engine version, percentiles, not-within-horizon share and generation time', () => {
    const s = JSON.parse(summaryJson({ generatedAt: '2026-03-02T10:00:00.000Z', engineVersion: '1.0.0', seed: 7, trials: 100, mode: 'when', inputs: { a: 1 }, history: {}, percentiles: [{ p: 0.85, date: '2026-04-01' }], notWithinHorizon: 0.02, sentences: [] })) as Record<string, unknown>;
    assert.equal(s.format, 'flowcast-forecast-summary');
    assert.deepEqual([s.seed, s.engineVersion, s.notWithinHorizon, s.generatedAt], [7, '1.0.0', 0.02, '2026-03-02T10:00:00.000Z']);
  });

  it('the inputs form: valid text becomes inputs; each problem is keyed by its field and nothing runs', () => {
    const ok = formToInputs(form({ trials: '10,000', share: '80' }), 12);
    assert.ok(ok.inputs);
    assert.deepEqual([ok.inputs.trials, ok.inputs.remaining, ok.inputs.share], [10000, 12, 0.8]);
    assert.deepEqual(formToInputs(form({ trials: 'abc' }), 12).errors, { trials: 'expected a number' });
    assert.deepEqual(Object.keys(formToInputs(form({ mode: 'howMany', targetDate: '2026-02-01' }), 12).errors ?? {}), ['targetDate']);
    assert.deepEqual(Object.keys(formToInputs(form({ start: '2026-02-30' }), 12).errors ?? {}), ['start']);
    assert.deepEqual(Object.keys(formToInputs(form({ splitLow: '3', splitHigh: '1' }), 12).errors ?? {}), ['splitHigh']);
    assert.deepEqual(Object.keys(formToInputs(form({ sourceKind: 'samples', samples: '' }), 12).errors ?? {}), ['samples']);
    assert.deepEqual(Object.keys(formToInputs(form({ sourceKind: 'samples', samples: '1 2', mode: 'perItem' }), 12).errors ?? {}), ['sourceKind']);
    assert.equal(parseNumber('0,5'), 0.5);
    assert.equal(parseNumber('10 000'), 10000);
    assert.equal(parseNumber(''), undefined);
  });
});
