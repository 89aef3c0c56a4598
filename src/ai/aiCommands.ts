// The AI commands (palette, board, item editor). Each accepts an optional argument object so
// tests and other extensions can drive it without prompts, and returns a result object
// ({ ok: true, … } or { ok: false, kind, message }) after showing any error to the user.
// The commands themselves live in one module per family; this registers them all, in this order.
import type * as vscode from 'vscode';
import { type AiCommandDeps, createAiCommandKit } from './aiCommandSupport';
import { registerAnalysisCommands } from './analysisCommands';
import { registerExtractCommand } from './extractCommand';
import { registerGenerateCommand } from './generateCommand';
import { registerItemAiCommands } from './itemAiCommands';
import { registerProviderCommands } from './providerCommands';

export type { AiCommandDeps } from './aiCommandSupport';

export function registerAiCommands(context: vscode.ExtensionContext, deps: AiCommandDeps): void {
  const kit = createAiCommandKit(context, deps);
  registerProviderCommands(kit);
  registerGenerateCommand(kit);
  registerItemAiCommands(kit);
  registerExtractCommand(kit);
  registerAnalysisCommands(kit);
}
