// Builds the extension host bundle (Node, CJS), the lazily loaded vendor bundles, and every
// webview front end (browser, ESM). Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, 'dist');

/** Webview entry points: one bundle per webview. */
const webviews = ['board', 'dashboard', 'editor', 'review', 'forecast', 'chat'];

function copyStatic() {
  const copies = [
    ['node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm'],
    ['node_modules/@vscode/codicons/dist/codicon.css', 'dist/codicons/codicon.css'],
    ['node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/codicons/codicon.ttf'],
  ];
  for (const [from, to] of copies) {
    fs.mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
    fs.copyFileSync(path.join(root, from), path.join(root, to));
  }
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  metafile: true,
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    // Heavy dependencies, loaded with require() on first use, never at activation.
    ...common,
    // forecastWorker: the Monte Carlo engine's worker thread (started on the first forecast).
    // mcpServer: the stdio MCP server agents start (it talks to the running extension host).
    entryPoints: { 'lazy/sqljs': 'src/platform/lazy/sqljs.ts', 'lazy/ai': 'src/platform/lazy/ai.ts', forecastWorker: 'src/core/forecast/workerEntry.ts', mcpServer: 'src/core/chat/mcpServer.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: Object.fromEntries(webviews.filter((w) => fs.existsSync(path.join(root, `webview-ui/${w}/main.ts`))).map((w) => [`webview/${w}`, `webview-ui/${w}/main.ts`])),
    outdir: 'dist',
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    loader: { '.css': 'text' },
  },
];

function printSizes(results) {
  const sizes = new Map();
  for (const r of results) {
    for (const [file, info] of Object.entries(r.metafile?.outputs ?? {})) {
      if (!file.endsWith('.map')) sizes.set(path.relative(root, path.resolve(root, file)), info.bytes);
    }
  }
  const rows = [...sizes.entries()];
  for (const f of ['dist/sql-wasm.wasm', 'dist/codicons/codicon.ttf']) rows.push([f, fs.statSync(path.join(root, f)).size]);
  rows.sort((a, b) => a[0].localeCompare(b[0]));
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`Flowcast build (${production ? 'production' : 'development'}):`);
  for (const [file, bytes] of rows) console.log(`  ${file.padEnd(width)}  ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
}

async function main() {
  if (!watch) fs.rmSync(dist, { recursive: true, force: true });
  copyStatic();
  if (watch) {
    const contexts = await Promise.all(
      builds.map((b) =>
        esbuild.context({
          ...b,
          plugins: [{ name: 'log', setup: (build) => build.onEnd((r) => console.log(`[watch] ${Object.keys(b.entryPoints).join(', ')}: ${r.errors.length} error(s)`)) }],
        }),
      ),
    );
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[watch] watching for changes');
    return;
  }
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  printSizes(results);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
