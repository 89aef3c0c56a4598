// TicketFlow Markdown: reading real-looking files (French and English keys), refusing malformed
// ones with the line, and writing files TicketFlow can read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PortableItem } from '../../src/core/backlog/model';
import { parseTicketFlowMarkdown, toTicketFlowMarkdown } from '../../src/core/io';
import { expectImportError, item } from './io-helpers';
import { isValidRank } from '../../src/core/util/rank';

const NOW = '2026-03-05T09:00:00.000Z';
const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../test/fixtures', name), 'utf8');

function byId(items: PortableItem[], id: string): PortableItem {
  const it = items.find((i) => i.id === id);
  assert.ok(it, `${id} not imported`);
  return it;
}

/** Asserts that fn throws an ImportError whose message matches and whose line is `line`. */
const throwsImport = (fn: () => unknown, message: RegExp, line: number | null) => expectImportError(fn, message, line, 'ticketflow');

describe('io: TicketFlow Markdown import (French sample file)', () => {
  const parsed = parseTicketFlowMarkdown(fixture('ticketflow-fr.md'), { now: NOW });

  it('imports every item of the item sections in file order, and nothing from prose, contents or code blocks', () => {
    assert.deepEqual(
      parsed.items.map((i) => i.id),
      ['BUG-001', 'BUG-002', 'CT-001', 'BUG-003', 'LT-001', 'AUTRE-001', 'DT-001'],
    );
    assert.equal(parsed.name, 'Atelier Vélo');
  });

  it('maps sections to types (BUGS, COURT TERME, LONG TERME, AUTRES (IDÉES), a custom title); a Type marker in an empty section declares no new type', () => {
    assert.deepEqual(parsed.types, [
      { key: 'BUG', label: 'BUGS' },
      { key: 'CT', label: 'COURT TERME' },
      { key: 'LT', label: 'LONG TERME' },
      { key: 'AUTRE', label: 'AUTRES (IDÉES)' },
      { key: 'DETTE_TECHNIQUE', label: 'DETTE TECHNIQUE' },
    ]);
  });

  it('types an item by its ID prefix when that is a type of the file, else by its section', () => {
    assert.equal(byId(parsed.items, 'BUG-003').type, 'BUG'); // sits in COURT TERME
    assert.equal(byId(parsed.items, 'CT-001').type, 'CT');
    assert.equal(byId(parsed.items, 'DT-001').type, 'DETTE_TECHNIQUE'); // DT is not a type of the file
    assert.equal(byId(parsed.items, 'AUTRE-001').type, 'AUTRE');
  });

  it('reads every field of a bug, keeping all lines of the description and the fenced block verbatim', () => {
    const bug = byId(parsed.items, 'BUG-001');
    assert.equal(bug.title, 'Le panier se vide après connexion');
    assert.equal(bug.emoji, '🐛');
    assert.equal(bug.component, 'Panier');
    assert.equal(bug.severity, 'P1');
    assert.equal(bug.priority, 'high');
    assert.equal(bug.effort, 'S');
    assert.equal(
      bug.description,
      [
        'Après connexion, le panier anonyme est perdu.',
        "La fusion des paniers n'est jamais appelée.",
        '',
        'Journal du serveur :',
        '```text',
        '---',
        '### FAKE-1 | x',
        '**Priorité:** Faible',
        '```',
        'Fin du journal.',
      ].join('\n'),
    );
    assert.deepEqual(bug.reproSteps, ['Ajouter un article au panier sans être connecté', 'Se connecter', 'Ouvrir le panier']);
    assert.deepEqual(bug.criteria, [
      { text: 'Le panier anonyme est fusionné à la connexion', checked: true },
      { text: 'Un test de bout en bout couvre le cas', checked: false },
    ]);
    assert.deepEqual(bug.attachments, [{ name: 'Panier vide', path: '.backlog-assets/screenshots/panier-vide.png' }]);
    assert.deepEqual(bug.specs, []);
    assert.equal(bug.userStory, '');
    assert.equal(bug.status, 'backlog');
    assert.deepEqual(bug.tags, []);
    assert.deepEqual(bug.relations, []);
    assert.equal(bug.createdAt, NOW);
    assert.equal(bug.updatedAt, NOW);
    assert.equal(bug.archivedAt, null);
    assert.ok(isValidRank(bug.rank));
  });

  it('reads Module as the component and "P3 - Faible" / "XS (Extra Small)" as P3 / XS', () => {
    const bug = byId(parsed.items, 'BUG-002');
    assert.equal(bug.component, 'Catalogue');
    assert.equal(bug.severity, 'P3');
    assert.equal(bug.effort, 'XS');
    assert.equal(bug.priority, null);
    assert.equal(bug.description, 'Les prix de la fiche produit sont HT au lieu de TTC.');
  });

  it('puts each list under its own key (specs, criteria, dependencies, constraints) and joins the > lines of a user story into one paragraph', () => {
    const ct = byId(parsed.items, 'CT-001');
    assert.equal(ct.emoji, '✨');
    assert.equal(ct.title, 'Exporter les commandes en CSV');
    assert.equal(ct.component, 'Back-office');
    assert.equal(ct.priority, 'medium');
    assert.equal(ct.effort, 'M');
    assert.equal(ct.severity, null);
    assert.equal(ct.description, "Permettre l'export des commandes du mois.");
    assert.equal(ct.userStory, 'En tant que gestionnaire, je veux exporter les commandes du mois afin de les transmettre au comptable.');
    assert.deepEqual(ct.specs, ['Colonnes : date, client, montant', 'Séparateur point-virgule']);
    assert.deepEqual(ct.criteria, [
      { text: "Le fichier s'ouvre dans Excel", checked: false },
      { text: 'Les montants ont deux décimales', checked: false },
    ]);
    assert.deepEqual(ct.dependencies, ['BUG-002 (prix HT)']);
    assert.deepEqual(ct.constraints, ['Aucun appel réseau']);
    assert.deepEqual(ct.reproSteps, []);
  });

  it('reads low priority and XL effort, and gives file-order ranks', () => {
    const lt = byId(parsed.items, 'LT-001');
    assert.equal(lt.priority, 'low');
    assert.equal(lt.effort, 'XL');
    const ranks = parsed.items.map((i) => i.rank);
    assert.deepEqual([...ranks].sort(), ranks);
    assert.equal(new Set(ranks).size, ranks.length);
  });

  it('ignores an unknown key with a warning naming it and its line', () => {
    assert.equal(byId(parsed.items, 'AUTRE-001').description, 'Idée remontée par plusieurs clients.');
    assert.deepEqual(parsed.warnings, ['AUTRE-001: unknown key **Statut:** on line 111 ignored']);
  });

  it('reads the same items from the file with CRLF line ends', () => {
    const crlf = parseTicketFlowMarkdown(fixture('ticketflow-fr.md').replace(/\n/g, '\r\n'), { now: NOW });
    assert.deepEqual(crlf.items, parsed.items);
  });

  it('uses a fixed time (the epoch) for time stamps when no "now" is given', () => {
    const p = parseTicketFlowMarkdown(fixture('ticketflow-fr.md'));
    assert.equal(p.items[0].createdAt, '1970-01-01T00:00:00.000Z');
  });
});

