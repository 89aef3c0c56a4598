// npm run package: builds a .vsix with @vscode/vsce containing only what runs, and prints its size.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out], {
  cwd: root,
  stdio: 'inherit',
});
if (r.status !== 0) process.exit(r.status ?? 1);
// List what the .vsix really contains (it is a zip: read its central directory).
const zip = fs.readFileSync(out);
const files = [];
for (let i = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])), n = zip.readUInt16LE(i + 10), p = zip.readUInt32LE(i + 16), k = 0; k < n; k++) {
  const nameLen = zip.readUInt16LE(p + 28);
  const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
  if (name.startsWith('extension/')) files.push(name.slice('extension/'.length));
  p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
}
const bad = files.filter((f) => !/^(dist\/|media\/|l10n\/|package\.json$|package\.nls(\.fr)?\.json$|readme\.md$|changelog\.md$|SECURITY\.md$|LICENSE\.txt$)/i.test(f) || f.endsWith('.map'));
console.log(`\n${path.basename(out)}: ${(fs.statSync(out).size / 1024).toFixed(1)} KiB, ${files.length} files`);
for (const f of files) console.log(`  ${f}`);
if (bad.length) {
  console.error(`\nUnexpected files in the package: ${bad.join(', ')}`);
  process.exit(1);
}
