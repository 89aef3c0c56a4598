// npm test: typecheck, lint, unit, integration (real VS Code), UI (real Chromium), in that order.
// Every layer runs even if an earlier one failed (except that later layers need the build).
// The LAST line printed is exactly "N passed, M failed", summed over all layers.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
    child.on('error', (err) => resolve({ code: 1, out: String(err) }));
  });
}

/** A check that is one test: passes when the command exits 0. */
async function check(name, cmd, args) {
  console.log(`\n=== ${name} ===`);
  const { code } = await run(cmd, args);
  return { name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
}

/** A mocha run: counts from its "N passing" / "N failing" summary. */
async function mochaLayer(name, config) {
  console.log(`\n=== ${name} ===`);
  const { code, out } = await run(npx, ['mocha', '--config', config]);
  const passing = Number(/(\d+) passing/.exec(out)?.[1] ?? 0);
  let failing = Number(/(\d+) failing/.exec(out)?.[1] ?? 0);
  if (code !== 0 && failing === 0) failing = 1; // crashed before reporting
  return { name, passed: passing, failed: failing };
}

/** A runner that prints "<label>: N passed, M failed". */
async function countedLayer(name, cmd, args) {
  console.log(`\n=== ${name} ===`);
  const { code, out } = await run(cmd, args);
  const m = [...out.matchAll(/^[\w-]+: (\d+) passed, (\d+) failed$/gm)].pop();
  const passed = Number(m?.[1] ?? 0);
  let failed = Number(m?.[2] ?? 0);
  if (code !== 0 && failed === 0) failed = 1;
  return { name, passed, failed };
}

const started = Date.now();
const results = [];
results.push(await check('typecheck: extension', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']));
results.push(await check('typecheck: webview-ui', npx, ['tsc', '-p', 'webview-ui/tsconfig.json', '--noEmit']));
results.push(await check('typecheck + compile: tests', npx, ['tsc', '-p', 'test/tsconfig.json']));
results.push(await check('lint', npx, ['eslint', '--max-warnings', '0', '.']));
results.push(await check('build', process.execPath, ['esbuild.mjs']));
results.push(await mochaLayer('unit (mocha, Node, real sql.js)', 'test/.mocharc.unit.json'));
results.push(await countedLayer('integration (mocha in a real VS Code extension host)', process.execPath, ['scripts/run-integration.mjs']));
results.push(await mochaLayer('ui (playwright-core + Chromium, real VS Code)', 'test/.mocharc.e2e.json'));

const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`\n=== summary (${Math.round((Date.now() - started) / 1000)} s) ===`);
for (const r of results) console.log(`${r.failed ? 'FAIL' : 'ok  '}  ${r.name}: ${r.passed} passed, ${r.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
