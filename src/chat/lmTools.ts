// Flowcast's backlog tools for VS Code's agent mode (vscode.lm.registerTool): the shared
// definitions of src/core/chat/tools.ts. Read tools show a short progress message; write tools ask
// for confirmation in prepareInvocation with exactly what will change. Inputs are validated and
// errors come back as tool results, never thrown into the agent.
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { confirmationFor, runTool, TOOLS, type ForecastQuestion, type ToolContext } from '../core/chat/tools';
import type { ForecastHost } from '../forecast/forecastHost';

export const VSCODE_AGENT = 'VS Code agent';

/** The engine's sentences for a tool's forecast question. */
export function forecasterOf(forecasts: ForecastHost): (q: ForecastQuestion) => Promise<{ sentences: string[] }> {
  return async (q) => {
    const a = q.kind === 'when' ? await forecasts.when({ remaining: q.remaining }) : await forecasts.howMany({ targetDate: q.targetDate });
    return { sentences: a.sentences };
  };
}

export function toolContext(service: BacklogService, forecasts: ForecastHost | undefined, agent: string): ToolContext {
  return { service, agent, forecast: forecasts ? forecasterOf(forecasts) : undefined };
}

/** What prepareInvocation returns for a tool call (exported for tests: the confirmation path). */
export async function prepareToolInvocation(ctx: ToolContext, name: string, input: unknown): Promise<vscode.PreparedToolInvocation> {
  const tool = TOOLS.find((t) => t.name === name);
  const confirmation = await confirmationFor(ctx, name, input);
  let progress = vscode.l10n.t('Running {0}…', name);
  try {
    if (tool) progress = tool.progress(input);
  } catch {
    // an invalid input: the generic message (invoke reports the problem)
  }
  if (!confirmation) return { invocationMessage: progress };
  return {
    invocationMessage: progress,
    confirmationMessages: { title: confirmation.title, message: new vscode.MarkdownString(confirmation.message) },
  };
}

export function registerLanguageModelTools(context: vscode.ExtensionContext, service: BacklogService, forecasts: ForecastHost | undefined): void {
  if (typeof vscode.lm?.registerTool !== 'function') return;
  const ctx = toolContext(service, forecasts, VSCODE_AGENT);
  for (const tool of TOOLS) {
    context.subscriptions.push(
      vscode.lm.registerTool<unknown>(tool.name, {
        prepareInvocation: (options) => prepareToolInvocation(ctx, tool.name, options.input),
        invoke: async (options) => {
          const r = await runTool(ctx, tool.name, options.input);
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(r.text)]);
        },
      }),
    );
  }
}
