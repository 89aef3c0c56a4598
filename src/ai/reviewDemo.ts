// TEST ONLY: a review list filled with fixed proposals, so the UI tests can drive the review page
// without an AI provider (Playwright runs commands from the palette, without arguments).
// Registered by extension.ts only outside production mode (development and test modes).
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { emptyFields } from '../core/backlog/model';
import type { EditableFields } from '../core/protocol';
import type { ProposalInput, ReviewPanelManager, ReviewSession } from './reviewPanel';

function fields(f: Partial<EditableFields> & { title: string }): EditableFields {
  const { attachments: _a, links: _l, ...base } = emptyFields();
  return { ...base, ...f };
}

/** Four proposals as an extraction from meeting notes would make them (one with a warning, one hostile). */
export function demoProposals(): ProposalInput[] {
  return [
    {
      fields: fields({
        type: 'BUG',
        title: 'Login fails when the password contains a quote',
        priority: 'high',
        effort: 'S',
        severity: 'P1',
        description: 'Users whose password contains \' or " cannot sign in since 2.3.',
        criteria: [
          { text: 'A password with quotes signs in', checked: false },
          { text: 'A regression test covers it', checked: false },
        ],
      }),
      source: 'Support: several users cannot log in when their password has a quote in it (since 2.3).',
    },
    {
      fields: fields({
        type: 'FEAT',
        title: 'Export the board as CSV',
        priority: 'medium',
        effort: 'M',
        description: 'Sales wants the current board in a spreadsheet every Monday.',
        criteria: [{ text: 'Every visible column is exported', checked: false }],
      }),
      source: 'Sales asked again for a CSV export of the board for the Monday meeting.',
      warnings: ['The notes do not say which columns the export needs.'],
    },
    {
      fields: fields({
        type: 'TASK',
        title: 'Renew the TLS certificate of the staging server',
        effort: 'XS',
        description: 'It expires at the end of the month.',
      }),
      source: 'Reminder: staging cert expires end of month.',
    },
    {
      fields: fields({
        type: 'IDEA',
        title: 'Try <b>dark</b> mode for the <script>alert(1)</script> docs site',
        priority: 'low',
        description: 'Raw <img src=x onerror=alert(1)> markup must show as text.',
      }),
      source: 'Someone said: <b>dark mode</b> for the docs <script>alert(1)</script>?',
    },
  ];
}

/**
 * Registers `flowcast.test.showReviewDemo`: opens a review list of the demo proposals for the
 * active backlog, as a running extraction that finishes after 2.5 s (the last proposal arrives
 * then; Cancel extraction before that stops it with a message). Returns the session (integration tests).
 */
export function registerReviewTestCommands(context: vscode.ExtensionContext, manager: ReviewPanelManager, service: BacklogService): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('flowcast.test.showReviewDemo', async (opts?: { delayMs?: number }): Promise<ReviewSession | undefined> => {
      const active = await service.getActiveBacklog().catch(() => undefined);
      if (!active) {
        void vscode.window.showErrorMessage('Flowcast test: create a backlog first.');
        return undefined;
      }
      const all = demoProposals();
      const session = manager.open({
        backlogId: active.id,
        title: 'Review demo',
        onCancel: () => {
          clearTimeout(timer);
          session.finish('Extraction cancelled.');
        },
      });
      session.add(all.slice(0, -1));
      session.progress(1, 2);
      const timer = setTimeout(() => {
        session.add(all.slice(-1));
        session.progress(2, 2);
        session.finish();
      }, opts?.delayMs ?? 2500);
      return session;
    }),
  );
  // The palette shows the test commands only when this is set (package.json "when": "flowcast.devMode").
  void vscode.commands.executeCommand('setContext', 'flowcast.devMode', true);
}
