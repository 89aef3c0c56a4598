// A stand-in for VS Code's Microsoft accounts provider, for the UI tests only (no network here):
// registered under the provider id "microsoft", it hands out a fixed token, so the real consent
// dialog, the real vscode.authentication call and the Bearer header can be exercised end to end.
// Registered only in test runs (see extension.ts), never in a user's VS Code.
import * as vscode from 'vscode';
import { MICROSOFT_STAND_IN_TOKEN } from '../core/ado/testStandIn';


export function registerAzureDevOpsTestCommands(context: vscode.ExtensionContext): void {
  let registered: vscode.Disposable | undefined;
  context.subscriptions.push(
    { dispose: (): void => void registered?.dispose() },
    vscode.commands.registerCommand('flowcast.test.standInMicrosoftSignIn', () => {
      if (registered) return true;
      const changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
      const sessions: vscode.AuthenticationSession[] = [];
      registered = vscode.authentication.registerAuthenticationProvider('microsoft', 'Microsoft (test stand-in)', {
        onDidChangeSessions: changed.event,
        getSessions: async (scopes?: readonly string[]) => sessions.filter((s) => !scopes || scopes.every((x) => s.scopes.includes(x))),
        createSession: async (scopes: readonly string[]) => {
          const s: vscode.AuthenticationSession = { id: `s${sessions.length + 1}`, accessToken: MICROSOFT_STAND_IN_TOKEN, account: { id: 'dev', label: 'dev@fabrikam.example' }, scopes: [...scopes] };
          sessions.push(s);
          changed.fire({ added: [s], removed: [], changed: [] });
          return s;
        },
        removeSession: async (id: string) => {
          const i = sessions.findIndex((s) => s.id === id);
          if (i >= 0) changed.fire({ added: [], removed: sessions.splice(i, 1), changed: [] });
        },
      });
      return true;
    }),
  );
}
