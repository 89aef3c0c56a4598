// TicketFlow interoperability (issue #11): real TicketFlow files we read (Composant + Module,
// decorated sections, Écrans, the 2.x one-line export layout, repeated IDs, a checkbox list under
// the heading) and TicketFlow reading our exports (its French keys whatever the locale, Module for
// non-bugs, a warning naming the items it will not show).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PortableItem } from '../../src/core/backlog/model';
import fc from 'fast-check';
import { exportWarnings, parseCsv, parseFlowcastMarkdown, parseJson, parseTicketFlowMarkdown, toCsv, toFlowcastMarkdown, toJson, toTicketFlowMarkdown } from '../../src/core/io';
import { joinComponentModule, splitComponentModule } from '../../src/core/io/markdownBacklog';
import { item } from './io-helpers';

const NOW = '2026-03-05T09:00:00.000Z';
const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../test/fixtures', name), 'utf8');

function byId(items: PortableItem[], id: string): PortableItem {
  const it = items.find((i) => i.id === id);
  assert.ok(it, `${id} not imported`);
  return it;
}

describe('io: TicketFlow files as TicketFlow writes them (issue #11)', () => {
  const parsed = parseTicketFlowMarkdown(fixture('ticketflow-interop.md'), { now: NOW });

  it('imports an item with both **Composant:** and **Module:** keeping both (the module joined to the component)', () => {
    assert.equal(byId(parsed.items, 'BUG-001').component, 'Paiement (Module: Checkout)');
    const alone = parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n**Module:** Auth\n').items[0];
    assert.equal(alone.component, 'Auth');
    const same = parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n**Composant:** Auth\n**Module:** Auth\n').items[0];
    assert.equal(same.component, 'Auth');
  });

  it('types items by a known ID prefix, not by decorated section titles, and creates no type from decorations', () => {
    assert.deepEqual(
      parsed.items.map((i) => [i.id, i.type]),
      [
        ['BUG-001', 'BUG'],
        ['BUG-002', 'BUG'],
        ['CT-001', 'CT'],
        ['CT-003', 'CT'],
        ['CT-002', 'CT'],
        ['FEAT-001', 'FEATURES'],
      ],
    );
    assert.deepEqual(parsed.types, [
      { key: 'BUG', label: 'BUGS (Hotfix)' },
      { key: 'CT', label: 'Court Terme (CT)' },
      { key: 'FEATURES', label: 'FEATURES' },
    ]);
  });

  it("types an item by a prefix the target backlog knows (knownTypes) before its section's type", () => {
    const p = parseTicketFlowMarkdown('## 3. FEATURES\n### FEAT-001 | a\n', { knownTypes: ['FEAT'] });
    assert.equal(p.items[0].type, 'FEAT');
    assert.deepEqual(p.types, [{ key: 'FEAT', label: 'FEAT' }]);
  });

  it('imports **Écrans:** / **Screens:** lists as attachments, after the screenshots', () => {
    assert.deepEqual(byId(parsed.items, 'BUG-001').attachments, [
      { name: '', path: '.backlog-assets/screens/paiement.png' },
      { name: 'Récapitulatif', path: '.backlog-assets/screens/recap.png' },
    ]);
    assert.deepEqual(byId(parsed.items, 'CT-002').attachments, [{ name: '', path: '.backlog-assets/screens/suivi.png' }]);
    const both = parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n**Screenshots:**\n![A](a.png)\n**Écrans:**\n- b.png\n').items[0];
    assert.deepEqual(both.attachments, [
      { name: 'A', path: 'a.png' },
      { name: '', path: 'b.png' },
    ]);
    assert.ok(!parsed.warnings.some((w) => /crans|Screens/.test(w)), parsed.warnings.join('\n'));
  });

  it('reads the 2.x export layout: every value on one line, then the user story and the description without keys', () => {
    const bug = byId(parsed.items, 'BUG-002');
    assert.equal(bug.component, 'Catalogue');
    assert.equal(bug.severity, 'P3');
    assert.equal(bug.priority, 'medium');
    assert.equal(bug.effort, 'XS');
    assert.equal(bug.userStory, "En tant que client, je veux voir l'ancien prix barré afin de repérer les promotions.");
    assert.equal(bug.description, "Le prix barré n'apparaît plus depuis la refonte.\nIl reste visible dans l'application mobile.");
    assert.deepEqual(bug.criteria, [{ text: "Le prix barré s'affiche sur la fiche produit", checked: false }]);
    assert.ok(!parsed.warnings.some((w) => w.startsWith('BUG-002')), parsed.warnings.join('\n'));
  });

  it('a one-line layout whose last key is a text field does not swallow the next lines', () => {
    const it = parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n**Sévérité:** P2 | **Composant:** Auth\n\nLa description.\n').items[0];
    assert.equal(it.component, 'Auth');
    assert.equal(it.severity, 'P2');
    assert.equal(it.description, 'La description.');
  });

  it('imports a file that repeats an ID, renumbering the later item past the numbers the file uses', () => {
    const dup = byId(parsed.items, 'CT-003');
    assert.equal(dup.title, "Liste d'envies (doublon)");
    assert.equal(dup.priority, 'low');
    assert.equal(byId(parsed.items, 'CT-001').title, "Liste d'envies");
    assert.deepEqual(parsed.renumbered, [{ from: 'CT-001', to: 'CT-003', line: 56 }]);
    assert.ok(parsed.warnings.includes('CT-001 on line 56 repeats the ID of line 46: imported as CT-003'), parsed.warnings.join('\n'));
  });

  it('reads a checkbox list right under the heading as acceptance criteria', () => {
    assert.deepEqual(byId(parsed.items, 'CT-001').criteria, [
      { text: 'Un bouton cœur ajoute le produit', checked: false },
      { text: 'La liste survit à la déconnexion', checked: true },
    ]);
    assert.equal(byId(parsed.items, 'CT-001').component, 'Compte');
    assert.ok(!parsed.warnings.some((w) => w.startsWith('CT-001:')), parsed.warnings.join('\n'));
  });
});

