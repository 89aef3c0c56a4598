// Offers Flowcast's MCP server to VS Code (vscode.lm.registerMcpServerDefinitionProvider, when the
// API exists) and to agents in a terminal ("Flowcast: Copy MCP Server Command"). The extension host
// listens on a private local socket (McpBridge) started on first need; dist/mcpServer.js connects
// to it with the per-session secret from the endpoint file.
import path from 'node:path';
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { McpBridge } from '../core/chat/mcpBridge';
import { runTool } from '../core/chat/tools';
import { VERSION } from '../core/version';
import type { ForecastHost } from '../forecast/forecastHost';
import { log } from '../platform/log';
import { toolContext } from './lmTools';

export const MCP_PROVIDER_ID = 'flowcast.mcp';
export const MCP_CLIENT = 'MCP client';

/** What registerMcpServer sets up: the bridge, and the definitions VS Code is offered. */
export interface McpHost {
  readonly bridge: McpBridge;
  /** False when this VS Code has no MCP server definition API (the terminal command still works). */
  readonly offeredToVsCode: boolean;
  /** Starts the bridge and returns the server definitions VS Code gets from the provider. */
  definitions(): Promise<vscode.McpStdioServerDefinition[]>;
}

export function registerMcpServer(context: vscode.ExtensionContext, service: BacklogService, forecasts: ForecastHost | undefined): McpHost {
  const storage = (context.storageUri ?? context.globalStorageUri).fsPath;
  const endpointFile = path.join(storage, 'mcp-endpoint.json');
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'mcpServer.js').fsPath;
  const ctx = toolContext(service, forecasts, MCP_CLIENT);
  const bridge = new McpBridge(endpointFile, (name, input) => runTool(ctx, name, input));
  const start = () =>
    bridge.start().catch((e: unknown) => {
      log().error('the MCP bridge could not start', e instanceof Error ? e : String(e));
      throw e;
    });
  context.subscriptions.push(
    { dispose: () => void bridge.stop() },
    vscode.commands.registerCommand('flowcast.copyMcpCommand', async () => {
      await start();
      const line = `"${process.execPath}" "${script}" "${endpointFile}"`;
      await vscode.env.clipboard.writeText(process.versions.electron ? `ELECTRON_RUN_AS_NODE=1 ${line}` : line);
      void vscode.window.showInformationMessage(vscode.l10n.t('The command that starts the Flowcast MCP server is on the clipboard. It works while this VS Code window is open.'));
      return line;
    }),
  );
  const definitions = async (): Promise<vscode.McpStdioServerDefinition[]> => {
    await start();
    return [new vscode.McpStdioServerDefinition('Flowcast', process.execPath, [script, endpointFile], { ELECTRON_RUN_AS_NODE: '1', FLOWCAST_VERSION: VERSION }, VERSION)];
  };
  const lm = vscode.lm as Partial<typeof vscode.lm>;
  if (typeof lm.registerMcpServerDefinitionProvider !== 'function') {
    log().info('this VS Code has no MCP server definition API: use "Flowcast: Copy MCP Server Command" for agents');
    return { bridge, offeredToVsCode: false, definitions };
  }
  context.subscriptions.push(lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, { provideMcpServerDefinitions: definitions }));
  return { bridge, offeredToVsCode: true, definitions };
}
