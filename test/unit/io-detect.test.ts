// detectFormat: by extension first, then by content.
import assert from 'node:assert/strict';
import { detectFormat, toFlowcastMarkdown, toJson, toTicketFlowMarkdown } from '../../src/core/io';

describe('io: detectFormat', () => {
  it('goes by the extension for .json and .csv', () => {
    assert.equal(detectFormat('backlog.JSON', '{}'), 'json');
    assert.equal(detectFormat('export.csv', 'id,title\n'), 'csv');
  });

  it('tells Flowcast Markdown from TicketFlow Markdown by the format marker', () => {
    assert.equal(detectFormat('b.md', toFlowcastMarkdown([], { backlogName: 'B', types: [{ key: 'BUG', label: 'Bugs' }] })), 'flowcast-md');
    assert.equal(detectFormat('TICKETFLOW_Backlog.md', toTicketFlowMarkdown([], { projectName: 'P', types: [{ key: 'BUG', label: 'Bugs' }] })), 'ticketflow');
    assert.equal(detectFormat('notes.md', '## 1. BUGS\n### BUG-001 | x\n'), 'ticketflow');
  });

  it('sniffs the content when the extension says nothing', () => {
    assert.equal(detectFormat('download', toJson([], { backlogName: 'B', types: [], now: '2026-01-01T00:00:00.000Z' })), 'json');
    assert.equal(detectFormat('download', '\uFEFFid,type,title\r\nBUG-1,BUG,x\r\n'), 'csv');
    assert.equal(detectFormat('download', '# P\n\n### BUG-001 | x\n'), 'ticketflow');
  });

  it('returns null for anything else', () => {
    assert.equal(detectFormat('readme.md', 'Just some text.\n'), null);
    assert.equal(detectFormat('image.png', '\u0089PNG'), null);
  });
});
