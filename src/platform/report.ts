import * as vscode from 'vscode';
import { log } from './log';
import { describeError } from './messages';

/** Runs a command body; an error is logged and shown as a localised, actionable message. */
export async function report<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    log().error('command failed', err instanceof Error ? err : String(err));
    void vscode.window.showErrorMessage(describeError(err));
    return undefined;
  }
}
