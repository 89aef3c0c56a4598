// Forecasting from Azure DevOps the way a user does it, in real VS Code (code-server + Chromium)
// against the local fake Azure DevOps server (the real azure-devops-node-api client runs in the
// extension host): Set PAT, Configure (URL, project, team, saved query picked from the server) and
// Sync through the palette; then the Forecast panel offers the synced items as a source and its
// calendar heatmap names the team's sprints on their days (a hostile sprint name stays text) and
// dims the team's day off.
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { fakeGuid, generateItems } from '../fakes/ado/adoData';
import { FakeAdoServer } from '../fakes/ado/adoServer';
import { MICROSOFT_STAND_IN_TOKEN } from '../../src/core/ado/testStandIn';
import { cspViolations, findWebviewFrame, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

const PAT = 'e2epat7c6b5a4f3e2d1c0ba9';
const PROJECT = 'Fabrikam Fiber';
const TEAM = 'Web Team';
const SPRINT = 'Sprint <img src=x onerror=alert(1)> 42';
const WIQL = 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [Microsoft.VSTS.Common.BacklogPriority]';

describe('Forecast from Azure DevOps, in real VS Code (Chromium, fake Azure DevOps server)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let fake: FakeAdoServer;
  let fc: Frame;
  const today = Math.floor(Date.now() / 86_400_000);
  const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
  const weekday = (d: number) => ((new Date(d * 86_400_000).getUTCDay() + 6) % 7) + 1; // Monday 1 .. Sunday 7
  /** A team day off: the first Tuesday to Thursday of the second sprint (its neighbours are working days). */
  const dayOff = (() => {
    let d = today + 8;
    while (weekday(d) < 2 || weekday(d) > 4) d++;
    return d;
  })();

  const quick = () => wb.page.locator('.quick-input-widget input');
  /** Types into the open quick input and accepts (a pick when `row` names the row to wait for). */
  async function answer(text: string, row?: string): Promise<void> {
    await quick().waitFor({ state: 'visible', timeout: 20_000 });
    await quick().fill(text);
    if (row) await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: row }).first().waitFor({ timeout: 20_000 });
    else await wb.page.waitForTimeout(400); // the input box validates what was typed
    await wb.page.keyboard.press('Enter');
  }
  async function titled(title: string): Promise<void> {
    await wb.page.locator('.quick-input-widget', { hasText: title }).waitFor({ timeout: 30_000 });
  }

  before(async () => {
    fake = new FakeAdoServer({ pat: PAT, bearer: MICROSOFT_STAND_IN_TOKEN });
    const p = fake.addProject(PROJECT, TEAM);
    generateItems(p, fake.watermarks, { count: 160, endDay: today, days: 120 });
    p.queries.push({ id: fakeGuid(9), name: 'Team backlog', path: 'Shared Queries/Team backlog', wiql: WIQL });
    p.teams[0].iterations.push(
      { id: fakeGuid(4), name: SPRINT, path: `${PROJECT}\\A`, start: iso(today - 7), finish: iso(today + 6), daysOff: [], members: [] },
      { id: fakeGuid(4), name: 'Sprint 43', path: `${PROJECT}\\B`, start: iso(today + 7), finish: iso(today + 20), daysOff: [{ start: iso(dayOff), end: iso(dayOff) }], members: [] },
      { id: fakeGuid(4), name: 'Sprint 44', path: `${PROJECT}\\C`, start: iso(today + 21), finish: iso(today + 34), daysOff: [], members: [] },
    );
    await fake.start();
    wb = await openWorkbench({ viewport: { width: 1440, height: 1000 }, workspaceSettings: { 'flowcast.demo.seedIfEmpty': true } });
  });

  after(async () => {
    await wb?.close();
    await fake?.stop();
  });

  it('Set PAT, Configure (project, team and saved query picked from the server) and Sync through the palette', async () => {
    await runCommand(wb.page, 'Flowcast: Set Azure DevOps PAT');
    await titled('organization or collection URL');
    await answer(fake.url);
    await titled('Personal access token');
    assert.equal(await wb.page.locator('.quick-input-widget input[type="password"]').count(), 1, 'the PAT is typed in a password box');
    await answer(PAT);
    await wb.page.getByText('Azure DevOps PAT saved').first().waitFor({ timeout: 20_000 });

    await runCommand(wb.page, 'Flowcast: Configure Azure DevOps Connection');
    await titled('organization or collection URL');
    await answer(fake.url);
    await titled('Sign in to Azure DevOps with');
    await answer('Personal access token', 'Personal access token');
    await titled('Azure DevOps project');
    await answer(PROJECT, PROJECT);
    await titled('Team');
    await answer(TEAM, TEAM);
    await titled('Saved query');
    await answer('Team backlog', 'Team backlog');
    await quick().waitFor({ state: 'hidden', timeout: 20_000 });

    await runCommand(wb.page, 'Flowcast: Sync from Azure DevOps');
    const status = wb.page.locator('.statusbar-item', { hasText: 'Azure DevOps: last synced' });
    await status.first().waitFor({ timeout: 120_000 });
    assert.ok(fake.counters.requests > 0, 'the extension host talked to the fake server');
  });

  it('the Forecast panel offers the synced items; When from them shows the sprints and the team day off on the calendar heatmap (forecast-ado-calendar-dark.png)', async () => {
    await runCommand(wb.page, 'Flowcast: Open Forecast');
    fc = await findWebviewFrame(wb.page, 'flowcast-forecast', async (f) => (await f.locator('#in-source option[value="azureDevOps"]').count()) > 0, 60_000);
    assert.match((await fc.locator('#in-source option[value="azureDevOps"]').textContent()) ?? '', new RegExp(`${PROJECT} / ${TEAM}`));
    await fc.locator('[data-tab="when"]').click();
    await fc.locator('#in-source').selectOption('azureDevOps');
    await fc.locator('#in-remaining').fill('60');
    await fc.locator('fc-when', { hasText: '60 items' }).first().waitFor({ timeout: 60_000 });
    assert.equal(await fc.locator('#in-source').inputValue(), 'azureDevOps');
    const firstSprintDay = fc.locator(`fc-calendar td[data-date="${iso(today)}"]`);
    await firstSprintDay.waitFor({ timeout: 60_000 });
    const end = Date.now() + 60_000;
    while ((await firstSprintDay.getAttribute('data-sprint')) !== SPRINT && Date.now() < end) await wb.page.waitForTimeout(200);
    assert.equal(await firstSprintDay.getAttribute('data-sprint'), SPRINT, "today's cell belongs to the current sprint");
    assert.match((await firstSprintDay.getAttribute('aria-label')) ?? '', /sprint Sprint <img/, 'the sprint is in the cell text alternative');
    assert.equal(await fc.locator(`fc-calendar td[data-date="${iso(today + 7)}"]`).getAttribute('data-sprint'), 'Sprint 43');
    const named = await fc.locator('fc-calendar [data-sprint-label]').allTextContents();
    assert.ok(named.includes('Sprint 43') && named.includes('Sprint 44'), `the sprints are named on their first days (${named.join(', ')})`);
    assert.equal(await fc.locator('fc-calendar img').count(), 0, 'a hostile sprint name creates no element');
    const off = (d: number) => fc.locator(`fc-calendar td[data-date="${iso(d)}"]`).evaluate((e) => (e as unknown as { classList: { contains(c: string): boolean } }).classList.contains('off'));
    assert.equal(await off(dayOff), true, 'the team day off from Azure DevOps is dimmed');
    assert.equal(await off(dayOff - 1), false, 'the working day before it is not');
    assert.notEqual(await fc.locator(`fc-calendar td[data-date="${iso(today + 7)}"]`).getAttribute('data-sprint-parity'), await firstSprintDay.getAttribute('data-sprint-parity'), 'neighbouring sprints are told apart');
    await fc.locator('fc-calendar').scrollIntoViewIfNeeded();
    await screenshot(wb.page, 'forecast-ado-calendar-dark');
  });

  it('the Flow metrics tab follows the source (Azure DevOps states), and no CSP violation happened', async () => {
    await fc.locator('[data-tab="metrics"]').click();
    await fc.locator('[data-predictability]').waitFor({ timeout: 60_000 });
    const cfd = (await fc.locator('table[data-alt="cfd"]').textContent({ timeout: 30_000 })) ?? '';
    assert.match(cfd, /Active|Resolved|Closed/, 'the cumulative flow counts the Azure DevOps states');
    assert.deepEqual(cspViolations(wb), []);
    const texts = wb.console.map((m) => m.text);
    assert.ok(!texts.some((t) => t.includes(PAT)), 'the PAT never reached a page or its console');
  });

  it('Publish to Azure DevOps from the palette: two items picked, the type asked once per local type, the cards show their work item (board-published-dark.png); Pull State moves a card to its state', async () => {
    await runCommand(wb.page, 'Flowcast: Publish to Azure DevOps');
    await titled('Items to publish to Azure DevOps');
    const rows = wb.page.locator('.quick-input-widget .monaco-list-row');
    await rows.first().waitFor({ timeout: 20_000 });
    const ids: string[] = [];
    for (const i of [0, 1]) {
      ids.push(((await rows.nth(i).locator('.label-description').first().textContent()) ?? '').trim());
      await rows.nth(i).locator('.monaco-custom-toggle').first().click();
    }
    assert.ok(ids.every((id) => /^[A-Z]+-\d+$/.test(id)), ids.join(', '));
    await quick().press('Enter');
    // One question per local type among the picked items, the suggested type first.
    for (let asked = 0; asked < 2; asked++) {
      const typeQuestion = wb.page.locator('.quick-input-widget', { hasText: 'Azure DevOps work item type for' });
      if (!(await typeQuestion.waitFor({ timeout: 8_000 }).then(() => true, () => false))) break;
      await wb.page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 10_000 });
      await wb.page.keyboard.press('Enter');
      await wb.page.waitForTimeout(500);
    }
    await wb.page.getByText(/Published 2 item\(s\) to Azure DevOps/).first().waitFor({ timeout: 60_000 });
    assert.equal(fake.created.length, 2, 'two work items created');

    await runCommand(wb.page, 'Flowcast: Open Board');
    const board = await findWebviewFrame(wb.page, 'flowcast-board', async (f) => (await f.locator(`li.card[data-id="${ids[0]}"] .work-item`).count()) > 0, 60_000);
    for (const [i, id] of ids.entries()) assert.match((await board.locator(`li.card[data-id="${id}"] .work-item`).textContent()) ?? '', new RegExp(`#${fake.created[i]}`));
    await board.locator(`li.card[data-id="${ids[0]}"]`).scrollIntoViewIfNeeded();
    await screenshot(wb.page, 'board-published-dark');

    const p = fake.projects[0];
    const w = p.items.get(fake.created[0])!;
    w.revisions.push({ rev: w.revisions.length + 1, watermark: fake.watermarks.take(), fields: { ...w.revisions[w.revisions.length - 1].fields, 'System.State': 'Closed', 'System.ChangedDate': new Date().toISOString() } });
    await runCommand(wb.page, 'Flowcast: Pull State from Azure DevOps');
    await wb.page.getByText(/moved to their Azure DevOps state/).first().waitFor({ timeout: 60_000 });
    await board.locator(`section.column[data-status="done"] li.card[data-id="${ids[0]}"]`).waitFor({ timeout: 30_000 });
    assert.deepEqual(cspViolations(wb), []);
  });

  it('Microsoft sign-in: Configure with "Microsoft account", VS Code asks the user\'s consent (Allow; ado-microsoft-consent-dark.png), then the pickers and Sync use the account\'s token as Bearer', async () => {
    // No network here: a stand-in takes the place of VS Code's Microsoft accounts provider.
    await runCommand(wb.page, 'Flowcast: Stand In for Microsoft Sign-in (Tests)');
    const before = fake.counters.bearerRequests;
    await runCommand(wb.page, 'Flowcast: Configure Azure DevOps Connection');
    await titled('organization or collection URL');
    await answer(fake.url);
    await titled('Sign in to Azure DevOps with');
    await answer('Microsoft account', 'Microsoft account');
    const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'wants to sign in using Microsoft' });
    await dialog.waitFor({ timeout: 30_000 });
    await screenshot(wb.page, 'ado-microsoft-consent-dark');
    await dialog.getByRole('button', { name: 'Allow' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    await titled('Azure DevOps project');
    await answer(PROJECT, PROJECT);
    await titled('Team');
    // The workbench stays inert for a moment after a modal dialog: wait until the input takes text.
    await wb.page.locator('.monaco-workbench[inert], .monaco-workbench [inert]').first().waitFor({ state: 'detached', timeout: 20_000 });
    await answer(TEAM, TEAM);
    await titled('Saved query');
    await answer('Team backlog', 'Team backlog');
    await quick().waitFor({ state: 'hidden', timeout: 20_000 });
    const afterConfigure = fake.counters.bearerRequests;
    assert.ok(afterConfigure > before, 'the pickers were fed with the Microsoft token');
    await runCommand(wb.page, 'Flowcast: Sync from Azure DevOps');
    const end = Date.now() + 60_000;
    while (fake.counters.bearerRequests <= afterConfigure + 3 && Date.now() < end) await wb.page.waitForTimeout(250);
    assert.ok(fake.counters.bearerRequests > afterConfigure + 3, 'the sync authenticated with the Microsoft token');
    await wb.page.locator('.statusbar-item', { hasText: 'Azure DevOps: last synced just now' }).first().waitFor({ timeout: 60_000 });
    assert.ok(!wb.console.some((m) => m.text.includes(MICROSOFT_STAND_IN_TOKEN)), 'the token never reached a page or its console');
  });
});
