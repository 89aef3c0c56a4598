// Azure DevOps on the VS Code side: Set / Clear PAT (SecretStorage, keyed by organization),
// Configure connection (pickers for project, team and saved query from the server), Sync (progress,
// cancellable) and a "last synced" status bar text. Wired by one registerAzureDevOps(context, deps).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import * as vscode from 'vscode';
import { AdoClient, AdoError, ClearPatArgsSchema, connectionKey, extractionFromCache, parseAdoArgs, parseConnection, readCacheSnapshot, SetPatArgsSchema, syncAzureDevOps, syncAge, type AdoConnection, type SyncAge, type AdoConnectionInput, type AdoForecastData, type SyncReport, type TransportOptions, type AdoAuth, type AuthMethod } from '../core/ado';
import { SecretStore } from '../platform/secrets';

export interface AzureDevOpsDeps {
  /** Loads sql.js (the extension's own copy). */
  getSql: () => Promise<SqlJsStatic>;
  /** Folder for the per-connection cache files (never a backlog's folder). */
  storageDir: string;
  /** The backlog a connection belongs to (connections are per backlog). */
  activeBacklogId: () => string | undefined;
  log?: (message: string) => void;
}

const STATE_KEY = 'flowcast.azureDevOps.connections';
/** VS Code's Microsoft accounts provider, and Azure DevOps' resource (its app ID) as the token scope. */
const MICROSOFT_PROVIDER = 'microsoft';
export const AZURE_DEVOPS_SCOPES = ['499b84ac-1321-427f-aa17-267ca6975798/.default'];
/** Stands in for the parts of a connection not known yet when only the URL is checked. */
const PROBE_QUERY = 'SELECT [System.Id] FROM WorkItems';

/** SecretStorage name of an organization's PAT (lower-case, safe characters, bounded). */
export function patSecretName(organization: string): string {
  const slug = organization.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 40);
  let h = 0x811c9dc5;
  for (let i = 0; i < organization.length; i++) h = Math.imul(h ^ organization.charCodeAt(i), 0x01000193) >>> 0;
  return `ado-pat.${slug || 'org'}.${h.toString(16)}`;
}

export function cacheFileOf(storageDir: string, c: AdoConnection): string {
  return path.join(storageDir, 'azure-devops', `${connectionKey(c)}.sqlite`);
}

/** What the rest of Flowcast reads from the Azure DevOps side. */
export interface AzureDevOpsAccess {
  lastSync(): SyncReport | undefined;
  /** The active backlog's connection, if one is configured. */
  connection(): AdoConnection | undefined;
  /** The active connection's cache file (a database of its own, never the backlog's). */
  cacheFile(): string | undefined;
  /** The synced items as a forecast source (offline, from the cache; read again only when the cache file changed); undefined before a first sync. */
  forecastData(): Promise<AdoForecastData | undefined>;
  /** Fires after a sync finished (the forecast panel offers and refreshes the synced items). */
  onDidSync: vscode.Event<SyncReport>;
  /** A client of the active backlog's connection with its PAT; an AdoError saying what to run when either is missing. The caller disposes it. */
  openClient(transport?: TransportOptions): Promise<{ connection: AdoConnection; client: AdoClient }>;
  /** Shows an Azure DevOps failure (its own message, never the PAT). */
  showError(err: unknown): void;
}

