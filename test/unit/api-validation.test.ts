// Typed validation at every entry point (issue #11): 10,000 random malformed calls (wrong types,
// unknown IDs, huge strings, nulls, prototype keys) through the public API and the backlog service,
// on a real sql.js backlog. Every rejection is a typed error naming the bad field, items, relations
// and history are unchanged after each call, and the database passes its integrity check at the end.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { createApi, type FlowcastApi } from '../../src/core/api';
import { BacklogService } from '../../src/core/backlog/service';
import { ImportError } from '../../src/core/io';
import { ValidationError } from '../../src/core/protocol/api';
import { FlowcastError } from '../../src/core/util/errors';
import { loadSql, tempDir } from './helpers';

const HUGE = 'x'.repeat(300_000);
const RAW_ENGINE = /Wrong API use|Cannot convert object to primitive|unknown type|\[object Object\]|is not a function|Cannot read propert|undefined is not/;

/** Values of every kind, among them the ones sql.js cannot bind and objects that cannot be printed. */
const anyBad = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, true, 0, -1, 1.5, Number.NaN, Infinity, 1n, '', HUGE, [], {}, [null], Symbol('s'), () => 1, new Date(0), new Uint8Array(2)),
  fc.constant(Object.create(null) as unknown),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown),
  fc.anything({ maxDepth: 2, withBigInt: true, withDate: true, withTypedArray: true, withNullPrototype: true }),
);
/** anyBad without the values that are valid options or patches (undefined, empty objects). */
const isEmptyObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof Date) && Object.keys(v).length === 0;
const strictBad = anyBad.filter((v) => v !== undefined && !isEmptyObject(v) && !(Array.isArray(v) && v.length === 0));
const unknownIds = fc.constantFrom('BUG-999', 'TASK-4242', 'ZZZ-1', 'FEAT-000000001');
const badIds = fc.oneof(anyBad, unknownIds, fc.constantFrom('bug-1', 'BUG', '-1', 'BUG-1; DROP TABLE items', '__proto__', 'constructor', HUGE));
const protoKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__');

/** For each field, values of the wrong type or out of range (criteria or links as a string...). */
const badField: Record<string, fc.Arbitrary<unknown>> = {
  title: fc.oneof(strictBad.filter((v) => typeof v !== 'string'), fc.constantFrom('', '   ', HUGE)),
  type: fc.constantFrom<unknown>('1BUG', 'B-UG', '', 'A'.repeat(17), 5, null, ['BUG']),
  emoji: fc.constantFrom<unknown>('😀'.repeat(20), 1, null, {}),
  status: fc.constantFrom<unknown>('No Such', 'not_a_status', '', 3, null, HUGE),
  severity: fc.constantFrom<unknown>('P9', 'p1', 1, '', {}),
  priority: fc.constantFrom<unknown>('urgent', 'High', 2, [], ''),
  effort: fc.constantFrom<unknown>('XXL', 'm', 3, {}),
  targetDate: fc.constantFrom<unknown>('2026-02-30', '31/12/2026', '2026-1-5', '2026-03-31T00:00:00Z', 20260331, {}, ['2026-03-31']),
  component: fc.constantFrom<unknown>(HUGE, 1, null, ['a'], {}),
  tags: fc.constantFrom<unknown>('ui', [1], [null], [{}], ['a'.repeat(60)], Array.from({ length: 60 }, (_, i) => `t${i}`), null),
  description: fc.constantFrom<unknown>(1, null, {}, [], HUGE),
  userStory: fc.constantFrom<unknown>(1, null, {}, HUGE),
  specs: fc.constantFrom<unknown>('one spec', [1], [null], [{}], null),
  reproSteps: fc.constantFrom<unknown>('step', [2], null),
  criteria: fc.constantFrom<unknown>('a criterion', ['a criterion'], [{ text: 1, checked: true }], [{ text: 'a', checked: 'yes' }], [{ text: 'a', checked: true, extra: 1 }], null),
  dependencies: fc.constantFrom<unknown>('x', [1]),
  constraints: fc.constantFrom<unknown>('x', [{}]),
  attachments: fc.constantFrom<unknown>('shot.png', [{ path: '/etc/passwd', name: 'x' }], [{ path: '../up.png', name: '' }], [{ path: 1, name: 'x' }], [{}]),
  links: fc.constantFrom<unknown>('src/a.ts:12', [{ file: 'a.ts', line: 0 }], [{ file: 'a.ts', line: 1.5 }], [{ file: '', line: 1 }], [{ file: 'a.ts' }]),
};
const fieldNames = Object.keys(badField);