describe('io: TicketFlow reading our exports (issue #11)', () => {
  const types = [
    { key: 'BUG', label: 'Bugs' },
    { key: 'CT', label: 'Court terme' },
  ];

  it('writes **Composant:** for bugs and **Module:** for other items, as TicketFlow does', () => {
    const md = toTicketFlowMarkdown([item({ id: 'BUG-001', component: 'Editor' }), item({ id: 'CT-001', component: 'Sync' })], { projectName: 'P', types, locale: 'en' });
    assert.match(md, /### BUG-001 \| Title\n<!-- flowcast: .* -->\n\*\*Composant:\*\* Editor\n/);
    assert.match(md, /### CT-001 \| Title\n<!-- flowcast: .* -->\n\*\*Module:\*\* Sync\n/);
    assert.doesNotMatch(md, /\*\*Component:\*\*/);
  });

  it('writes a joined component back as **Composant:** and **Module:**, and every format round-trips it exactly', () => {
    const items = [item({ id: 'BUG-001', component: 'Paiement (Module: Checkout)' }), item({ id: 'CT-001', component: 'A (Module: B (v2))' })];
    const md = toTicketFlowMarkdown(items, { projectName: 'P', types, locale: 'fr' });
    assert.match(md, /\*\*Composant:\*\* Paiement\n\*\*Module:\*\* Checkout\n/);
    assert.match(md, /\*\*Composant:\*\* A\n\*\*Module:\*\* B \(v2\)\n/);
    assert.deepEqual(parseTicketFlowMarkdown(md).items, items);
    assert.deepEqual(parseFlowcastMarkdown(toFlowcastMarkdown(items, { backlogName: 'P', types })).items, items);
    assert.deepEqual(parseJson(toJson(items, { backlogName: 'P', types })).items, items);
    for (const [c, m] of [['x', 'y'], ['', 'y'], ['x', ''], ['a (Module: b)', 'c']]) {
      const joined = joinComponentModule(c, m);
      const split = splitComponentModule(joined);
      assert.equal(joinComponentModule(split.component, split.module ?? ''), joined);
    }
  });

  it('component + module round-trip exactly through every format, in two keys TicketFlow reads (property)', () => {
    const word = fc.string({ minLength: 1, maxLength: 20 }).map((x) => x.replace(/[\r\n\\*#<>|`_[\]!-]/g, 'a').trim()).filter((x) => x !== '');
    fc.assert(
      fc.property(fc.constantFrom('BUG-001', 'CT-001'), word, word, fc.constantFrom('en' as const, 'fr' as const), (id, c, m, locale) => {
        const items = [item({ id, component: joinComponentModule(c, m) })];
        const md = toTicketFlowMarkdown(items, { projectName: 'P', types, locale });
        assert.deepEqual(parseTicketFlowMarkdown(md).items, items);
        // Carried by the keys themselves, not by the exact-value fallback in the comment.
        assert.doesNotMatch(md, /<!-- flowcast: [^\n]*"component"/);
        if (c !== m) assert.ok(md.includes(`**Composant:** ${c}\n**Module:** ${m}\n`), md);
        assert.deepEqual(parseFlowcastMarkdown(toFlowcastMarkdown(items, { backlogName: 'P', types })).items, items);
        assert.deepEqual(parseJson(toJson(items, { backlogName: 'P', types })).items, items);
        assert.deepEqual(parseCsv(toCsv(items)).items, items);
      }),
      { numRuns: 300 },
    );
  });

  it('names in the export warnings the items TicketFlow will not show (a digit in the ID prefix, a prose-like type label)', () => {
    const items = [item({ id: 'T2-001' }), item({ id: 'T2-002' }), item({ id: 'ROAD-001', type: 'ROAD' }), item({ id: 'BUG-001' })];
    const w = exportWarnings('ticketflow', items, [...types, { key: 'T2', label: 'Tâches 2' }, { key: 'ROAD', label: 'Roadmap' }]);
    assert.equal(w.length, 2, w.join('\n'));
    assert.match(w[0], /T2-001, T2-002/);
    assert.match(w[1], /ROAD-001.*"Roadmap"/);
    assert.ok(!w.some((x) => /show [^:]*BUG-001/.test(x)), w.join('\n'));
    assert.deepEqual(exportWarnings('json', items, types), []);
    assert.deepEqual(exportWarnings('ticketflow', [item({ id: 'BUG-001' })], types), []);
  });
});
