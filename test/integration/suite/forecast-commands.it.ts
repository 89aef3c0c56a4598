// The forecast commands end to end in real VS Code, on a backlog with a known status history:
// one item finished on each working day of the six weeks before 2026-03-02, ten items open.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import type { BacklogService } from '../../../src/core/backlog/service';
import { activate } from '../helpers';

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

  before(async () => {
    const api = await activate();
    backlog = await vscode.commands.executeCommand<BacklogInfo>('flowcast.newBacklog', 'Forecast suite');
    open = await seedHistory(api.__testing.service, backlog.id, weekdays('2026-01-19', 30), 10);
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
});
