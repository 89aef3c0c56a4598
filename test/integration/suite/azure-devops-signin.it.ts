// Microsoft sign-in for Azure DevOps in real VS Code: a connection configured with `auth: 'microsoft'`
// asks VS Code's accounts (vscode.authentication, provider "microsoft", the Azure DevOps resource as
// scope) for its token. The test stands in for the Microsoft accounts provider (no network here).
// VS Code asks the user's consent in a dialog, which the integration host refuses: this proves the
// refused path; the UI test (forecast-azure-devops.e2e.ts) clicks Allow and syncs with the token.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AZURE_DEVOPS_SCOPES } from '../../../src/ado/azureDevOpsCommands';
import type { SyncReport } from '../../../src/core/ado';
import { generateItems } from '../../fakes/ado/adoData';
import { FakeAdoServer } from '../../fakes/ado/adoServer';
import { activate, type TestingApi } from '../helpers';

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.test-entra-token';
const PROJECT = 'Contoso';
const TEAM = 'Mobile';

describe('Azure DevOps Microsoft sign-in (real VS Code, vscode.authentication, fake server)', function () {
  this.timeout(120_000);
  let api: TestingApi;
  let fake: FakeAdoServer;
  let home: string | undefined;
  let registration: vscode.Disposable | undefined;
  const asked: string[][] = [];

  before(async () => {
    api = await activate();
    home = (await api.getActiveBacklog())?.id;
    await api.switchBacklog((await api.createBacklog('Azure DevOps sign-in suite')).id);
    // Only the Bearer token opens this server: no PAT of any kind is accepted.
    fake = new FakeAdoServer({ pat: 'no-pat-is-valid-here-000', bearer: TOKEN });
    generateItems(fake.addProject(PROJECT, TEAM), fake.watermarks, { count: 30, endDay: Math.floor(Date.now() / 86_400_000), days: 60 });
    await fake.start();
    const changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
    const session = (scopes: readonly string[]): vscode.AuthenticationSession => ({ id: 's1', accessToken: TOKEN, account: { id: 'a1', label: 'dev@contoso.example' }, scopes });
    registration = vscode.authentication.registerAuthenticationProvider('microsoft', 'Microsoft (test stand-in)', {
      onDidChangeSessions: changed.event,
      getSessions: async (scopes?: readonly string[]) => {
        if (scopes) asked.push([...scopes]);
        return scopes ? [session(scopes)] : [];
      },
      createSession: async (scopes: readonly string[]) => {
        asked.push([...scopes]);
        return session(scopes);
      },
      removeSession: async () => undefined,
    });
  });

  after(async () => {
    registration?.dispose();
    await fake.stop();
    if (home) await api.switchBacklog(home);
  });

  it('configure with auth "microsoft": Sync asks VS Code for a Microsoft session with the Azure DevOps scope; without the user\'s consent (tests refuse dialogs) nothing is requested and nothing synced', async () => {
    const ado = (api.__testing as unknown as { azureDevOps: { lastSync(): SyncReport | undefined; connection(): { auth: string } | undefined } }).azureDevOps;
    const configured = await vscode.commands.executeCommand<{ project: string }>('flowcast.azureDevOps.configure', { url: fake.url, project: PROJECT, team: TEAM, query: 'SELECT [System.Id] FROM WorkItems', timeZone: 'UTC', auth: 'microsoft' });
    assert.equal(configured.project, PROJECT);
    assert.equal(ado.connection()?.auth, 'microsoft');
    fake.resetCounters();
    const report = await vscode.commands.executeCommand<SyncReport | undefined>('flowcast.azureDevOps.sync');
    assert.equal(report, undefined, 'no consent, no sync');
    assert.equal(ado.lastSync(), undefined);
    assert.equal(fake.counters.requests, 0, 'no request went out without a token');
    assert.ok(asked.some((s) => s.join(' ') === AZURE_DEVOPS_SCOPES.join(' ')), `VS Code was asked for the Azure DevOps scope (${JSON.stringify(asked)})`);
    assert.deepEqual(AZURE_DEVOPS_SCOPES, ['499b84ac-1321-427f-aa17-267ca6975798/.default']);
  });

  it('a bad auth method is refused naming the field', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('flowcast.azureDevOps.configure', { url: fake.url, project: PROJECT, team: TEAM, query: 'SELECT [System.Id] FROM WorkItems', auth: 'kerberos' })), (e: { args?: { field?: string } }) => e.args?.field === 'auth');
  });
});
