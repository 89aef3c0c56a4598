import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;
let loaded = false;

/**
 * Loads sql.js from the extension's own dist/ (the JS glue and the .wasm binary; never from the
 * network). Called on first use of a backlog, never during activation.
 */
export function loadSqlJs(distDir: string): Promise<SqlJsStatic> {
  loading ??= (async () => {
    const nodeRequire = createRequire(__filename);
    const mod = nodeRequire(path.join(distDir, 'lazy', 'sqljs.js')) as { default: typeof initSqlJs };
    const wasmBinary = await fs.readFile(path.join(distDir, 'sql-wasm.wasm'));
    const SQL = await mod.default({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) });
    loaded = true;
    return SQL;
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

export function isSqlJsLoaded(): boolean {
  return loaded;
}
