import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { BacklogRepository } from '../../src/core/backlog/repository';
import { BacklogDatabase } from '../../src/core/storage/database';

let sql: Promise<SqlJsStatic> | undefined;

/** The real sql.js (WASM) from node_modules. */
export function loadSql(): Promise<SqlJsStatic> {
  sql ??= initSqlJs();
  return sql;
}

export async function tempDir(prefix = 'flowcast-unit-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/**
 * A repository on a new real sql.js file whose clock starts at 2026-01-01; `at(iso, fn)` runs `fn`
 * with the clock set to `iso`, so tests write status history at chosen times.
 */
export async function openClockedRepo(): Promise<{ repo: BacklogRepository; db: BacklogDatabase; at: <T>(iso: string, fn: () => T) => T }> {
  const db = await BacklogDatabase.open({ SQL: await loadSql(), file: path.join(await tempDir(), 'b.db'), flushDelayMs: 50 });
  const clock = { t: Date.parse('2026-01-01T00:00:00.000Z') };
  const repo = new BacklogRepository(db, () => new Date(clock.t));
  const at = <T>(iso: string, fn: () => T): T => {
    clock.t = Date.parse(iso);
    return fn();
  };
  return { repo, db, at };
}
