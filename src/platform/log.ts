import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The "Flowcast" output channel. Never log secrets or item contents: ids, counts and errors only. */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Flowcast', { log: true });
  return channel;
}
