// The forecasts' extraction cache: the backlog's history is read once and kept until the backlog
// changes (any committed write, with or without a change event), so repeated forecasts on an unchanged backlog do not
// read 10,000 items again, and never see a stale backlog.
import assert from 'node:assert/strict';
import { BacklogService } from '../../src/core/backlog/service';
import { ExtractionCache } from '../../src/forecast/extractionCache';
import { loadSql, tempDir } from './helpers';

describe('forecast: extraction cache', () => {
  it('returns the same extraction while nothing changes, and a fresh one after any change', async () => {
    const s = new BacklogService({ dir: await tempDir('flowcast-xcache-'), loadSql, flushDelayMs: 50 });
    const cache = new ExtractionCache(s);
    try {
      const { id } = await s.createBacklog('X');
      await s.createItem({ title: 'One', type: 'TASK' });
      const { repo } = await s.repo(id);
      const first = cache.get(id, repo);
      assert.equal(cache.get(id, repo), first, 'unchanged backlog: the same extraction');
      assert.equal(first.ranked.length, 1);
      const withTransitions = cache.get(id, repo, { transitions: true });
      assert.ok(withTransitions.transitions, 'the fuller read is kept apart');
      assert.equal(cache.get(id, repo), first);

      await s.createItem({ title: 'Two', type: 'TASK' });
      const second = cache.get(id, repo);
      assert.notEqual(second, first);
      assert.equal(second.ranked.length, 2);
      assert.equal(cache.get(id, repo, { transitions: true }).ids.length, 2);

      await s.moveItem('TASK-001', { status: 'done' });
      assert.equal(cache.get(id, repo).ranked.length, 1, 'a move is seen');
      await s.undo();
      assert.equal(cache.get(id, repo).ranked.length, 2, 'an undo is seen');
      // A write straight to the repository (no change event) is seen too.
      repo.createItem({ title: 'Three', type: 'TASK' }, { position: 'top' });
      assert.equal(cache.get(id, repo).ranked.length, 3, 'a write without an event is seen');
      assert.equal(cache.get(id, repo).ranked[0].title, 'Three');
    } finally {
      cache.dispose();
      await s.dispose();
    }
  });
});
