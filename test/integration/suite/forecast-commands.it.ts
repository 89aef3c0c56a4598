// The forecast commands end to end in real VS Code, on a backlog with a known status history:
// one item finished on each working day of the six weeks before 2026-03-02, ten items open.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import type { BacklogService } from '../../../src/core/backlog/service';
import { panelViews, runPanelForecast } from '../../../src/forecast/forecastPanelData';
import type { ItemEditorManager } from '../../../src/editor/itemEditor';
import { activate, FORECAST_BACKLOG, waitFor, type TestingApi } from '../helpers';

interface Answer {
  backlogId: string;
  result: { kind: string; percentiles?: { p: number; value?: number; date?: string | null }[]; items?: { id: string; percentiles: { p: number; date: string | null }[] }[]; seed?: number };
  sentence: string;
  sentences: string[];
  markdown: string;
}

const START = '2026-03-02'; // a Monday

/** Working days (Mon-Fri) from `from` (inclusive) for `n` days, as YYYY-MM-DD. */
function weekdays(from: string, n: number): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); out.length < n; t += 86_400_000) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** Creates `days.length` items finished at noon UTC on those days, and `open` open items. */
async function seedHistory(service: BacklogService, backlogId: string, days: string[], open: number): Promise<string[]> {
  const { repo } = await service.repo(backlogId);
  const done: string[] = [];
  for (const day of days) {
    const item = repo.createItem({ title: `Done on ${day}`, type: 'TASK' });
    repo.moveItem(item.id, { status: 'done' });
    done.push(item.id);
    repo.db.write((c) => {
      c.run(`UPDATE items SET created_at = ? WHERE id = ?`, [`${days[0]}T08:00:00.000Z`, item.id]);
      c.run(`UPDATE status_history SET at = ? WHERE item_id = ? AND to_status = 'done'`, [`${day}T12:00:00.000Z`, item.id]);
      c.run(`UPDATE status_history SET at = ? WHERE item_id = ? AND from_status IS NULL`, [`${days[0]}T08:00:00.000Z`, item.id]);
    });
  }
  const ids: string[] = [];
  for (let i = 0; i < open; i++) ids.push(repo.createItem({ title: `Open ${i + 1}`, type: 'TASK' }).id);
  return ids;
}