/** An object that is valid but for one field (or one unknown / prototype key). */
const badFields = (base: Record<string, unknown>) =>
  fc.oneof(
    fc.constantFrom(...fieldNames).chain((k) => badField[k].map((v) => ({ ...base, [k]: v }))),
    // As JSON.parse builds them: an own "__proto__" key (model-made JSON).
    fc.tuple(protoKeys, fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => JSON.parse(`{"title":"ok",${JSON.stringify(k)}:${JSON.stringify(v)}}`) as unknown),
    fc.tuple(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !fieldNames.includes(k) && k !== 'title'), anyBad).map(([k, v]) => ({ ...base, [k]: v })),
    strictBad,
  );

type Call = { name: string; mustReject: boolean; args: unknown[]; run: (api: FlowcastApi, s: BacklogService) => Promise<unknown> };
const call = (name: string, mustReject: boolean, args: fc.Arbitrary<unknown[]>, fn: (api: FlowcastApi, s: BacklogService, a: unknown[]) => Promise<unknown>): fc.Arbitrary<Call> =>
  args.map((a) => ({ name, mustReject, args: a, run: (api, s) => fn(api, s, a) }));
const show = (c: Call) => `${c.name}(${inspect(c.args, { depth: 3, maxStringLength: 40 }).slice(0, 400)})`;

