import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { CHECKED_IMAGE_TYPES, decodeBase64, imageFileName, matchesImageType, pastedImageName, sniffImageType } from '../../src/core/backlog/images';
import { BacklogService } from '../../src/core/backlog/service';
import { MAX_PASTED_IMAGE_BASE64, MAX_PASTED_IMAGE_BYTES, PASTE_IMAGE_TYPES, PasteImage } from '../../src/core/protocol';
import { type EditBase, mergeDecision } from '../../webview-ui/editor/merge';
import { emptyFields } from '../../src/core/backlog/model';
import { loadSql, tempDir } from './helpers';

// Real (tiny) files of each type.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mNgYGAAAAAEAAHI6uv5AAAAAElFTkSuQmCC', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const WEBP = Uint8Array.from([...Buffer.from('RIFF'), 0x1a, 0, 0, 0, ...Buffer.from('WEBPVP8L'), 0x0d, 0, 0, 0]);
const WAVE = Uint8Array.from([...Buffer.from('RIFF'), 0x1a, 0, 0, 0, ...Buffer.from('WAVEfmt '), 0x10, 0, 0, 0]);

async function serviceWithItem() {
  const dir = await tempDir();
  const s = new BacklogService({ dir, loadSql, flushDelayMs: 50 });
  await s.createBacklog('Paste');
  const item = await s.createItem({ title: 'needs a screenshot' });
  return { s, item, itemDir: path.join(await s.attachmentsDir(), item.id) };
}

describe('pasted images: magic bytes, base64 and names (pure)', () => {
  it('accepts each image type only when its first bytes match the declared MIME type', () => {
    const samples: [string, Uint8Array][] = [
      ['image/png', PNG],
      ['image/jpeg', JPEG],
      ['image/gif', GIF],
      ['image/webp', WEBP],
    ];
    for (const [mime, bytes] of samples) {
      assert.ok(matchesImageType(bytes, mime), `${mime} matches its own bytes`);
      assert.equal(sniffImageType(bytes), mime);
      for (const [other] of samples.filter(([m]) => m !== mime)) assert.ok(!matchesImageType(bytes, other), `${mime} bytes declared as ${other} are refused`);
    }
  });

  it('refuses truncated headers, a RIFF file that is not WEBP, text, and types it cannot check', () => {
    assert.ok(!matchesImageType(PNG.subarray(0, 7), 'image/png'), 'a PNG signature cut short');
    assert.ok(!matchesImageType(WEBP.subarray(0, 10), 'image/webp'), 'RIFF without the WEBP tag');
    assert.ok(!matchesImageType(WAVE, 'image/webp'), 'a RIFF WAVE file is not WebP');
    assert.ok(!matchesImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png'));
    assert.ok(!matchesImageType(new Uint8Array(0), 'image/gif'));
    assert.ok(!matchesImageType(PNG, 'image/svg+xml'), 'unknown types are never accepted');
    assert.equal(sniffImageType(WAVE), undefined);
  });

  it('every type the editor protocol accepts has a magic-byte check', () => {
    for (const m of PASTE_IMAGE_TYPES) assert.ok(CHECKED_IMAGE_TYPES.includes(m), m);
  });

  it('decodes base64 exactly like Node for any bytes, and refuses malformed base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        assert.deepEqual(decodeBase64(Buffer.from(bytes).toString('base64')), new Uint8Array(bytes));
      }),
    );
    for (const bad of ['abc', 'ab=c', 'a===', '=abc', 'ab c', 'abc\n', 'ab-_', 'QUJD\u00e9QUJD', 'AB==AB==']) assert.equal(decodeBase64(bad), undefined, JSON.stringify(bad));
  });

  it('names a pasted image pasted-image-YYYYMMDD-HHMMSS with the extension of its type', () => {
    const at = new Date(2024, 2, 5, 7, 8, 9);
    assert.equal(pastedImageName('image/png', at), 'pasted-image-20240305-070809.png');
    assert.equal(pastedImageName('image/jpeg', at), 'pasted-image-20240305-070809.jpg');
    assert.equal(pastedImageName('image/webp', at), 'pasted-image-20240305-070809.webp');
  });

  it('keeps a dropped file name but drops folders and odd characters, and forces the real extension', () => {
    const at = new Date(2024, 0, 1, 0, 0, 0);
    assert.equal(imageFileName('Écran 1.png', 'image/png', at), 'Écran 1.png');
    assert.equal(imageFileName('../../etc/passwd', 'image/gif', at), 'passwd.gif');
    assert.equal(imageFileName('C:\\shots\\crash<1>.PNG', 'image/png', at), 'crash_1_.png');
    assert.equal(imageFileName('evil.exe', 'image/jpeg', at), 'evil.jpg');
    assert.equal(imageFileName('...', 'image/png', at), 'pasted-image-20240101-000000.png');
    assert.equal(imageFileName(undefined, 'image/png', at), 'pasted-image-20240101-000000.png');
  });

  it('the PasteImage message schema refuses other types, folders in names, non-base64 and more than 10 MB', () => {
    const ok = { id: 'TASK-001', mime: 'image/png', base64: PNG.toString('base64') };
    assert.ok(PasteImage.params.safeParse(ok).success);
    assert.ok(PasteImage.params.safeParse({ ...ok, name: 'shot.png' }).success);
    assert.ok(!PasteImage.params.safeParse({ ...ok, mime: 'image/svg+xml' }).success, 'SVG (scriptable) is not accepted');
    assert.ok(!PasteImage.params.safeParse({ ...ok, name: '../x.png' }).success);
    assert.ok(!PasteImage.params.safeParse({ ...ok, name: 'a\u0000.png' }).success);
    assert.ok(!PasteImage.params.safeParse({ ...ok, base64: 'not base64!' }).success);
    assert.ok(!PasteImage.params.safeParse({ ...ok, extra: 1 }).success, 'unknown keys are refused');
    assert.ok(!PasteImage.params.safeParse({ ...ok, id: 'TASK-1; DROP' }).success);
    assert.ok(MAX_PASTED_IMAGE_BASE64 >= Buffer.alloc(MAX_PASTED_IMAGE_BYTES).toString('base64').length, '10 MB fit');
    assert.ok(!PasteImage.params.safeParse({ ...ok, base64: 'A'.repeat(MAX_PASTED_IMAGE_BASE64 + 4) }).success, 'more than 10 MB does not');
  });
});

