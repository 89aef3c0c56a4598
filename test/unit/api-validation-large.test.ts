// The plain-data check in front of every validated argument: a 10,000-item import (hundreds of
// thousands of nested objects) passes, a shared sub-object is not mistaken for a cycle, and a real
// cycle or a class instance is still refused with the path of the offending value.
import assert from 'node:assert/strict';
import { validateArg, ValidationError } from '../../src/core/protocol/api';
import * as z from 'zod/mini';

const Any = z.unknown();

describe('argument validation: plain JSON data check', () => {
  it('accepts 10,000 items of nested objects (more than 100,000 objects in all)', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ id: `T-${i}`, tags: ['a'], criteria: [{ text: 'c', checked: false }], lists: { specs: [], steps: [] }, relations: [], links: [{ file: 'a.ts', line: 1 }] }));
    assert.equal(validateArg<unknown[]>(z.array(Any), items, 'items').length, 10_000);
  });

  it('accepts an object that appears twice without being nested in itself', () => {
    const shared = { text: 'x' };
    assert.doesNotThrow(() => validateArg(Any, { a: shared, b: [shared, shared] }, 'input'));
  });

  it('refuses a cycle, naming where it closes', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = { back: a };
    assert.throws(() => validateArg(Any, a, 'input'), (e: ValidationError) => e instanceof ValidationError && e.field === 'input.self.back');
  });

  it('refuses a Date or a Map inside the argument, naming it', () => {
    assert.throws(() => validateArg(Any, { when: new Date() }, 'options'), (e: ValidationError) => e.field === 'options.when');
    assert.throws(() => validateArg(Any, [1, new Map()], 'ids'), (e: ValidationError) => e.field === 'ids[1]' || e.field === 'ids.1');
  });
});