const calls = (existing: string[]) => {
  const someId = fc.constantFrom(...existing);
  const opts = fc.oneof(fc.constant(undefined), strictBad, fc.record({ backlogId: strictBad }), fc.record({ backlogId: fc.constantFrom('no-such-backlog', '../..', '') }));
  return fc.oneof(
    call('api.createItem', true, fc.tuple(badFields({ title: 'ok' }), fc.constant(undefined)), (api, _s, [i]) => api.createItem(i as never)),
    call('api.createItem(options)', true, fc.tuple(fc.constant({ title: 'ok' }), opts.filter((o) => o !== undefined)), (api, _s, [i, o]) => api.createItem(i as never, o as never)),
    call('api.updateItem', true, fc.tuple(someId, badFields({})), (api, _s, [id, p]) => api.updateItem(id as never, p as never)),
    call('api.updateItem(unknown id)', true, fc.tuple(badIds, fc.constant({ title: 'new' })), (api, _s, [id, p]) => api.updateItem(id as never, p as never)),
    call('api.moveItem', true, fc.tuple(someId, fc.oneof(strictBad, fc.record({ status: badField.status }), fc.record({ before: badIds }), fc.record({ after: unknownIds }), fc.record({ position: fc.constantFrom('middle', 1) }))), (api, _s, [id, t]) =>
      api.moveItem(id as never, t as never),
    ),
    call('api.moveItem(unknown id)', true, fc.tuple(badIds, fc.constant({ position: 'top' })), (api, _s, [id, t]) => api.moveItem(id as never, t as never)),
    call('api.getItem', false, fc.tuple(badIds, opts), (api, _s, [id, o]) => api.getItem(id as never, o as never)),
    call('api.queryItems', false, fc.tuple(fc.oneof(anyBad, fc.record({ status: anyBad }), fc.record({ type: fc.constant(['bad type']) }), fc.record({ ids: anyBad }), fc.record({ includeArchived: anyBad }))), (api, _s, [f]) => api.queryItems(f as never)),
    call('api.search', false, fc.tuple(fc.oneof(anyBad, fc.constant(HUGE)), fc.oneof(fc.constant(undefined), fc.record({ limit: anyBad }), fc.record({ includeArchived: anyBad }))), (api, _s, [q, o]) => api.search(q as never, o as never)),
    call('api.switchBacklog', true, fc.tuple(fc.oneof(anyBad, fc.constantFrom('no-such-backlog'))), (api, _s, [id]) => api.switchBacklog(id as never)),
    call('api.createBacklog', true, fc.tuple(fc.oneof(anyBad.filter((v) => typeof v !== 'string' || !/\S/.test(v) || v.length > 80), fc.constantFrom('', '  ', 'a\u0001b', HUGE))), (api, _s, [n]) => api.createBacklog(n as never)),
    call('api.importFile', true, fc.tuple(fc.oneof(anyBad.filter((v) => typeof v !== 'string' || v === '' || v === HUGE), fc.constant('/nonexistent/flowcast/file.md')), opts), (api, _s, [f, o]) => api.importFile(f as never, o as never)),
    call('api.exportFile', true, fc.tuple(anyBad.filter((v) => typeof v !== 'string' || v === '' || v === HUGE), opts), (api, _s, [f, o]) => api.exportFile(f as never, o as never)),
    call('service.createItems', true, fc.tuple(fc.oneof(strictBad, badFields({ title: 'ok' }).map((b) => [{ title: 'fine' }, b]))), (_api, s, [i]) => s.createItems(i as never)),
    call('service.bulkUpdate', true, fc.tuple(fc.oneof(strictBad, fc.constant(['BUG-999'])), fc.oneof(strictBad, fc.record({ priority: badField.priority }), fc.record({ addTags: badField.tags }))), (_api, s, [ids, p]) => s.bulkUpdate(ids as never, p as never)),
    call('service.archiveItems', true, fc.tuple(fc.oneof(strictBad, badIds.map((x) => [x]))), (_api, s, [ids]) => s.archiveItems(ids as never)),
    call('service.deleteItems', true, fc.tuple(fc.oneof(strictBad, badIds.map((x) => [x]))), (_api, s, [ids]) => s.deleteItems(ids as never)),
    call('service.addRelation', true, fc.tuple(fc.oneof(someId, badIds), fc.oneof(fc.constantFrom('blocks', 'relates'), anyBad), badIds), (_api, s, [a, k, b]) => s.addRelation(a as never, k as never, b as never)),
    call('service.importItems', true, fc.tuple(fc.oneof(strictBad, badFields({ id: 'X-1', title: 'a' }).map((b) => [b])), fc.oneof(fc.constant([]), anyBad)), (_api, s, [i, t]) => s.importItems(i as never, t as never)),
    call('service.renameBacklog', true, fc.tuple(fc.oneof(anyBad, fc.constant('no-such-backlog')), fc.oneof(anyBad, fc.constant('Fine name'))), (_api, s, [id, n]) => s.renameBacklog(id as never, n as never)),
    call('service.deleteBacklog', true, fc.tuple(fc.oneof(anyBad, fc.constant('no-such-backlog'))), (_api, s, [id]) => s.deleteBacklog(id as never)),
  );
};

