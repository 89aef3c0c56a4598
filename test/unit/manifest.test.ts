// Checks of the extension manifest and translations against the source code.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
  contributes: { commands: { command: string; category: string; title: string }[] };
  capabilities: { untrustedWorkspaces: { supported: unknown } };
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every literal passed to vscode.l10n.t(...) in src/, unescaped. */
function l10nKeys(): string[] {
  const keys = new Set<string>();
  for (const f of sourceFiles(path.join(root, 'src'))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) keys.add(m[1].replace(/\\'/g, "'").replace(/\\\\/g, '\\'));
  }
  return [...keys];
}

describe('manifest and translations', () => {
  it('activation is lazy: no "*" and no onStartupFinished', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(!pkg.activationEvents.includes('onStartupFinished'));
  });

  it('targets VS Code ^1.101.0 with matching @types/vscode', () => {
    assert.equal(pkg.engines.vscode, '^1.101.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '1.101.0');
  });

  it('every command is in the Flowcast category and registered in code, and every registered command is declared', () => {
    const declared = pkg.contributes.commands.map((c) => c.command).sort();
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Flowcast', c.command);
    const code = sourceFiles(path.join(root, 'src'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const registered = [...new Set([...code.matchAll(/(?:reg|registerCommand)\(\s*'(flowcast\.[\w.]+)'/g)].map((m) => m[1]))].sort();
    assert.deepEqual(registered, declared);
  });

  it('every %key% of the manifest exists in English and French', () => {
    const en = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const fr = JSON.parse(readFileSync(path.join(root, 'package.nls.fr.json'), 'utf8')) as Record<string, string>;
    const used = [...readFileSync(path.join(root, 'package.json'), 'utf8').matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]);
    assert.ok(used.length > 5);
    for (const k of used) {
      assert.ok(en[k], `package.nls.json lacks ${k}`);
      assert.ok(fr[k], `package.nls.fr.json lacks ${k}`);
    }
    assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
  });

  it('every runtime string (vscode.l10n.t) has a French translation with the same placeholders', () => {
    const fr = JSON.parse(readFileSync(path.join(root, 'l10n/bundle.l10n.fr.json'), 'utf8')) as Record<string, string>;
    const keys = l10nKeys();
    assert.ok(keys.length > 20);
    const missing = keys.filter((k) => !(k in fr));
    assert.deepEqual(missing, [], 'missing French translations');
    for (const k of keys) {
      const ph = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
      assert.deepEqual(ph(fr[k]), ph(k), `placeholders differ for "${k}"`);
    }
  });

  it('depends on the maintained successors, not the deprecated packages', () => {
    const all = { ...pkg.dependencies, ...pkg.devDependencies };
    assert.ok(!('@vscode/webview-ui-toolkit' in all));
    assert.ok(!('@google/generative-ai' in all));
    assert.ok('@vscode-elements/elements' in all);
  });

  it('src/core never imports vscode', () => {
    for (const f of sourceFiles(path.join(root, 'src/core'))) {
      assert.doesNotMatch(readFileSync(f, 'utf8'), /from ['"]vscode['"]|require\(['"]vscode['"]\)/, f);
    }
  });

  it('declares how it behaves in untrusted workspaces', () => {
    assert.ok(pkg.capabilities.untrustedWorkspaces.supported !== undefined);
  });
});
