// One entry point per direction for the four formats, used by the public API and the commands.
import { parseCsv, toCsv } from './csv';
import { parseFlowcastMarkdown, toFlowcastMarkdown } from './flowcastMarkdown';
import { parseJson, toJson } from './json';
import { parseTicketFlowMarkdown, ticketFlowExportWarnings, toTicketFlowMarkdown } from './ticketflow';
import type { ExportType, ImportedBacklog, ImportFormat } from './types';
import type { PortableItem } from '../backlog/model';

/**
 * Parses a whole file (all or nothing; throws ImportError with the line). `knownTypes` (the target
 * backlog's types) lets TicketFlow files type items by their ID prefix.
 */
export function parseBacklog(format: ImportFormat, text: string, now = new Date(), knownTypes: readonly string[] = []): ImportedBacklog {
  switch (format) {
    case 'ticketflow':
      return parseTicketFlowMarkdown(text, { now: now.toISOString(), knownTypes });
    case 'flowcast-md':
      return parseFlowcastMarkdown(text);
    case 'json':
      return parseJson(text);
    case 'csv':
      return parseCsv(text);
  }
}

/** Writes every item of a backlog in a format (lossless in all four). */
export function serializeBacklog(format: ImportFormat, items: PortableItem[], opts: { name: string; types: ExportType[]; locale?: 'en' | 'fr' }): string {
  switch (format) {
    case 'ticketflow':
      return toTicketFlowMarkdown(items, { projectName: opts.name, types: opts.types, locale: opts.locale });
    case 'flowcast-md':
      return toFlowcastMarkdown(items, { backlogName: opts.name, types: opts.types });
    case 'json':
      return toJson(items, { backlogName: opts.name, types: opts.types });
    case 'csv':
      return toCsv(items);
  }
}

/** What the export summary must say about a file: items the target tool will not show (TicketFlow). */
export function exportWarnings(format: ImportFormat, items: readonly PortableItem[], types: readonly ExportType[]): string[] {
  return format === 'ticketflow' ? ticketFlowExportWarnings(items, types) : [];
}