describe('public API and service: typed validation of malformed calls (property-based, issue #11)', function () {
  this.timeout(120_000);

  it('10,000 malformed calls: each rejection is a typed error naming the field; items, relations and history never change; integrity ok', async () => {
    const dir = await tempDir('flowcast-api-validation-');
    const s = new BacklogService({ dir, loadSql, flushDelayMs: 60_000 });
    const api = createApi(() => s);
    const backlog = await s.createBacklog('Validation');
    const a = await api.createItem({ title: 'First', type: 'BUG', tags: ['ui'], criteria: [{ text: 'c', checked: false }] });
    const b = await api.createItem({ title: 'Second', type: 'TASK', links: [{ file: 'src/a.ts', line: 3 }] });
    const c = await api.createItem({ title: 'Third', type: 'TASK' });
    await s.addRelation(a.id, 'blocks', b.id);
    await api.moveItem(c.id, { status: 'in_progress' });
    const { repo } = await s.repo();
    const snapshot = () =>
      JSON.stringify([repo.portableItems(), repo.allRelations(), repo.db.query('SELECT * FROM status_history ORDER BY rowid')]);
    const backlogs = JSON.stringify(await s.listBacklogs());
    const before = snapshot();
    const stats = { calls: 0, rejected: 0, validation: 0, byName: new Map<string, number>() };
    const examples = new Map<string, string>();

    await fc.assert(
      fc.asyncProperty(calls([a.id, b.id, c.id]), async (cl) => {
        stats.calls++;
        let error: unknown;
        try {
          await cl.run(api, s);
        } catch (err) {
          error = err;
        }
        if (cl.mustReject) assert.ok(error !== undefined, `${show(cl)} accepted a malformed call`);
        if (error !== undefined) {
          stats.rejected++;
          assert.ok(error instanceof FlowcastError || error instanceof ImportError, `${show(cl)}: untyped error ${inspect(error)}`);
          const msg = error.message;
          assert.ok(msg.length > 10 && msg.length < 2000, `${show(cl)}: message "${msg.slice(0, 200)}"`);
          assert.doesNotMatch(msg, RAW_ENGINE, `${show(cl)}: raw engine error`);
          if (error instanceof ValidationError) {
            stats.validation++;
            assert.ok(error.field.length > 0, `${cl.name}: no field named`);
            assert.ok(msg.includes(error.field), `${cl.name}: "${msg}" does not name ${error.field}`);
            assert.equal(error.code, 'invalid_input');
            if (!examples.has(cl.name)) examples.set(cl.name, msg);
          }
          stats.byName.set(cl.name, (stats.byName.get(cl.name) ?? 0) + 1);
        }
        assert.equal(snapshot(), before, `${show(cl)} changed the backlog`);
      }),
      { numRuns: 10_000, seed: 11, endOnFailure: true },
    );

    assert.equal(stats.calls, 10_000);
    assert.ok(stats.rejected > 8_000, `only ${stats.rejected} rejections`);
    assert.ok(stats.validation > 5_000, `only ${stats.validation} validation errors`);
    assert.equal(JSON.stringify(await s.listBacklogs()), backlogs, 'no backlog was created, renamed or deleted');
    assert.equal((await s.getActiveBacklog())?.id, backlog.id);
    await s.flush();
    await s.reopen();
    const reopened = (await s.repo()).repo;
    assert.deepEqual(reopened.db.query('PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
    assert.equal(reopened.portableItems().length, 3);
    await s.dispose();
  });

  it('names the field: criteria or links given as a string are refused, never dropped', async () => {
    const s = new BacklogService({ dir: await tempDir('flowcast-api-validation-'), loadSql, flushDelayMs: 60_000 });
    const api = createApi(() => s);
    await s.createBacklog('V');
    const it = await api.createItem({ title: 'One' });
    const refuse = async (p: Promise<unknown>, field: string) => {
      await assert.rejects(p, (err: unknown) => err instanceof ValidationError && err.field === field && err.message.includes(field));
    };
    await refuse(api.updateItem(it.id, { criteria: 'a criterion' as never }), 'patch.criteria');
    await refuse(api.createItem({ title: 'x', links: 'src/a.ts:1' as never }), 'input.links');
    await refuse(api.createItem({ title: 'x', criteria: [{ text: 'a', checked: 'yes' as never }] }), 'input.criteria[0].checked');
    await refuse(api.createItem(JSON.parse('{"title":"x","__proto__":{"a":1}}') as never), 'input.__proto__');
    await refuse(api.createItem({ title: 'x', constructor: 1 } as never), 'input.constructor');
    await refuse(api.updateItem({} as never, { title: 'y' }), 'id');
    await refuse(api.getItem(1n as never), 'id');
    await refuse(api.queryItems({ status: 'todo' as never }), 'filter.status');
    await refuse(api.search('x', { limit: '5' as never }), 'options.limit');
    await refuse(api.createItem({ title: 'x' }, { backlogId: {} as never }), 'options.backlogId');
    assert.deepEqual((await api.getItem(it.id))?.criteria, []);
    await s.dispose();
  });
});