describe('io: TicketFlow Markdown import (English keys)', () => {
  const parsed = parseTicketFlowMarkdown(fixture('ticketflow-en.md'), { now: NOW });

  it('reads every field of a bug written with English keys', () => {
    assert.deepEqual(
      parsed.items.map((i) => i.id),
      ['BUG-010', 'CT-004'],
    );
    const bug = byId(parsed.items, 'BUG-010');
    assert.equal(bug.type, 'BUG');
    assert.equal(bug.title, 'Checkout fails with an expired card');
    assert.equal(bug.emoji, '');
    assert.equal(bug.component, 'Payments');
    assert.equal(bug.severity, 'P0');
    assert.equal(bug.priority, 'high');
    assert.equal(bug.effort, 'L');
    assert.equal(bug.description, 'The payment page spins forever.\nNo error is shown to the customer.');
    assert.deepEqual(bug.reproSteps, ['Add a bike to the cart', 'Pay with card 4000 0000 0000 0069']);
    assert.deepEqual(bug.criteria, [
      { text: 'An error message is shown', checked: false },
      { text: 'The order stays unpaid', checked: true },
    ]);
    assert.deepEqual(bug.attachments, [
      { name: 'Spinner', path: '.backlog-assets/screenshots/spinner.png' },
      { name: 'Console log', path: '.backlog-assets/screenshots/console log.png' },
    ]);
  });

  it('reads a feature: Module, Low, user story paragraph, specs, criteria, dependencies, constraints', () => {
    const ct = byId(parsed.items, 'CT-004');
    assert.equal(ct.type, 'CT');
    assert.equal(ct.emoji, '🚀');
    assert.equal(ct.title, 'Gift cards');
    assert.equal(ct.component, 'Checkout');
    assert.equal(ct.priority, 'low');
    assert.equal(ct.effort, 'M');
    assert.equal(ct.userStory, 'As a customer, I want to offer a gift card so that my friends choose their own bike.');
    assert.deepEqual(ct.specs, ['Amounts from 10 to 500 EUR', 'Valid for one year']);
    assert.deepEqual(ct.criteria, [
      { text: 'A gift card can be bought', checked: false },
      { text: 'A gift card can be redeemed', checked: false },
    ]);
    assert.deepEqual(ct.dependencies, ['BUG-010']);
    assert.deepEqual(ct.constraints, ['PCI DSS compliant']);
    assert.deepEqual(parsed.types, [
      { key: 'BUG', label: 'BUGS' },
      { key: 'CT', label: 'SHORT TERM' },
    ]);
    assert.deepEqual(parsed.warnings, []);
  });

  it('accepts keys without accents and several values on one line (**Severite:** P2 | **Priorite:** Haute)', () => {
    const p = parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | x\n**Severite:** P2 | **Priorite:** Haute | **Effort:** S\n**Criteres d’acceptation:**\n- [X] ok\n');
    assert.equal(p.items[0].severity, 'P2');
    assert.equal(p.items[0].priority, 'high');
    assert.equal(p.items[0].effort, 'S');
    assert.deepEqual(p.items[0].criteria, [{ text: 'ok', checked: true }]);
  });

  it('turns the rows of a TicketFlow grouped table (### BUG-005 à 007) into items', () => {
    const md = [
      '## 1. BUGS',
      '### BUG-005 à 007 | Petits bugs',
      '**Sévérité:** P3 - Faible',
      '| ID | Description | Action |',
      '|----|-------------|--------|',
      '| BUG-005 | Faute dans le pied de page | Corriger |',
      '| BUG-006 | Lien mort | Supprimer |',
      '---',
    ].join('\n');
    const p = parseTicketFlowMarkdown(md);
    assert.deepEqual(
      p.items.map((i) => [i.id, i.type, i.title, i.description, i.severity]),
      [
        ['BUG-005', 'BUG', 'Faute dans le pied de page', 'Corriger', 'P3'],
        ['BUG-006', 'BUG', 'Lien mort', 'Supprimer', 'P3'],
      ],
    );
  });
});

