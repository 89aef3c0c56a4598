import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isValidRank, rankBetween } from '../../src/core/util/rank';

describe('fractional ranks', () => {
  it('the first key is a0 and keys can be placed before and after it', () => {
    const first = rankBetween(null, null);
    assert.equal(first, 'a0');
    assert.ok(rankBetween(null, first) < first);
    assert.ok(rankBetween(first, null) > first);
  });

  it('any sequence of inserts keeps keys strictly ordered and valid', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 200 }), (positions) => {
        const keys: string[] = [];
        for (const p of positions) {
          const i = p % (keys.length + 1);
          const k = rankBetween(keys[i - 1] ?? null, keys[i] ?? null);
          assert.ok(isValidRank(k), `invalid key ${k}`);
          keys.splice(i, 0, k);
        }
        for (let i = 1; i < keys.length; i++) assert.ok(keys[i - 1] < keys[i], `${keys[i - 1]} < ${keys[i]}`);
      }),
      { numRuns: 200 },
    );
  });

  it('10,000 appends or prepends keep keys short (no linear growth)', () => {
    let last: string | null = null;
    let first: string | null = null;
    for (let i = 0; i < 10_000; i++) {
      last = rankBetween(last, null);
      first = rankBetween(null, first);
    }
    assert.ok(last!.length <= 4, `append key length ${last!.length}`);
    assert.ok(first!.length <= 4, `prepend key length ${first!.length}`);
  });

  it('refuses bounds that are out of order or malformed', () => {
    assert.throws(() => rankBetween('a1', 'a0'));
    assert.throws(() => rankBetween('a0', 'a0'));
    assert.throws(() => rankBetween('!!', null));
    assert.throws(() => rankBetween('a10', null), /invalid rank/);
  });
});