describe('backlog service: attachData', () => {
  it('writes the bytes under <ITEM-ID>/<name> and adds the attachment to the item', async () => {
    const { s, item, itemDir } = await serviceWithItem();
    const updated = await s.attachData(item.id, 'pasted-image-20240101-120000.png', PNG);
    assert.deepEqual(updated.attachments, [{ path: `${item.id}/pasted-image-20240101-120000.png`, name: 'pasted-image-20240101-120000.png' }]);
    assert.deepEqual(await fs.readFile(path.join(itemDir, 'pasted-image-20240101-120000.png')), PNG);
    assert.deepEqual((await s.getItem(item.id))?.attachments, updated.attachments, 'stored in the backlog');
    await s.dispose();
  });

  it('never overwrites an existing file: a taken name gets -2, -3…, and the old bytes stay', async () => {
    const { s, item, itemDir } = await serviceWithItem();
    await fs.mkdir(itemDir, { recursive: true });
    await fs.writeFile(path.join(itemDir, 'shot.png'), 'OLD FILE, NOT IN THE ITEM');
    const a = await s.attachData(item.id, 'shot.png', PNG);
    const b = await s.attachData(item.id, 'shot.png', GIF);
    assert.deepEqual(a.attachments.map((x) => x.path), [`${item.id}/shot-2.png`]);
    assert.deepEqual(b.attachments.map((x) => x.path), [`${item.id}/shot-2.png`, `${item.id}/shot-3.png`]);
    assert.equal(await fs.readFile(path.join(itemDir, 'shot.png'), 'utf8'), 'OLD FILE, NOT IN THE ITEM');
    assert.deepEqual(await fs.readFile(path.join(itemDir, 'shot-2.png')), PNG);
    assert.deepEqual(await fs.readFile(path.join(itemDir, 'shot-3.png')), GIF);
    await s.dispose();
  });

  it('two attachments written at the same time are both kept on the item', async () => {
    const { s, item } = await serviceWithItem();
    await Promise.all([s.attachData(item.id, 'a.png', PNG), s.attachData(item.id, 'b.gif', GIF)]);
    assert.deepEqual((await s.getItem(item.id))?.attachments.map((x) => x.name).sort(), ['a.png', 'b.gif']);
    await s.dispose();
  });

  it('refuses more than 25 MB (the attachment limit it shares with attachFile): no file, item unchanged', async () => {
    const { s, item, itemDir } = await serviceWithItem();
    const before = await s.getItem(item.id);
    await assert.rejects(s.attachData(item.id, 'huge.png', new Uint8Array(25 * 1024 * 1024 + 1)), (e: Error & { code?: string }) => e.code === 'invalid_input' && /at most 25 MB/.test(e.message));
    assert.deepEqual(await s.getItem(item.id), before);
    assert.deepEqual(await fs.readdir(itemDir).catch(() => []), []);
    await s.dispose();
  });

  it('leaves the item unchanged when the file cannot be written', async () => {
    const { s, item, itemDir } = await serviceWithItem();
    const before = await s.getItem(item.id);
    // A plain file where the item's folder should be: creating the folder / writing into it fails.
    await fs.mkdir(path.dirname(itemDir), { recursive: true });
    await fs.writeFile(itemDir, 'in the way');
    await assert.rejects(s.attachData(item.id, 'shot.png', PNG), (e: Error & { code?: string }) => e.code === 'EEXIST' || e.code === 'ENOTDIR');
    assert.deepEqual(await s.getItem(item.id), before, 'same fields, attachments and updatedAt');
    await s.dispose();
  });

  it('refuses an unknown item without writing anything', async () => {
    const { s } = await serviceWithItem();
    await assert.rejects(s.attachData('TASK-999', 'x.png', PNG), (e: Error & { code?: string }) => e.code === 'item_not_found');
    assert.deepEqual(await fs.readdir(await s.attachmentsDir()).catch(() => []), []);
    await s.dispose();
  });
});

