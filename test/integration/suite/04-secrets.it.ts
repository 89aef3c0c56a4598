import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { activate } from '../helpers';

describe('SecretStorage (real VS Code)', () => {
  const value = 'fc-test-secret-0123456789abcdef';

  it('stores, reads back and deletes a value', async () => {
    const { __testing: t } = await activate();
    await t.secrets.store('integration.probe', value);
    assert.equal(await t.secrets.get('integration.probe'), value);
    assert.equal(await t.secrets.has('integration.probe'), true);
    await t.secrets.delete('integration.probe');
    assert.equal(await t.secrets.get('integration.probe'), undefined);
    assert.equal(await t.secrets.has('integration.probe'), false);
  });

  it('a secret never lands in the backlog storage folder', async () => {
    const api = await activate();
    const t = api.__testing;
    await t.secrets.store('integration.probe2', value);
    await api.flush();
    for (const name of await fs.readdir(t.storageDir)) {
      const p = path.join(t.storageDir, name);
      if ((await fs.stat(p)).isFile()) assert.ok(!(await fs.readFile(p)).includes(value), `${name} contains the secret`);
    }
    await t.secrets.delete('integration.probe2');
  });

  it('refuses empty values and malformed names', async () => {
    const { __testing: t } = await activate();
    await assert.rejects(t.secrets.store('integration.empty', ''), /empty/);
    await assert.rejects(t.secrets.store('../../evil', 'x'), /invalid secret name/);
  });
});
