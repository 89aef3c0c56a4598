// Flowcast Markdown: a whole backlog as one readable, git-diff friendly, lossless document.
//
//   # <Backlog name>
//   <!-- flowcast-markdown: 1 -->            format and version (readers refuse other versions)
//
//   ## <Type label>                          one section per type, in the backlog's type order
//   <!-- Type: BUG -->                        (then types only items use, A-Z); empty ones kept
//
//   ### BUG-001 | 🐛 Title                    items sorted by ID (BUG-2 before BUG-10)
//   **Type:** BUG
//   **Status:** in_progress
//   **Component:** editor                     text values: first line after the key, other
//   **Severity:** P2                          lines below it (escaped, see markdownText.ts)
//   **Priority:** high
//   **Effort:** M
//   **Target date:** 2026-03-31               YYYY-MM-DD, only when the item has one
//   **Tags:**                                 lists: one "- entry" per line, continuation
//   - ui                                      lines indented by two spaces
//   **Description:** First line
//   more lines, ```fenced blocks``` kept verbatim
//
//   **User Story:**
//   > one "> " line per line
//
//   **Reproduction:**       1. step
//   **Specifications:**     - spec
//   **Acceptance Criteria:** - [ ] / - [x] criterion
//   **Dependencies:**       - text
//   **Constraints:**        - text
//   **Attachments:**        - ![name](path)   (path in <...> when it has spaces or brackets)
//   **Links:**              - src/file.ts:12
//   **Relations:**          - blocks BUG-002  (blocks | relates | duplicates)
//
//   **Rank:** a0
//   **Created:** 2026-03-01T10:00:00.000Z
//   **Updated:** 2026-03-02T10:00:00.000Z
//   **Archived:** ...                          only when archived
//   **Azure DevOps:** #123 https://dev.azure.com/...   the published work item, only when published
//
//   ---
//
// Empty fields are omitted; values are locale-neutral keys; nothing depends on the export time,
// so exporting an unchanged backlog gives the same bytes. When a value cannot be written exactly
// (a title with a line break, text with carriage returns), the item gets a
// `<!-- flowcast: {"field": exact value} -->` line under its heading, which readers apply last.
import type { PortableItem } from '../backlog/model';
import { compareIds, exportSections, exportVerified, oneLine, parseMarkdownBacklog, writeItem } from './markdownBacklog';
import { splitLines } from './markdownText';
import { atLine, type ExportType, type ImportedBacklog, ImportError, type ImportOptions } from './types';
import type { ItemPatch } from './validate';

export const FLOWCAST_MARKDOWN_VERSION = 1;

export interface FlowcastMarkdownExportOptions {
  backlogName: string;
  types: readonly ExportType[];
}

export function parseFlowcastMarkdown(text: string, opts: ImportOptions = {}): ImportedBacklog {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const m = /^<!--[ \t]*flowcast-markdown:[ \t]*(.*?)[ \t]*-->[ \t]*$/.exec(lines[i]);
    if (!m) continue;
    if (m[1] !== String(FLOWCAST_MARKDOWN_VERSION)) {
      const msg = `this file is Flowcast Markdown version "${m[1]}"; this Flowcast reads version ${FLOWCAST_MARKDOWN_VERSION}. Update Flowcast to import it.`;
      throw new ImportError(atLine(i + 1, msg), i + 1, 'flowcast-md');
    }
    break;
  }
  return parseMarkdownBacklog(text, 'flowcast', opts);
}

export function toFlowcastMarkdown(items: readonly PortableItem[], opts: FlowcastMarkdownExportOptions): string {
  const sections = exportSections(items, opts.types);
  const render = (meta: (it: PortableItem) => ItemPatch): string => {
    const out = [`# ${oneLine(opts.backlogName) || 'Backlog'}`, `<!-- flowcast-markdown: ${FLOWCAST_MARKDOWN_VERSION} -->`, ''];
    for (const s of sections) {
      out.push(`## ${s.label}`, `<!-- Type: ${s.key} -->`, '');
      const own = items.filter((it) => it.type === s.key).sort((a, b) => compareIds(a.id, b.id));
      for (const it of own) out.push(...writeItem(it, meta(it), { dialect: 'flowcast', locale: 'en' }));
    }
    return out.join('\n');
  };
  return exportVerified(items, render, () => ({}), 'flowcast');
}
