import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApi } from '../../src/core/api';
import { API_VERSION, VERSION } from '../../src/core/version';
import type { BacklogService } from '../../src/core/backlog/service';

describe('version', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string };

  it('VERSION equals the version in package.json', () => {
    assert.equal(VERSION, pkg.version);
  });

  it('the public API reports the extension version and an integer API version', () => {
    const api = createApi(() => ({}) as BacklogService);
    assert.equal(api.version, pkg.version);
    assert.ok(Number.isInteger(api.apiVersion) && api.apiVersion >= 1);
    assert.equal(api.apiVersion, API_VERSION);
    assert.ok(Object.isFrozen(api), 'the API object cannot be modified by callers');
  });
});
