// Which importer a file needs, from its name and its first bytes.
import type { ImportFormat } from './types';

export function detectFormat(fileName: string, text: string): ImportFormat | null {
  const ext = /\.([^./\\]+)$/.exec(fileName.toLowerCase())?.[1] ?? '';
  const head = text.replace(/^\uFEFF/, '').slice(0, 64 * 1024);
  const trimmed = head.trimStart();
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  if (/^<!--[ \t]*flowcast-markdown:/m.test(head)) return 'flowcast-md';
  const looksTicketFlow = /^#{2,3}[ \t]+\S/m.test(head) || /^#[ \t].*Product Backlog/im.test(head);
  if (ext === 'md' || ext === 'markdown' || ext === 'txt') return looksTicketFlow ? 'ticketflow' : null;
  if (trimmed.startsWith('{') && head.includes('"flowcast-backlog"')) return 'json';
  if (/^### [A-Z][A-Z0-9_]*-\d+/m.test(head)) return 'ticketflow';
  const firstLine = trimmed.split(/\r?\n/, 1)[0].toLowerCase();
  if (/(^|,)"?id"?(,|$)/.test(firstLine) && /(^|,)"?title"?(,|$)/.test(firstLine)) return 'csv';
  return null;
}