export function registerAzureDevOps(context: vscode.ExtensionContext, deps: AzureDevOpsDeps): AzureDevOpsAccess {
  const secrets = new SecretStore(context.secrets);
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 20);
  status.command = 'flowcast.azureDevOps.sync';
  let last: SyncReport | undefined;
  const backlogKey = () => deps.activeBacklogId() ?? 'default';
  const stored = (): Record<string, AdoConnectionInput> => context.globalState.get<Record<string, AdoConnectionInput>>(STATE_KEY) ?? {};
  const connection = (): AdoConnection | undefined => {
    const input = stored()[backlogKey()];
    return input ? parseConnection(input) : undefined;
  };
  const refreshStatus = () => {
    const c = connection();
    if (!c) return status.hide();
    const at = last?.syncedAt ?? context.globalState.get<string>(`${STATE_KEY}.syncedAt.${connectionKey(c)}`) ?? null;
    status.text = `$(cloud) ${vscode.l10n.t('Azure DevOps: {0}', syncedAgoText(syncAge(at)))}`;
    status.tooltip = vscode.l10n.t('Sync {0} / {1} from Azure DevOps', c.project, c.team);
    status.show();
  };
  const timer = setInterval(refreshStatus, 60_000);
  const synced = new vscode.EventEmitter<SyncReport>();
  /** The last cache read as forecast data, by the cache file's stamp (path, mtime, size) and the connection's done-date rule. */
  let read: { stamp: string; data: AdoForecastData | undefined } | undefined;
  context.subscriptions.push(synced);
  const showError = (err: unknown) => {
    const text = err instanceof AdoError || (err as { userFacing?: boolean }).userFacing ? (err as Error).message : vscode.l10n.t('Azure DevOps failed: {0}', err instanceof Error ? err.message : String(err));
    deps.log?.(text);
    void vscode.window.showErrorMessage(text);
  };
  const pat = async (c: Pick<AdoConnection, 'organization'>) => {
    const value = await secrets.get(patSecretName(c.organization));
    if (!value) throw new AdoError('auth', vscode.l10n.t('No Azure DevOps PAT for {0}: run "Flowcast: Set Azure DevOps PAT".', c.organization));
    return value;
  };
  /** The connection's credentials: its PAT, or a Microsoft account token from VS Code (signing in when needed). */
  const credentials = async (c: Pick<AdoConnection, 'organization' | 'auth'>): Promise<AdoAuth> => {
    if (c.auth !== 'microsoft') return { pat: await pat(c) };
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await vscode.authentication.getSession(MICROSOFT_PROVIDER, AZURE_DEVOPS_SCOPES, { createIfNone: true });
    } catch (err) {
      throw new AdoError('auth', vscode.l10n.t('Microsoft sign-in for Azure DevOps did not complete ({0}). Sign in again, or use a PAT: run "Flowcast: Configure Azure DevOps Connection".', err instanceof Error ? err.message : String(err)));
    }
    return { bearer: session.accessToken };
  };

  const askUrl = async (current?: string) => {
    const url = await vscode.window.showInputBox({
      title: vscode.l10n.t('Azure DevOps organization or collection URL'),
      value: current ?? 'https://dev.azure.com/',
      validateInput: (v) => {
        try {
          parseConnection({ url: v, project: 'p', team: 't', query: PROBE_QUERY });
          return undefined;
        } catch (err) {
          return (err as Error).message;
        }
      },
    });
    return url ? parseConnection({ url, project: 'p', team: 't', query: PROBE_QUERY }) : undefined;
  };

  /** How to sign in: a PAT (said when one is stored) or the Microsoft account VS Code knows. */
  const askAuth = async (organization: string, current?: AuthMethod): Promise<AuthMethod | undefined> => {
    const stored = !!(await secrets.get(patSecretName(organization)));
    const items: (vscode.QuickPickItem & { method: AuthMethod })[] = [
      { label: vscode.l10n.t('Personal access token'), description: stored ? vscode.l10n.t('stored for {0}', organization) : vscode.l10n.t('asked now, kept in SecretStorage'), method: 'pat' },
      { label: vscode.l10n.t('Microsoft account'), description: vscode.l10n.t('sign in with VS Code, no PAT'), method: 'microsoft' },
    ];
    if (current === 'microsoft') items.reverse();
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Sign in to Azure DevOps with') });
    if (!pick) return undefined;
    if (pick.method === 'pat' && !stored) {
      const value = await vscode.window.showInputBox({ title: vscode.l10n.t('Personal access token for {0} (scope: Work Items Read)', organization), password: true, ignoreFocusOut: true });
      if (!value) return undefined;
      await secrets.store(patSecretName(organization), value.trim());
    }
    return pick.method;
  };

  context.subscriptions.push(
    status,
    { dispose: () => clearInterval(timer) },
    vscode.commands.registerCommand('flowcast.azureDevOps.setPat', async (args?: unknown) => {
      if (args !== undefined) {
        // Called with arguments (tests, agents, other extensions): no prompt; a bad field is a typed error.
        const a = parseAdoArgs(SetPatArgsSchema, args, 'Set Azure DevOps PAT:');
        await secrets.store(patSecretName(orgOf(a.url)), a.pat);
        return true;
      }
      const c = connection() ?? (await askUrl());
      if (!c) return false;
      const value = await vscode.window.showInputBox({ title: vscode.l10n.t('Personal access token for {0} (scope: Work Items Read)', c.organization), password: true, ignoreFocusOut: true });
      if (!value) return false;
      await secrets.store(patSecretName(c.organization), value.trim());
      void vscode.window.showInformationMessage(vscode.l10n.t('Azure DevOps PAT saved for {0}.', c.organization));
      return true;
    }),
    vscode.commands.registerCommand('flowcast.azureDevOps.clearPat', async (args?: unknown) => {
      if (args !== undefined) {
        await secrets.delete(patSecretName(orgOf(parseAdoArgs(ClearPatArgsSchema, args, 'Clear Azure DevOps PAT:').url)));
        return true;
      }
      const c = connection() ?? (await askUrl());
      if (!c) return false;
      await secrets.delete(patSecretName(c.organization));
      void vscode.window.showInformationMessage(vscode.l10n.t('Azure DevOps PAT removed for {0}.', c.organization));
      return true;
    }),
    vscode.commands.registerCommand('flowcast.azureDevOps.configure', async (args?: unknown) => {
      if (args !== undefined) {
        // The whole connection as arguments: validated (a typed error naming the field), then stored.
        const c = parseConnection(args);
        await context.globalState.update(STATE_KEY, { ...stored(), [backlogKey()]: args as AdoConnectionInput });
        refreshStatus();
        return { project: c.project, team: c.team, organization: c.organization };
      }
      try {
        const base = await askUrl(connection()?.url);
        if (!base) return false;
        const auth = await askAuth(base.organization, connection()?.auth);
        if (!auth) return false;
        const probe = new AdoClient({ url: base.url, project: '', team: '' }, await credentials({ organization: base.organization, auth }));
        try {
          const project = (await vscode.window.showQuickPick((await probe.projects()).map((p) => p.name), { title: vscode.l10n.t('Azure DevOps project') })) ?? undefined;
          if (!project) return false;
          const team = await vscode.window.showQuickPick((await probe.teams(project)).map((t) => t.name), { title: vscode.l10n.t('Team') });
          if (!team) return false;
          const queries = await probe.savedQueries(project);
          const pick = await vscode.window.showQuickPick([...queries.map((q) => ({ label: q.name, description: q.path, id: q.id })), { label: vscode.l10n.t('Type WIQL…'), description: '', id: '' }], { title: vscode.l10n.t('Saved query') });
          if (!pick) return false;
          const query = pick.id || (await vscode.window.showInputBox({ title: vscode.l10n.t('WIQL'), value: 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [Microsoft.VSTS.Common.BacklogPriority]' }));
          if (!query) return false;
          const input: AdoConnectionInput = { url: base.url, project, team, query, auth };
          parseConnection(input);
          await context.globalState.update(STATE_KEY, { ...stored(), [backlogKey()]: input });
          refreshStatus();
          return true;
        } finally {
          probe.dispose();
        }
      } catch (err) {
        showError(err);
        return false;
      }
    }),
    vscode.commands.registerCommand('flowcast.azureDevOps.sync', async () => {
      const c = connection();
      if (!c) {
        void vscode.window.showWarningMessage(vscode.l10n.t('No Azure DevOps connection: run "Flowcast: Configure Azure DevOps Connection".'));
        return undefined;
      }
      try {
        const auth = await credentials(c);
        const SQL = await deps.getSql();
        const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Syncing Azure DevOps'), cancellable: true }, async (progress, cancel) => {
          const ac = new AbortController();
          cancel.onCancellationRequested(() => ac.abort());
          return syncAzureDevOps({
            SQL,
            file: cacheFileOf(deps.storageDir, c),
            connection: c,
            auth,
            transport: { signal: ac.signal, onRetry: (r) => deps.log?.(`Azure DevOps: retry ${r.attempt} in ${r.delayMs} ms (${r.reason})`) },
            onProgress: (p) => progress.report({ message: vscode.l10n.t('{0}: {1} / {2}', p.stage, p.done, p.total) }),
          });
        });
        last = report;
        synced.fire(report);
        await context.globalState.update(`${STATE_KEY}.syncedAt.${connectionKey(c)}`, report.syncedAt);
        for (const w of report.warnings) deps.log?.(w);
        if (report.warnings.length) void vscode.window.showWarningMessage(report.warnings[0]);
        refreshStatus();
        return report;
      } catch (err) {
        showError(err);
        return undefined;
      }
    }),
  );
  refreshStatus();
  return {
    showError,
    openClient: async (transport) => {
      const c = connection();
      if (!c) throw new AdoError('notFound', vscode.l10n.t('No Azure DevOps connection: run "Flowcast: Configure Azure DevOps Connection".'));
      return { connection: c, client: new AdoClient({ url: c.url, project: c.project, team: c.team }, await credentials(c), { ...transport, onRetry: (r) => deps.log?.(`Azure DevOps: retry ${r.attempt} in ${r.delayMs} ms (${r.reason})`) }) };
    },
    onDidSync: synced.event,
    lastSync: () => last,
    connection,
    cacheFile: () => {
      const c = connection();
      return c ? cacheFileOf(deps.storageDir, c) : undefined;
    },
    forecastData: async () => {
      const c = connection();
      if (!c) return undefined;
      // The panel asks on every backlog change: read the cache again only when a sync rewrote it.
      const file = cacheFileOf(deps.storageDir, c);
      const stamp = await fs.stat(file).then((st) => `${file}|${st.mtimeMs}|${st.size}|${JSON.stringify(c.doneDate)}|${c.project}|${c.team}`, () => undefined);
      if (!stamp) return undefined;
      if (read?.stamp === stamp) return read.data;
      const snapshot = await readCacheSnapshot(await deps.getSql(), file);
      const data = snapshot ? { ...extractionFromCache(snapshot, c.doneDate), label: `${c.project} / ${c.team}` } : undefined;
      read = { stamp, data };
      return data;
    },
  };
}

/** The organization of a collection URL (the key of its PAT). */
function orgOf(url: string): string {
  return parseConnection({ url, project: 'p', team: 't', query: PROBE_QUERY }).organization;
}

/** The status bar's "last synced 5 min ago", in the UI language. */
function syncedAgoText(age: SyncAge): string {
  switch (age.kind) {
    case 'never': return vscode.l10n.t('never synced');
    case 'justNow': return vscode.l10n.t('last synced just now');
    case 'minutes': return vscode.l10n.t('last synced {0} min ago', age.n);
    case 'hours': return vscode.l10n.t('last synced {0} h ago', age.n);
    case 'days': return vscode.l10n.t('last synced {0} days ago', age.n);
  }
}
