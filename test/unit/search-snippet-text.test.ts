// Search snippets shown as plain text: Markdown and marker characters stripped, matched words kept
// as ranges into the plain text; also on a real sql.js index (the `**«crash»**` of the report).
import assert from 'node:assert/strict';
import path from 'node:path';
import { BacklogRepository } from '../../src/core/backlog/repository';
import { BacklogDatabase } from '../../src/core/storage/database';
import { plainSnippet, searchItems } from '../../src/core/search';
import { loadSql, tempDir } from './helpers';

const marked = (p: { text: string; highlights: [number, number][] }) => p.highlights.map(([a, b]) => p.text.slice(a, b));

describe('search snippets as plain text', () => {
  it('strips bold, code, links, headings and list markers, and keeps the match as a range', () => {
    const p = plainSnippet([
      { text: '## Steps\n- The app **', highlight: false },
      { text: 'crash', highlight: true },
      { text: '**es with `null` — see [the log](https://x.test/log) _now_', highlight: false },
    ]);
    assert.equal(p.text, 'Steps The app crashes with null — see the log now');
    assert.deepEqual(marked(p), ['crash']);
  });

  it('has no marker characters and no ranges when nothing matched', () => {
    const p = plainSnippet([{ text: '  plain words  ', highlight: false }]);
    assert.deepEqual(p, { text: 'plain words', highlights: [] });
  });

  it('a real index: the description "**crash**" gives "crash" highlighted, with no * nor « »', async () => {
    const db = await BacklogDatabase.open({ SQL: await loadSql(), file: path.join(await tempDir(), 'b.db'), flushDelayMs: 50 });
    const repo = new BacklogRepository(db);
    repo.createItem({ title: 'Saving', description: 'When saving, the app may **crash** on an emoji file name.' });
    const hit = searchItems(db, 'crash').hits[0];
    const p = plainSnippet(hit.snippet);
    assert.match(p.text, /the app may crash on an emoji/);
    assert.doesNotMatch(p.text, /[*«»]/);
    assert.deepEqual(marked(p), ['crash']);
    await db.close();
  });
});
