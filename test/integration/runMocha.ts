// Runs a folder of mocha tests inside the VS Code extension host and prints one machine-readable
// result line (FLOWCAST_RESULT {...}) that the runners parse. Same contract as @vscode/test-electron:
// run() resolves when every test passed and rejects otherwise.
import { readdirSync } from 'node:fs';
import path from 'node:path';

import type MochaType from 'mocha';

type MochaCtor = typeof MochaType;

export function runFolder(folder: string, label: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require('mocha/lib/mocha.cjs') as MochaCtor;
  // A minimal reporter: the runners print only lines prefixed FLOWCAST_TEST (the workbench's own
  // console output is mixed into the same stream).
  function Reporter(runner: Mocha.Runner) {
    let depth = 0;
    const out = (s: string) => console.log(`FLOWCAST_TEST ${'  '.repeat(depth)}${s}`);
    runner.on('suite', (s) => {
      if (s.title) out(s.title);
      if (s.title) depth++;
    });
    runner.on('suite end', (s) => {
      if (s.title) depth--;
    });
    runner.on('pass', (t) => out(`\u2714 ${t.title} (${t.duration ?? 0} ms)`));
    runner.on('fail', (t, err: Error) => out(`\u2716 ${t.title}: ${String(err?.message ?? err).split('\n')[0]}`));
  }
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: Reporter as unknown as string });
  // FLOWCAST_IT_FILES=<regex> runs only the matching files (for working on one feature).
  const only = process.env.FLOWCAST_IT_FILES ? new RegExp(process.env.FLOWCAST_IT_FILES) : undefined;
  for (const f of readdirSync(folder).sort()) if (f.endsWith('.it.js') && (!only || only.test(f))) mocha.addFile(path.join(folder, f));
  return new Promise((resolve, reject) => {
    let passed = 0;
    const failures: { title: string; error: string }[] = [];
    try {
      const runner = mocha.run((failed) => {
        console.log(`FLOWCAST_RESULT ${JSON.stringify({ suite: label, passed, failed: failures.length, failures })}`);
        if (failed > 0) reject(new Error(`${failed} ${label} test(s) failed`));
        else resolve();
      });
      runner.on('pass', () => passed++);
      runner.on('fail', (test, err: Error) => failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err).slice(0, 2000) }));
    } catch (err) {
      console.log(`FLOWCAST_RESULT ${JSON.stringify({ suite: label, passed: 0, failed: 1, failures: [{ title: 'load', error: String(err) }] })}`);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
