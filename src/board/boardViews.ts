import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { buildWebviewHtml } from '../platform/webviewHtml';
import { WebviewViewHost } from '../platform/webviewViewHost';
import { BoardConnection } from './boardConnection';
import { SingletonPanelManager } from '../platform/singletonPanel';
import type { CardDatesAnswer } from '../forecast/cardDates';
import type { LiveForecast } from '../forecast/liveForecast';

export const BOARD_VIEW_ID = 'flowcast.board';
export const BOARD_PANEL_TYPE = 'flowcast.boardPanel';

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return buildWebviewHtml(webview, extensionUri, { entry: 'board', title: vscode.l10n.t('Flowcast Board'), lang: vscode.env.language });
}

/** The Board in the Flowcast sidebar. */
export class BoardViewProvider extends WebviewViewHost<BoardConnection> {
  constructor(extensionUri: vscode.Uri, service: BacklogService, dates?: LiveForecast<CardDatesAnswer>) {
    super(
      extensionUri,
      (webview) => new BoardConnection(webview, service, 'sidebar', dates),
      (webview) => html(webview, extensionUri),
    );
  }
}

/** The Board in an editor tab ("Flowcast: Open Board"); restored after a reload by the serializer. */
export class BoardPanelManager extends SingletonPanelManager<BoardConnection> {
  constructor(
    extensionUri: vscode.Uri,
    private readonly service: BacklogService,
    private readonly dates?: LiveForecast<CardDatesAnswer>,
  ) {
    super(extensionUri, BOARD_PANEL_TYPE);
  }

  protected title(): string {
    return vscode.l10n.t('Flowcast Board');
  }

  protected connect(webview: vscode.Webview): BoardConnection {
    return new BoardConnection(webview, this.service, 'panel', this.dates);
  }

  protected html(webview: vscode.Webview): string {
    return html(webview, this.extensionUri);
  }
}

/** The board in the sidebar and in an editor tab (with its serializer), sharing the card dates. */
export function registerBoards(context: vscode.ExtensionContext, service: BacklogService, dates: LiveForecast<CardDatesAnswer>): BoardPanelManager {
  const boardView = new BoardViewProvider(context.extensionUri, service, dates);
  const panels = new BoardPanelManager(context.extensionUri, service, dates);
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(BOARD_VIEW_ID, boardView, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.window.registerWebviewPanelSerializer(BOARD_PANEL_TYPE, panels),
    boardView,
    panels,
  );
  return panels;
}
