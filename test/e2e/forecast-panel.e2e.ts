// The Forecast panel ("Flowcast: Open Forecast") on the demo backlog, in real VS Code (Chromium),
// with a fixed seed: every tab renders (canvases drawn, text alternatives hold numbers), the
// calendar shows the P85 probability on the P85 day, an input change re-renders, an invalid input
// is marked and runs nothing, the JSON and trial-results CSV exports equal the screen, a project
// share stacks project / BAU in the histogram, a CSV source picked through the open dialog gives a
// forecast; screenshots in dark and light.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { answerFileDialog, cspViolations, findWebviewFrame, openWorkbench, runCommand, saveThroughDialog, screenshot, type Workbench } from './workbench';

describe('Forecast panel, in real VS Code (Chromium)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let fc: Frame;

  const generated = () => fc.locator('[data-generated]').getAttribute('data-generated', { timeout: 60_000 });
  /** Waits until the shown result was generated after `since` (ISO) and no run is pending. */
  async function rerendered(since: string | null): Promise<void> {
    const end = Date.now() + 60_000;
    while (Date.now() < end) {
      const g = await fc.locator('[data-generated]').getAttribute('data-generated').catch(() => null);
      if (g && g !== since) return;
      await wb.page.waitForTimeout(200);
    }
    throw new Error('the forecast did not re-render');
  }
  async function canvasDrawn(chart: string): Promise<void> {
    const canvas = fc.locator(`figure[data-chart="${chart}"] canvas`);
    await canvas.waitFor({ timeout: 30_000 });
    type C = { width: number; toDataURL(): string };
    const info = await canvas.evaluate((c) => ({ w: (c as unknown as C).width, len: (c as unknown as C).toDataURL().length }));
    assert.ok(info.w > 100 && info.len > 3000, `${chart} canvas drawn (${JSON.stringify(info)})`);
    const alt = await fc.locator(`table[data-alt="${chart}"] tbody`).textContent();
    assert.match(alt ?? '', /\d/, `${chart} text alternative holds numbers`);
  }

  before(async () => {
    wb = await openWorkbench({ viewport: { width: 1440, height: 1000 }, workspaceSettings: { 'flowcast.demo.seedIfEmpty': true } });
  });

  after(async () => {
    await wb?.close();
  });

  it('opens on the demo backlog with a When forecast: percentiles, charts and the calendar heatmap (forecast-when-dark.png)', async () => {
    await runCommand(wb.page, 'Flowcast: Open Forecast');
    fc = await findWebviewFrame(wb.page, 'flowcast-forecast', async (f) => (await f.locator('#forecast-title', { hasText: 'Demo backlog' }).count()) > 0, 60_000).catch(async (e: unknown) => {
      await screenshot(wb.page, 'forecast-failed');
      throw e;
    });
    const before = await generated();
    await fc.locator('#in-seed').fill('12345');
    await rerendered(before);
    await fc.locator('[data-percentiles] tr[data-p="85"] td[data-date]').waitFor();
    const p85 = await fc.locator('[data-percentiles] tr[data-p="85"] td[data-date]').getAttribute('data-date');
    assert.match(p85 ?? '', /^\d{4}-\d{2}-\d{2}$/, 'the demo backlog has a P85 date');
    await canvasDrawn('finishDates');
    await canvasDrawn('cdf');
    // The calendar: the P85 day shows at least 85%, the day before it less.
    const cell = fc.locator(`fc-calendar td[data-date="${p85}"]`);
    const prob = Number(await cell.getAttribute('data-probability'));
    assert.ok(prob >= 0.85, `P(done by ${p85}) = ${prob}`);
    assert.match((await cell.innerText()).replace(/\s/g, ''), /\d+%/);
    assert.ok(['from85', 'from95'].includes((await cell.getAttribute('data-band')) ?? ''));
    assert.ok((await fc.locator('table.month').count()) >= 1);
    assert.ok((await fc.locator('td.off[data-date]').count()) >= 8, 'weekends are dimmed');
    await wb.page.waitForTimeout(300);
    await screenshot(wb.page, 'forecast-when-dark');
  });

  it('re-renders when an input changes, and marks an invalid input without running', async () => {
    const p85 = await fc.locator('[data-percentiles] tr[data-p="85"] td[data-date]').getAttribute('data-date');
    let g = await generated();
    const t0 = Date.now();
    await fc.locator('#in-remaining').fill('3');
    await rerendered(g);
    // Includes the polling step (200 ms; a lone change runs at once, no debounce): an upper bound, for the report.
    console.log(`      input change -> When re-rendered (10,000 trials, demo backlog): ${Date.now() - t0} ms`);
    const fewer = await fc.locator('[data-percentiles] tr[data-p="85"] td[data-date]').getAttribute('data-date');
    assert.ok((fewer ?? '') <= (p85 ?? ''), `3 items by ${fewer}, all open items by ${p85}`);
    g = await generated();
    await fc.locator('#in-trials').fill('abc');
    await fc.locator('[data-error="trials"]').waitFor();
    await wb.page.waitForTimeout(800);
    assert.equal(await generated(), g, 'an invalid input runs nothing');
    await fc.locator('#in-trials').fill('10000');
    await fc.locator('#in-remaining').fill('');
    await rerendered(g);
    // The first change runs at once, the second one after the typing pause: back to every open item.
    await fc.locator(`[data-percentiles] tr[data-p="85"] td[data-date="${p85}"]`).waitFor({ timeout: 60_000 });
    assert.equal(await fc.locator('[data-error]').count(), 0);
  });

  it('the JSON export equals the screen (seed, P85 date, not-within-horizon share)', async () => {
    const p85 = await fc.locator('[data-percentiles] tr[data-p="85"] td[data-date]').getAttribute('data-date');
    const shownAt = await generated();
    await fc.locator('[data-export="json"]').click();
    const file = path.join(wb.tmp, 'workspace', 'forecast-summary-test.json');
    await saveThroughDialog(wb.page, file, /forecast-when.*\.json$/);
    const json = JSON.parse(await fs.readFile(file, 'utf8')) as { seed: number; generatedAt: string; engineVersion: string; notWithinHorizon: number; percentiles: { p: number; date: string | null }[]; inputs: { seed: number } };
    assert.equal(json.seed, 12345);
    assert.equal(json.inputs.seed, 12345);
    assert.equal(json.generatedAt, shownAt);
    assert.equal(json.percentiles.find((q) => q.p === 0.85)?.date, p85);
    assert.equal(typeof json.notWithinHorizon, 'number');
    assert.match(json.engineVersion, /^\d+\.\d+\.\d+$/);
  });

  it('the CSV of trial results equals the screen: one row per trial, P85 of its dates = the P85 shown (same seed)', async () => {
    const p85 = (await fc.locator('[data-percentiles] tr[data-p="85"] td[data-date]').getAttribute('data-date')) ?? '';
    await fc.locator('[data-export="csv:trials"]').click();
    const file = path.join(wb.tmp, 'workspace', 'forecast-trials-when.csv');
    await saveThroughDialog(wb.page, file, /forecast-when-trials-seed12345-.*\.csv$/);
    const lines = (await fs.readFile(file, 'utf8')).trimEnd().split('\r\n');
    assert.equal(lines[0], 'trial,completionDate,notWithinHorizon');
    const rows = lines.slice(1).map((l) => l.split(','));
    assert.equal(rows.length, 10_000, 'one row per trial');
    assert.deepEqual(rows.slice(0, 3).map((r) => r[0]), ['1', '2', '3']);
    const dates = rows.filter((r) => r[2] === 'false').map((r) => r[1]).sort();
    // The screen's P85 is the first date by which at least 85% of the trials are done.
    assert.equal(dates[Math.ceil(0.85 * rows.length) - 1], p85);
  });

  it('How Many tab: the at-least curve with markers and the histogram (forecast-howmany-dark.png)', async () => {
    const g = await generated();
    await fc.locator('[data-tab="howMany"]').click();
    await rerendered(g);
    await fc.locator('fc-how-many [data-percentiles] tr[data-p="85"] td[data-value]').waitFor({ timeout: 60_000 });
    const v85 = Number(await fc.locator('[data-percentiles] tr[data-p="85"] td[data-value]').innerText());
    const v50 = Number(await fc.locator('[data-percentiles] tr[data-p="50"] td[data-value]').innerText());
    assert.ok(v50 >= v85 && v85 >= 0, `P50 ${v50} >= P85 ${v85}`);
    assert.match(await fc.locator('[data-sentences]').innerText(), /85%/);
    await canvasDrawn('atLeast');
    await canvasDrawn('histogram');
    await screenshot(wb.page, 'forecast-howmany-dark');
  });

  it('How Many with a project share: stacked project / BAU histogram with both columns, and its trial CSV matches the screen', async () => {
    const g2 = await generated();
    await fc.locator('fc-inputs details summary').click();
    const settings = await fc.locator('fc-inputs details').innerText();
    assert.ok(!/=>|preventDefault/.test(settings), `"More settings" shows no stray code (${settings.slice(0, 120)})`);
    assert.equal(await fc.locator('fc-inputs details [data-knobs] #in-share').count(), 1, 'the settings are grouped in the form');
    await fc.locator('#in-share').fill('60');
    await rerendered(g2);
    await fc.locator('table[data-alt="histogram"] thead th').nth(2).waitFor({ state: 'attached', timeout: 60_000 });
    assert.equal(await fc.locator('table[data-alt="histogram"] thead th').count(), 3, 'items, project, BAU');
    await canvasDrawn('histogram');
    const v85 = Number(await fc.locator('[data-percentiles] tr[data-p="85"] td[data-value]').innerText());
    await fc.locator('[data-export="csv:trials"]').click();
    const file = path.join(wb.tmp, 'workspace', 'forecast-trials-howmany.csv');
    await saveThroughDialog(wb.page, file, /forecast-howMany-trials-seed12345-.*\.csv$/);
    const lines = (await fs.readFile(file, 'utf8')).trimEnd().split('\r\n');
    assert.equal(lines[0], 'trial,projectItems,bauItems,totalItems');
    const project = lines.slice(1).map((l) => Number(l.split(',')[1])).sort((a, b) => a - b);
    assert.equal(project.length, 10_000);
    assert.equal(project[Math.floor(0.15 * project.length)], v85, 'P85 "at least" of the CSV = the screen');
    await fc.locator('#in-share').fill('');
    await fc.locator('table[data-alt="histogram"] thead th').nth(2).waitFor({ state: 'detached', timeout: 60_000 });
  });

  it('Backlog order tab: every open item with P50/P85/P95, blocked items marked (forecast-order-dark.png)', async () => {
    await fc.locator('[data-tab="perItem"]').click();
    await fc.locator('table[data-per-item] tbody tr').first().waitFor({ timeout: 60_000 });
    assert.ok((await fc.locator('table[data-per-item] tbody tr').count()) >= 10);
    assert.ok((await fc.locator('table[data-per-item] [data-blocked]').count()) >= 1, 'the demo has blocked items');
    assert.match(await fc.locator('table[data-per-item] tbody tr td[data-p="85"]').first().innerText(), /\d/);
    await screenshot(wb.page, 'forecast-order-dark');
  });

  it('Flow metrics and Trust tabs render (forecast-metrics-dark.png, forecast-trust-dark.png)', async () => {
    await fc.locator('[data-tab="metrics"]').click();
    await fc.locator('[data-predictability]').waitFor({ timeout: 60_000 });
    await canvasDrawn('throughput');
    await canvasDrawn('cycleTime');
    await canvasDrawn('cfd');
    await screenshot(wb.page, 'forecast-metrics-dark');
    await fc.locator('[data-tab="trust"]').click();
    await fc.locator('[data-ledger]').waitFor({ timeout: 120_000 });
    await screenshot(wb.page, 'forecast-trust-dark');
  });

  it('a CSV of throughput picked through the open dialog gives a forecast (source picker)', async () => {
    await fc.locator('[data-tab="when"]').click();
    await fc.locator('fc-when [data-percentiles]').waitFor({ timeout: 60_000 });
    const file = path.join(wb.tmp, 'workspace', 'throughput.csv');
    await fs.writeFile(file, `week,throughput\n${[4, 6, 3, 5, 7, 2, 5, 6, 4, 5, 3, 6].map((n, i) => `w${i + 1},${n}`).join('\n')}\n`);
    await fc.locator('#in-source').selectOption('csv');
    await fc.locator('[data-error="sourceKind"]').waitFor(); // no file yet: marked, nothing runs
    const g = await generated();
    await fc.locator('#in-csv').click();
    const asked = wb.page.locator('.quick-input-widget', { hasText: 'What does throughput.csv hold?' });
    await answerFileDialog(wb.page, file, () => asked.isVisible(), 'csv-source');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Items finished per working day' }).first().click();
    await wb.page.locator('.quick-input-widget', { hasText: 'Which column holds the items finished?' }).waitFor({ timeout: 20_000 });
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'throughput' }).first().click();
    await fc.locator('[data-csv-name]', { hasText: 'throughput.csv' }).waitFor({ timeout: 20_000 });
    await fc.locator('#in-remaining').fill('40');
    await rerendered(g);
    assert.equal(await fc.locator('[data-refusal]').count(), 0);
    const p85 = await fc.locator('fc-when [data-percentiles] tr[data-p="85"] td[data-date]').getAttribute('data-date');
    assert.match(p85 ?? '', /^\d{4}-\d{2}-\d{2}$/, '40 items at about 4.7 a day have a P85 date');
    await fc.locator('#in-source').selectOption('backlog');
    await fc.locator('#in-remaining').fill('');
  });

  it('follows the light theme on every tab (forecast-{when,howmany,order,metrics,trust}-light.png) and no CSP violation happened', async () => {
    if ((await fc.locator('#in-source').inputValue()) !== 'backlog') await fc.locator('#in-source').selectOption('backlog');
    await fc.locator('[data-tab="when"]').click();
    await fc.locator('fc-when [data-percentiles]').waitFor({ timeout: 60_000 });
    await runCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
    await wb.page.waitForTimeout(1500);
    await screenshot(wb.page, 'forecast-when-light');
    const tabs: [tab: string, shown: string, name: string][] = [
      ['howMany', 'fc-how-many [data-percentiles]', 'forecast-howmany-light'],
      ['perItem', 'table[data-per-item] tbody tr', 'forecast-order-light'],
      ['metrics', '[data-predictability]', 'forecast-metrics-light'],
      ['trust', '[data-ledger]', 'forecast-trust-light'],
    ];
    for (const [tab, shown, name] of tabs) {
      await fc.locator(`[data-tab="${tab}"]`).click();
      await fc.locator(shown).first().waitFor({ timeout: 120_000 });
      await wb.page.waitForTimeout(800); // the charts take the new theme's colours
      await screenshot(wb.page, name);
    }
    assert.deepEqual(cspViolations(wb), []);
  });
});
