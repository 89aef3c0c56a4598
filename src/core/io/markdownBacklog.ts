// The engine behind both Markdown formats: one parser and one item writer, with two dialects.
//   ticketflow: TicketFlow's keys (French or English) and values ("P2 - Moyenne", "Haute",
//               "M (Medium)"); the fields TicketFlow lacks live in a `<!-- flowcast: {json} -->`
//               comment under the item heading (TicketFlow ignores HTML comments).
//   flowcast:   every field as a `**Key:** value` line (English keys, locale-neutral values).
// Both writers verify their own output: they parse it back, and any field that does not come back
// exactly (a title with a line break, text with carriage returns...) is also written, exactly, in
// the item's flowcast comment, which the reader applies last. So export is lossless by construction;
// the escaping in markdownText.ts keeps such comments the exception (tests check that).
// The parts: markdownParser.ts (reading), markdownItemBuilder.ts (drafts to items),
// markdownWriter.ts (writing and verified export), markdownSections.ts (section titles and types),
// markdownKeys.ts (the dialects' keys and value labels), markdownText.ts (text, lists, escaping).
export { joinComponentModule, normalizeWord, splitComponentModule, type Locale } from './markdownKeys';
export { parseMarkdownBacklog, splitEmoji } from './markdownParser';
export { type Dialect, inferType, typeKeyFromTitle } from './markdownSections';
export {
  compareIds,
  exportSections,
  exportVerified,
  fallbackFields,
  groupBySection,
  headingLine,
  mergePatch,
  oneLine,
  type SectionSpec,
  writeItem,
  type WriteOptions,
} from './markdownWriter';
