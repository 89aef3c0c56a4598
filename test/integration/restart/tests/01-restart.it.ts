import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, FORECAST_BACKLOG, RESTART_BACKLOG, RESTART_DEBOUNCED, RESTART_FLUSHED } from '../../helpers';

describe('after an extension host restart (real VS Code)', () => {
  it('the backlogs and items written by the previous extension host are read back from disk', async () => {
    const api = await activate();
    const backlog = (await api.listBacklogs()).find((b) => b.name === RESTART_BACKLOG);
    assert.ok(backlog, 'the backlog is still listed');
    const titles = (await api.queryItems({ backlogId: backlog.id })).map((i) => i.title);
    assert.ok(titles.includes(RESTART_FLUSHED), 'the explicitly flushed item is there');
    assert.ok(titles.includes(RESTART_DEBOUNCED), 'the item saved only by the debounce is there');
  });

  it('the active backlog is remembered per workspace across the restart', async () => {
    const api = await activate();
    const active = await api.getActiveBacklog();
    assert.ok(active);
    assert.equal(active.name, 'Items suite', 'the last backlog switched to in the previous host');
  });

  it('the calibration ledger written by the previous extension host is still there', async () => {
    const api = await activate();
    const backlog = (await api.listBacklogs()).find((b) => b.name === FORECAST_BACKLOG);
    assert.ok(backlog, 'the forecast suite\'s backlog is listed');
    const ledger = await vscode.commands.executeCommand<{ records: { target: string }[] }>('flowcast.showForecastLedger', { backlogId: backlog.id });
    assert.ok(ledger.records.length >= 5, `${ledger.records.length} records`);
  });
});