describe('io: TicketFlow Markdown import refuses malformed files with the line', () => {

  it('an item heading without an ID', () => {
    throwsImport(() => parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n---\n### Just a title\n'), /Line 4: item heading without an ID: "### Just a title"/, 4);
  });

  it('an ID that is not TYPE-123', () => {
    throwsImport(() => parseTicketFlowMarkdown('## 1. BUGS\n### averyveryverylongprefix-1 | a\n'), /Line 2: invalid item ID "averyveryverylongprefix-1"/, 2);
  });

  it('an unknown priority, severity or effort', () => {
    throwsImport(() => parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n**Priorité:** Urgente\n'), /Line 3: BUG-001: \*\*Priorité:\*\* unknown priority "Urgente"/, 3);
    throwsImport(() => parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n**Sévérité:** Grave\n'), /Line 3: .*unknown severity "Grave"/, 3);
    throwsImport(() => parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n**Effort:** Huge\n'), /Line 3: .*unknown effort "Huge"/, 3);
  });

  it('a field given twice in one item', () => {
    throwsImport(() => parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n**Priorité:** Haute\n**Priority:** Low\n'), /Line 4: BUG-001: \*\*Priority:\*\* repeats the field of \*\*Priorité:\*\* \(line 3\)/, 4);
  });

  it('a flowcast comment that is not JSON, or holds an invalid value', () => {
    throwsImport(() => parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n<!-- flowcast: {status: -->\n'), /Line 3: BUG-001: the flowcast comment is not valid JSON/, 3);
    throwsImport(() => parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n<!-- flowcast: {"status":"Not A Key"} -->\n'), /Line 3: BUG-001: flowcast comment: status: must be a status key/, 3);
  });

  it('an item without a title, and an absolute screenshot path', () => {
    throwsImport(() => parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 |\n'), /Line 2: BUG-001: title: title is empty/, 2);
    throwsImport(() => parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n**Screenshots:**\n![x](C:\\shots\\a.png)\n'), /Line 3: BUG-001: attachments\[0\]\.path: path must be relative/, 3);
  });

  it('a Type marker after a comment line still types the section, even one whose title looks like prose', () => {
    const p = parseTicketFlowMarkdown('## 1. Priorités du trimestre\n\n<!-- Exemple -->\n<!-- Type: CT -->\n### FOO-1 | a\n');
    assert.deepEqual(p.types, [{ key: 'CT', label: 'Priorités du trimestre' }]);
    assert.equal(p.items[0].type, 'CT');
  });

  it('an invalid Type marker', () => {
    throwsImport(() => parseTicketFlowMarkdown('## 1. Stuff\n<!-- Type: not a key -->\n'), /Line 2: "<!-- Type: not a key -->" is not a valid type key/, 2);
  });

  it('never returns a partial result: one bad item at the end of the sample file fails the whole import', () => {
    const text = `${fixture('ticketflow-fr.md')}\n## 9. BUGS\n### BUG-099 | déjà vu\n**Priorité:** Urgente\n`;
    throwsImport(() => parseTicketFlowMarkdown(text), /BUG-099: \*\*Priorité:\*\* unknown priority "Urgente"/, text.split('\n').length - 1);
  });

  it('a heading without an ID before any section is introduction text (warning), not an item', () => {
    const p = parseTicketFlowMarkdown('# P\n### Notes\nsome text\n## 1. BUGS\n### BUG-001 | a\n');
    assert.deepEqual(
      p.items.map((i) => i.id),
      ['BUG-001'],
    );
    assert.deepEqual(p.warnings, ['heading "### Notes" on line 2 is not an item (no ID) and comes before any section; ignored']);
  });

  it('a relation to the item itself (in the flowcast comment)', () => {
    throwsImport(() => parseTicketFlowMarkdown('## 1. BUGS\n### BUG-001 | a\n<!-- flowcast: {"relations":[{"kind":"blocks","to":"BUG-001"}]} -->\n'), /BUG-001 has a relation to itself/, null);
  });
});

describe('io: TicketFlow Markdown export', () => {
  const bug = item({
    id: 'BUG-001',
    title: 'Crash on save',
    emoji: '🐛',
    status: 'in_progress',
    severity: 'P2',
    priority: 'high',
    effort: 'M',
    component: 'Editor',
    tags: ['ui'],
    description: 'First line\nSecond line',
    userStory: 'As a writer, I want my work saved.',
    reproSteps: ['Open', 'Save'],
    specs: ['Autosave'],
    criteria: [
      { text: 'Saved', checked: true },
      { text: 'No crash', checked: false },
    ],
    dependencies: ['CT-001'],
    constraints: ['Offline'],
    attachments: [{ name: 'Crash', path: 'shots/crash.png' }],
    links: [{ file: 'src/save.ts', line: 12 }],
    relations: [{ kind: 'blocks', to: 'CT-001' }],
    archivedAt: '2026-02-01T00:00:00.000Z',
  });
  const feat = item({ id: 'CT-001', title: 'Cloud sync', priority: 'low' });
  const types = [
    { key: 'BUG', label: 'Bugs' },
    { key: 'CT', label: 'Court terme' },
    { key: 'LT', label: 'Long terme' },
  ];

  it('writes French keys and TicketFlow values for locale fr', () => {
    const md = toTicketFlowMarkdown([bug, feat], { projectName: 'Demo', types, locale: 'fr' });
    assert.match(md, /^# Demo - Product Backlog\n/);
    assert.match(md, /\n## Table des matières\n\n1\. \[Bugs\]\(#1-bugs\)\n2\. \[Court terme\]\(#2-court-terme\)\n3\. \[Long terme\]\(#3-long-terme\)\n/);
    assert.match(md, /\n## 1\. Bugs\n\n<!-- Type: BUG -->\n\n### BUG-001 \| 🐛 Crash on save\n<!-- flowcast: \{.*\} -->\n\*\*Composant:\*\* Editor\n\*\*Sévérité:\*\* P2 - Moyenne\n\*\*Priorité:\*\* Haute\n\*\*Effort:\*\* M \(Medium\)\n\*\*Description:\*\* First line\nSecond line\n\n\*\*User Story:\*\*\n> As a writer, I want my work saved\.\n\n\*\*Reproduction:\*\*\n1\. Open\n2\. Save\n\n\*\*Spécifications:\*\*\n- Autosave\n\n\*\*Critères d'acceptation:\*\*\n- \[x\] Saved\n- \[ \] No crash\n\n\*\*Dépendances:\*\*\n- CT-001\n\n\*\*Contraintes:\*\*\n- Offline\n\n\*\*Screenshots:\*\*\n!\[Crash\]\(shots\/crash\.png\)\n\n---\n/);
    assert.match(md, /\*\*Priorité:\*\* Faible/);
    // An empty type keeps its section and marker.
    assert.match(md, /\n## 3\. Long terme\n\n<!-- Type: LT -->\n\n---\n/);
  });

  it("writes TicketFlow's own French keys and values for locale en too (its parser knows no others)", () => {
    const md = toTicketFlowMarkdown([bug], { projectName: 'Demo', types, locale: 'en' });
    for (const key of ['Composant:** Editor', 'Sévérité:** P2 - Moyenne', 'Priorité:** Haute', 'Effort:** M (Medium)', 'Description', 'User Story', 'Reproduction', 'Spécifications', "Critères d'acceptation", 'Dépendances', 'Contraintes', 'Screenshots']) {
      assert.ok(md.includes(`**${key}`), key);
    }
    assert.doesNotMatch(md, /\*\*(?:Component|Severity|Priority|Specifications|Acceptance Criteria|Dependencies|Constraints):\*\*/);
    assert.equal(md, toTicketFlowMarkdown([bug], { projectName: 'Demo', types, locale: 'fr' }).replace('> Exporté depuis Flowcast : 1 ticket.', '> Exported from Flowcast: 1 item.').replace('## Table des matières', '## Contents'));
  });

  it('keeps the fields TicketFlow lacks in one flowcast comment per item, and only those', () => {
    const md = toTicketFlowMarkdown([bug, feat], { projectName: 'Demo', types, locale: 'fr' });
    const comments = [...md.matchAll(/^<!-- flowcast: (.*) -->$/gm)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);
    assert.deepEqual(comments, [
      {
        status: 'in_progress',
        tags: ['ui'],
        links: [{ file: 'src/save.ts', line: 12 }],
        relations: [{ kind: 'blocks', to: 'CT-001' }],
        rank: 'a0',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-02T00:00:00.000Z',
        archivedAt: '2026-02-01T00:00:00.000Z',
      },
      { status: 'backlog', rank: 'a0', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' },
    ]);
    assert.deepEqual(parseTicketFlowMarkdown(md).items, [bug, feat]);
  });

  it('records the type when neither the section nor the ID prefix gives it back', () => {
    const odd = item({ id: 'CT-002', type: 'BUG' }); // in the BUG section, but CT is a type of the file
    const md = toTicketFlowMarkdown([odd], { projectName: 'P', types, locale: 'en' });
    assert.match(md, /<!-- flowcast: \{"type":"BUG",/);
    assert.deepEqual(parseTicketFlowMarkdown(md).items, [odd]);
  });

  it('adds a section for a type that is not in the list, and declares every section as a type', () => {
    const other = item({ id: 'X-001', type: 'SPIKE' });
    const md = toTicketFlowMarkdown([other], { projectName: 'P', types, locale: 'en' });
    assert.match(md, /\n## 4\. SPIKE\n\n<!-- Type: SPIKE -->\n/);
    assert.deepEqual(
      parseTicketFlowMarkdown(md).types.map((t) => t.key),
      ['BUG', 'CT', 'LT', 'SPIKE'],
    );
  });

  it('escapes text lines that look like structure, and a type label that looks like prose still holds items', () => {
    const tricky = item({ id: 'BUG-009', description: 'a\n---\n### BUG-010 | fake\n**Priorité:** Haute\n<!-- flowcast: {} -->\n\\path' });
    const md = toTicketFlowMarkdown([tricky], { projectName: 'P', types: [{ key: 'BUG', label: 'Roadmap des bugs' }], locale: 'fr' });
    assert.ok(md.includes('**Description:** a\n\\---\n\\### BUG-010 | fake\n\\**Priorité:** Haute\n\\<!-- flowcast: {} -->\n\\\\path\n'));
    const back = parseTicketFlowMarkdown(md);
    assert.deepEqual(back.items, [tricky]);
    assert.deepEqual(back.types, [{ key: 'BUG', label: 'Roadmap des bugs' }]);
  });

  it('writes the exact value in the comment when the Markdown cannot carry it (title with a line break, CRLF text)', () => {
    const odd = item({ id: 'BUG-001', title: 'two\nlines', description: 'a\r\nb' });
    const md = toTicketFlowMarkdown([odd], { projectName: 'P', types, locale: 'en' });
    assert.match(md, /### BUG-001 \| two lines\n<!-- flowcast: \{"title":"two\\nlines",.*"description":"a\\r\\nb"/);
    assert.deepEqual(parseTicketFlowMarkdown(md).items, [odd]);
  });
});
