// The Forecast panel's protocol: inbound inputs and exports are validated before any handler runs;
// a bad one is answered with a typed error naming the field.
import assert from 'node:assert/strict';
import { createMemoryChannelPair, Endpoint, RpcError } from '../../src/core/protocol';
import { RunPanelForecast, SavePanelExport, type RunResult } from '../../src/core/protocol/forecastPanel';

const valid = { source: { kind: 'backlog' as const }, mode: 'when' as const, remaining: 3, start: '2026-03-02', trials: 10000, seed: 42, windowDays: 90 };

describe('forecast panel protocol', () => {
  let host: Endpoint;
  let page: Endpoint;
  let calls = 0;
  beforeEach(() => {
    const [a, b] = createMemoryChannelPair();
    host = new Endpoint(a);
    page = new Endpoint(b);
    calls = 0;
    host.handle(RunPanelForecast, (): RunResult => {
      calls++;
      return { ok: false, kind: 'notEnoughData', sentence: 'Not enough data', history: { from: null, to: null, days: 0, daysWithCompletion: 0, mean: 0 }, generatedAt: '2026-03-02T00:00:00.000Z' };
    });
    host.handle(SavePanelExport, () => ({ saved: false }));
  });
  afterEach(() => {
    host.dispose();
    page.dispose();
  });

  async function rejected(p: Promise<unknown>): Promise<RpcError> {
    try {
      await p;
    } catch (e) {
      assert.ok(e instanceof RpcError);
      return e;
    }
    throw new Error('expected a rejection');
  }

  it('valid inputs reach the handler; a refusal carries a sentence and no date', async () => {
    const r = await page.request(RunPanelForecast, valid);
    assert.equal(r.ok, false);
    assert.equal(calls, 1);
  });

  it('a bad field is named and nothing runs (target before start, trials, unknown key, split)', async () => {
    const cases: [unknown, string][] = [
      [{ ...valid, mode: 'howMany', targetDate: '2026-03-01' }, 'targetDate'],
      [{ ...valid, mode: 'howMany' }, 'targetDate'],
      [{ ...valid, trials: 5 }, 'trials'],
      [{ ...valid, start: '2026-02-30' }, 'start'],
      [{ ...valid, split: { low: 3, high: 1 } }, 'split.high'],
      [{ ...valid, evil: 1 }, '(root)'],
      [{ ...valid, mode: 'perItem', source: { kind: 'samples', text: '1 2', per: 'day' } }, 'source'],
    ];
    for (const [params, field] of cases) {
      const e = await rejected(page.request(RunPanelForecast, params as never));
      assert.equal(e.code, 'invalid_params');
      assert.ok(e.issues?.some((i) => i.startsWith(`${field}:`)), `${field} in ${JSON.stringify(e.issues)}`);
    }
    assert.equal(calls, 0);
  });

  it('an export must be a PNG data URL for png, and a plain file name', async () => {
    assert.equal((await rejected(page.request(SavePanelExport, { kind: 'png', name: 'a', content: 'javascript:alert(1)' }))).issues?.[0]?.startsWith('content:'), true);
    assert.equal((await rejected(page.request(SavePanelExport, { kind: 'json', name: '../etc/passwd', content: '{}' }))).issues?.[0]?.startsWith('name:'), true);
    assert.deepEqual(await page.request(SavePanelExport, { kind: 'png', name: 'chart', content: 'data:image/png;base64,iVBORw0KGgo=' }), { saved: false });
  });
});
