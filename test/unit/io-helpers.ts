// Shared by the import/export tests.
import assert from 'node:assert/strict';
import { emptyFields, type PortableItem } from '../../src/core/backlog/model';
import { ImportError } from '../../src/core/io';

/** A complete item with neutral values; `over` sets what a test cares about. */
export function item(over: Partial<PortableItem> & { id: string }): PortableItem {
  return {
    ...emptyFields(),
    type: over.id.split('-')[0],
    title: 'Title',
    relations: [],
    rank: 'a0',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    archivedAt: null,
    external: null,
    ...over,
  };
}

/** Asserts that `fn` throws an ImportError of `format` whose message matches, at `line`. */
export function expectImportError(fn: () => unknown, message: RegExp, line: number | null, format: string): ImportError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof ImportError, `expected an ImportError, got ${String(caught)}`);
  assert.match(caught.message, message);
  assert.equal(caught.line, line);
  assert.equal(caught.format, format);
  return caught;
}