describe('forecast commands (real VS Code)', function () {
  this.timeout(60_000);
  let backlog: BacklogInfo;
  let open: string[];
  let previous: BacklogInfo | undefined;
  let api: TestingApi;

  before(async () => {
    api = await activate();
    previous = await api.getActiveBacklog();
    backlog = await vscode.commands.executeCommand<BacklogInfo>('flowcast.newBacklog', FORECAST_BACKLOG);
    open = await seedHistory(api.__testing.service, backlog.id, weekdays('2026-01-19', 30), 10);
  });

  after(async () => {
    // later suites (and the restart check) expect the backlog that was active before this suite
    if (previous) await vscode.commands.executeCommand('flowcast.switchBacklog', previous.id);
  });

  it('"Forecast How Many by Date" with arguments: one item a day for ten working days is exactly 10 at every percentile', async () => {
    const a = await vscode.commands.executeCommand<Answer>('flowcast.forecastHowMany', { backlogId: backlog.id, start: START, targetDate: '2026-03-13' });
    assert.equal(a.result.kind, 'ok');
    assert.deepEqual(a.result.percentiles?.map((q) => q.value), [10, 10, 10, 10]);
    assert.equal(a.sentence, '85% chance to finish at least 10 items by 13 March 2026');
    assert.match(a.markdown, /\| 85% \| 10 \|/);
    assert.match(a.markdown, /Seed: \d+/);
  });

  it('"Forecast When N Items Are Done": the 10 open items by default, done on the tenth working day', async () => {
    const a = await vscode.commands.executeCommand<Answer>('flowcast.forecastWhen', { backlogId: backlog.id, start: START });
    assert.equal(a.result.kind, 'ok');
    assert.deepEqual(a.result.percentiles?.map((q) => q.date), ['2026-03-13', '2026-03-13', '2026-03-13', '2026-03-13']);
    assert.equal(a.sentence, '85% chance to finish 10 items by 13 March 2026');
  });

  it('"Forecast the Backlog Order": each open item gets the date of its rank, the last one the tenth working day', async () => {
    const a = await vscode.commands.executeCommand<Answer>('flowcast.forecastBacklogOrder', { backlogId: backlog.id, start: START });
    assert.equal(a.result.kind, 'ok');
    const items = a.result.items ?? [];
    assert.equal(items.length, open.length);
    assert.deepEqual(new Set(items.map((i) => i.id)), new Set(open));
    const p85 = items.map((i) => i.percentiles.find((q) => q.p === 0.85)?.date);
    assert.deepEqual(p85, weekdays(START, 10));
    assert.match(a.sentence, /all 10 open items are done by 2026-03-13/);
  });

  it('"Set Team Calendar" with arguments stores the calendar in the backlog: a day off moves the When date by one working day', async () => {
    const saved = await vscode.commands.executeCommand<{ calendar: { daysOff?: unknown[] }; seed: number }>('flowcast.setTeamCalendar', {
      backlogId: backlog.id,
      calendar: { workingDays: [1, 2, 3, 4, 5], daysOff: [{ from: '2026-03-04' }] },
    });
    assert.deepEqual(saved.calendar.daysOff, [{ from: '2026-03-04' }]);
    const a = await vscode.commands.executeCommand<Answer>('flowcast.forecastWhen', { backlogId: backlog.id, start: START, remaining: 10 });
    assert.deepEqual(a.result.percentiles?.map((q) => q.date), ['2026-03-16', '2026-03-16', '2026-03-16', '2026-03-16']);
    await vscode.commands.executeCommand('flowcast.setTeamCalendar', { backlogId: backlog.id, calendar: null });
  });

  it('a bad calendar is refused with a message naming the field, and the stored calendar is unchanged', async () => {
    const before = await vscode.commands.executeCommand<{ calendar: unknown }>('flowcast.setTeamCalendar', { backlogId: backlog.id, calendar: { workingDays: [1, 2, 3] } });
    const bad = await vscode.commands.executeCommand('flowcast.setTeamCalendar', { backlogId: backlog.id, calendar: { workingDays: [1, 9] } });
    assert.equal(bad, undefined);
    const after = await vscode.commands.executeCommand<{ calendar: unknown }>('flowcast.setTeamCalendar', { backlogId: backlog.id, seed: 42 });
    assert.deepEqual(after.calendar, before.calendar);
    await vscode.commands.executeCommand('flowcast.setTeamCalendar', { backlogId: backlog.id, calendar: null, seed: null });
  });

  it('typed samples as the source: the same seed gives the same numbers on every run', async () => {
    const args = { backlogId: backlog.id, start: START, targetDate: '2026-04-30', source: { kind: 'samples', samples: '3, 0, 5, 1, 2, 4, 0, 6, 2, 3, 1, 0' }, seed: 7 };
    const a = await vscode.commands.executeCommand<Answer>('flowcast.forecastHowMany', args);
    const b = await vscode.commands.executeCommand<Answer>('flowcast.forecastHowMany', args);
    assert.equal(a.result.kind, 'ok');
    assert.equal(a.result.seed, 7);
    assert.deepEqual(a.result.percentiles, b.result.percentiles);
    const values = a.result.percentiles!.map((q) => q.value!);
    assert.ok(values[0] >= values[1] && values[1] >= values[2] && values[2] >= values[3], `percentiles not monotone: ${values.join(', ')}`);
  });

  it('a backlog with no finished item gets the honest answer, never a date', async () => {
    const empty = await vscode.commands.executeCommand<BacklogInfo>('flowcast.newBacklog', 'Forecast suite, no history');
    await vscode.commands.executeCommand('flowcast.newItem', { title: 'Not started' });
    const a = await vscode.commands.executeCommand<Answer>('flowcast.forecastWhen', { backlogId: empty.id, start: START, remaining: 5 });
    assert.notEqual(a.result.kind, 'ok');
    assert.equal(a.result.percentiles, undefined);
    assert.doesNotMatch(a.sentence, /\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/);
    await vscode.commands.executeCommand('flowcast.switchBacklog', backlog.id);
  });

  it('forecasts run from the commands are recorded in the backlog\'s calibration ledger and exported as JSON', async () => {
    const ledger = await vscode.commands.executeCommand<{ records: { target: string; seed: number; engineVersion: string; start: string }[]; json: string }>('flowcast.showForecastLedger', { backlogId: backlog.id });
    const targets = ledger.records.map((r) => r.target);
    assert.ok(targets.filter((t) => t === 'howMany').length >= 3, `ledger: ${targets.join(', ')}`);
    assert.ok(targets.includes('when') && targets.includes('perItem'));
    assert.ok(ledger.records.every((r) => Number.isInteger(r.seed) && r.engineVersion && r.start === START));
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'ledger.json').fsPath;
    await vscode.commands.executeCommand('flowcast.showForecastLedger', { backlogId: backlog.id, exportTo: file });
    const exported = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(file))).toString('utf8')) as { format: string; records: unknown[] };
    assert.equal(exported.format, 'flowcast-forecast-ledger');
    assert.equal(exported.records.length, ledger.records.length);
  });

  it('a past How Many forecast is scored against what happened: the ledger reads "held" for every percentile', async () => {
    // As of 2026-02-16 (history before it: one item a day), 5 working days to 2026-02-20, 5 were done.
    const a = await vscode.commands.executeCommand<Answer>('flowcast.forecastHowMany', { backlogId: backlog.id, start: '2026-02-16', targetDate: '2026-02-20', window: { from: '2026-01-19', to: '2026-02-13' } });
    assert.deepEqual(a.result.percentiles?.map((q) => q.value), [5, 5, 5, 5]);
    const ledger = await vscode.commands.executeCommand<{ records: { id: string; scores: { verdict: string }[] }[]; sentences: string[] }>('flowcast.showForecastLedger', { backlogId: backlog.id });
    const rec = ledger.records.find((r) => r.id === (a as Answer & { ledgerId: string }).ledgerId);
    assert.deepEqual(rec?.scores.map((s) => s.verdict), ['held', 'held', 'held', 'held']);
    assert.ok(ledger.sentences.some((t) => /^our 85% forecasts held \d+ times out of \d+$/.test(t)), ledger.sentences.join(' / '));
  });

  it('"Backtest Forecasts" as of a past date compares the forecast with what happened', async () => {
    const r = await vscode.commands.executeCommand<{ howMany: { kind: string; actual: number; held: { held: boolean }[] }; markdown: string }>('flowcast.backtestForecasts', {
      backlogId: backlog.id,
      asOf: '2026-02-16',
      targetDate: '2026-02-27',
    });
    assert.equal(r.howMany.kind, 'ok');
    assert.equal(r.howMany.actual, 10);
    assert.ok(r.howMany.held.every((h) => h.held));
    assert.match(r.markdown, /# Backtest/);
  });

  it('the public API forecasts from any source and validates the request, naming the bad field', async () => {
    const hm = (await api.forecast({ op: 'howMany', backlogId: backlog.id, start: START, targetDate: '2026-03-13' })) as Answer;
    assert.deepEqual(hm.result.percentiles?.map((q) => q.value), [10, 10, 10, 10]);
    const csv = 'Key,Resolved\n' + weekdays('2026-01-19', 30).map((d, i) => `K-${i},${d} 10:00`).join('\n');
    const fromCsv = (await api.forecast({ op: 'when', backlogId: backlog.id, start: START, remaining: 10, source: { kind: 'csv', text: csv, columns: { done: 'Resolved' } } })) as Answer;
    assert.deepEqual(fromCsv.result.percentiles?.map((q) => q.date), ['2026-03-13', '2026-03-13', '2026-03-13', '2026-03-13']);
    await assert.rejects(api.forecast({ op: 'howMany', backlogId: backlog.id, targetDate: '2026-02-30' } as never), (e: Error & { args?: { field?: string } }) => e.args?.field === 'targetDate' && /targetDate/.test(e.message));
    await assert.rejects(api.forecast({ op: 'when', source: { kind: 'csv', text: 'Resolved\nyesterday', columns: { done: 'Resolved' } } } as never), /line 2/);
    const m = (await api.forecast({ op: 'metrics', backlogId: backlog.id, from: '2026-01-19' })) as { metrics: { cycleTimes: unknown[]; throughputWeekly: { count: number }[]; cfd: { statuses: string[] } } };
    assert.equal(m.metrics.throughputWeekly.reduce((a, w) => a + w.count, 0), 30);
    assert.ok(m.metrics.cfd.statuses.length >= 4, 'every status is in the cumulative flow');
  });

  it('"why did my date move": one item added ahead of the last one is attributed to scope, exactly', async () => {
    const first = await vscode.commands.executeCommand<Answer>('flowcast.forecastBacklogOrder', { backlogId: backlog.id, start: START });
    const last = first.result.items![first.result.items!.length - 1].id;
    const { repo } = await api.__testing.service.repo(backlog.id);
    const added = repo.createItem({ title: 'Urgent insert', type: 'TASK' }, { position: 'top' });
    await vscode.commands.executeCommand('flowcast.forecastBacklogOrder', { backlogId: backlog.id, start: START });
    const why = (await api.forecast({ op: 'whyMoved', backlogId: backlog.id, itemId: last })) as { attribution: { totalDays: number; factors: { factor: string; days: number }[] }; sentences: string[] };
    assert.equal(why.attribution.totalDays, 3, 'Friday 13 March -> Monday 16 March');
    assert.deepEqual(Object.fromEntries(why.attribution.factors.map((f) => [f.factor, f.days])), { scope: 3, order: 0, throughput: 0, calendar: 0, interaction: 0 });
    assert.match(why.sentences.join('\n'), /3 days later: items added or removed ahead of it/);
    repo.deleteItems([added.id]);
  });

  it('an open item editor explains the date move again as soon as a new backlog-order forecast is recorded', async () => {
    const editors = (api.__testing as unknown as { editors: ItemEditorManager }).editors;
    const first = await vscode.commands.executeCommand<Answer>('flowcast.forecastBacklogOrder', { backlogId: backlog.id, start: START });
    const last = first.result.items![first.result.items!.length - 1].id;
    const panel = await editors.show(last, backlog.id);
    try {
      const conn = await waitFor(() => editors.connectionOf(last, backlog.id)?.isReady && editors.connectionOf(last, backlog.id), 'the editor page is ready', 60_000);
      type Note = { kind: string; method?: string; params?: { id: string; moved?: { sentences: string[] } } };
      const posted: Note[] = [];
      conn.taps.add((m) => posted.push(m as Note));
      const { repo } = await api.__testing.service.repo(backlog.id);
      const added = repo.createItem({ title: 'Another urgent insert', type: 'TASK' }, { position: 'top' });
      try {
        await vscode.commands.executeCommand('flowcast.forecastBacklogOrder', { backlogId: backlog.id, start: START });
        const note = await waitFor(
          () => posted.find((m) => m.method === 'editor/forecast' && m.params?.id === last && m.params.moved?.sentences.some((x) => /3 days later: items added or removed ahead of it/.test(x))),
          'the editor told why the date moved with the new forecast',
          30_000,
        );
        assert.equal(note.kind, 'notification');
      } finally {
        conn.taps.clear();
        repo.deleteItems([added.id]);
      }
    } finally {
      panel.dispose();
    }
  });

  it('the status bar forecasts a saved view\'s open items once chosen (a validated argument), and says so when no view has that name', async () => {
    const { service } = api.__testing;
    const bar = (api.__testing as unknown as { forecastStatusBar: { text: string; tooltip: string; update(): Promise<void> } }).forecastStatusBar;
    await service.setActiveBacklog(backlog.id);
    const { repo } = await service.repo(backlog.id);
    const view = repo.saveView('Status view', 'priority:high');
    const shows = (what: string, ok: () => boolean) =>
      waitFor(async () => {
        await bar.update();
        return ok();
      }, what, 30_000);
    try {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('flowcast.chooseStatusBarForecast', { view: 42 })), (e: Error & { args?: { field?: string } }) => e.args?.field === 'view');
      assert.equal(vscode.workspace.getConfiguration('flowcast').get('statusBar.forecastView'), '', 'a refused argument changes nothing');
      assert.equal(await vscode.commands.executeCommand('flowcast.chooseStatusBarForecast', { view: 'status VIEW' }), 'status VIEW');
      await shows('the status bar names the view (matched without case)', () => bar.text.includes(`${backlog.name} › Status view`));
      await vscode.commands.executeCommand('flowcast.chooseStatusBarForecast', { view: 'No such view' });
      await shows('the status bar says the view is missing and forecasts every open item', () => bar.tooltip.includes('No saved view named "No such view"') && !bar.text.includes('›'));
    } finally {
      await vscode.commands.executeCommand('flowcast.chooseStatusBarForecast', { view: '' });
      repo.deleteView(view.id);
    }
    await shows('back to every open item', () => !bar.text.includes('›') && !bar.tooltip.includes('No saved view'));
  });

  it('the forecast panel\'s saved-view source: the view\'s open items are its default count, and the When forecast runs on the backlog\'s history', async () => {
    const { service, forecasts } = api.__testing;
    const { repo } = await service.repo(backlog.id);
    for (const id of open.slice(0, 4)) repo.updateItem(id, { priority: 'high' });
    const view = repo.saveView('High priority', 'priority:high');
    const views = await panelViews(forecasts, backlog.id);
    assert.deepEqual(views.map((v) => [v.name, v.openCount]), [['High priority', 4]]);
    const inputs = { source: { kind: 'view' as const, viewId: view.id }, mode: 'when' as const, remaining: 4, start: START, trials: 1000, seed: 1, windowDays: 90 };
    await service.setActiveBacklog(backlog.id);
    const r = await runPanelForecast(service, forecasts, inputs);
    assert.ok(r.ok && r.view.mode === 'when');
    // one item finished per working day: the 4th item on the 4th working day, in every trial
    assert.deepEqual(r.view.percentiles.map((q) => q.date), ['2026-03-05', '2026-03-05', '2026-03-05', '2026-03-05']);
    assert.equal(r.view.trialDays.length, 1000);
    await assert.rejects(runPanelForecast(service, forecasts, { ...inputs, source: { kind: 'view', viewId: 'view:gone' } }), /source\.viewId/);
    await assert.rejects(runPanelForecast(service, forecasts, { ...inputs, source: { kind: 'csv', fileId: 'csv:9' } }), /source\.fileId: that CSV file is no longer loaded/);
    for (const id of open.slice(0, 4)) repo.updateItem(id, { priority: null });
  });

  it('the engine runs in a worker thread: a command answers while a 1,000,000-trial run is in flight, and a newer run cancels the stale one', async () => {
    const host = api.__testing.forecasts;
    let bigSettled = false;
    // a tiny throughput and 100,000 items: a million trials over the whole horizon (never finishes by itself in this test)
    const big = host.when({ backlogId: backlog.id, start: START, remaining: 100_000, trials: 1_000_000, source: { kind: 'samples', samples: [1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0] } });
    const bigOutcome = big.then(
      () => ((bigSettled = true), 'resolved'),
      (e: Error) => ((bigSettled = true), e.name),
    );
    // the extension host is free: a command that reads the backlog (and extracts its history) answers
    const quick = await vscode.commands.executeCommand<{ records: unknown[] }>('flowcast.showForecastLedger', { backlogId: backlog.id });
    assert.ok(quick.records.length > 0, 'a command answered while the big run was in flight');
    // and a forecast of another kind runs in the pool's second worker instead of waiting
    const other = await vscode.commands.executeCommand<Answer>('flowcast.forecastHowMany', { backlogId: backlog.id, start: START, targetDate: '2026-03-13', record: false });
    assert.deepEqual(other.result.percentiles?.map((q) => q.value), [10, 10, 10, 10]);
    assert.equal(bigSettled, false, 'the big run was still in flight');
    const newer = await host.when({ backlogId: backlog.id, start: START, remaining: 10 });
    assert.equal(await bigOutcome, 'CancelledError', 'the stale run was cancelled by the newer one');
    assert.equal(newer.result.kind, 'ok');
  });
});
