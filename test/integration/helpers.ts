import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import type initSqlJsFn from 'sql.js';
import type { FlowcastApi } from '../../src/core/api';
import type { BoardConnection } from '../../src/board/boardConnection';
import type { SecretStore } from '../../src/platform/secrets';
import type { BacklogsTreeProvider } from '../../src/backlog/backlogsTree';
import type { BacklogService } from '../../src/core/backlog/service';
import type { ForecastHost } from '../../src/forecast/forecastHost';

export const EXTENSION_ID = 'flowcast.flowcast';

export interface TestingApi extends FlowcastApi {
  __testing: {
    storageDir: string;
    secrets: SecretStore;
    isSqlJsLoaded(): boolean;
    reopen(backlogId?: string): Promise<void>;
    boardConnections(): { isReady: boolean; handshakes: number; connection: BoardConnection }[];
    tree: BacklogsTreeProvider;
    service: BacklogService;
    forecasts: ForecastHost;
  };
}

export async function activate(): Promise<TestingApi> {
  const ext = vscode.extensions.getExtension<TestingApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this VS Code`);
  const api = await ext.activate();
  if (!api.__testing) throw new Error('the extension was not started in test mode');
  return api;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** Reads a backlog file straight from disk with a separate sql.js instance (not the extension's). */
export async function readRowsFromDisk(file: string, sql: string): Promise<Record<string, unknown>[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const initSqlJs = require('sql.js') as typeof initSqlJsFn;
  const SQL = await initSqlJs();
  const db = new SQL.Database(await fs.readFile(file));
  try {
    const stmt = db.prepare(sql);
    const rows: Record<string, unknown>[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject());
    stmt.free();
    return rows;
  } finally {
    db.close();
  }
}

export const RESTART_BACKLOG = 'Restart probe';
export const FORECAST_BACKLOG = 'Forecast suite';
export const RESTART_FLUSHED = 'Survives restart (flushed explicitly)';
export const RESTART_DEBOUNCED = 'Survives restart (debounced write only)';

export type WindowFn = (...args: unknown[]) => Promise<unknown>;

/**
 * Replaces a vscode.window function for the duration of `fn`. The test files belong to the
 * extension under test, so the extension host hands them the same API object as the extension:
 * a modal dialog or an input box (which a test cannot click) is answered by `fake` instead.
 */
export async function withWindowStub<T>(name: 'showWarningMessage' | 'showInputBox' | 'showInformationMessage' | 'showQuickPick', fake: WindowFn, fn: () => Promise<T>): Promise<T> {
  const win = vscode.window as unknown as Record<string, unknown>;
  const original = win[name];
  win[name] = fake;
  try {
    return await fn();
  } finally {
    win[name] = original;
  }
}

/** Awaits a rejection with a typed invalid_input error naming `field` (and never holding `secret`). */
export async function rejectsWithField(p: Thenable<unknown>, field: string, secret?: string): Promise<void> {
  await assert.rejects(Promise.resolve(p), (e: unknown) => {
    const err = e as { code?: string; args?: { field?: string }; message?: string };
    assert.equal(err.code, 'invalid_input', String(err.message));
    assert.equal(err.args?.field, field, String(err.message));
    if (secret) assert.ok(!String(err.message).includes(secret), 'the secret is never in an error');
    return true;
  });
}