describe('item editor: a new state while there are unsaved edits', () => {
  const saved = { ...emptyFields(), title: 'Saved title' } as unknown as EditBase['fields'];
  const base: EditBase = { fields: saved, updatedAt: '2024-01-01T00:00:00.000Z' };
  const later = '2024-01-01T00:01:00.000Z';

  it('an attachment added elsewhere (only updatedAt changed) keeps the unsaved edits and rebases them', () => {
    // Same fields in another key order: still the same fields.
    const reordered = Object.fromEntries(Object.entries(saved).reverse()) as EditBase['fields'];
    assert.equal(mergeDecision({ base, editing: true, sameItem: true, dirty: true, incoming: { fields: reordered, updatedAt: later } }), 'rebase');
  });

  it('a change to an editable field while editing keeps the edits but marks them stale', () => {
    assert.equal(mergeDecision({ base, editing: true, sameItem: true, dirty: true, incoming: { fields: { ...saved, title: 'Renamed elsewhere' }, updatedAt: later } }), 'stale');
  });

  it('with nothing unsaved the page shows the new version; an unchanged version changes nothing', () => {
    assert.equal(mergeDecision({ base, editing: true, sameItem: true, dirty: false, incoming: { fields: { ...saved, title: 'New' }, updatedAt: later } }), 'reset');
    assert.equal(mergeDecision({ base, editing: true, sameItem: true, dirty: true, incoming: base }), 'keep');
    assert.equal(mergeDecision({ base, editing: true, sameItem: false, dirty: true, incoming: base }), 'reset', 'another item');
    assert.equal(mergeDecision({ base: undefined, editing: false, sameItem: true, dirty: false, incoming: base }), 'reset', 'first load');
  });
});
