// Import and export of backlog items: TicketFlow Markdown, Flowcast Markdown, JSON, CSV.
// Pure functions over strings (no file system, no VS Code). Importers return everything or throw an
// ImportError; exporters are lossless (parse(export(items)) gives the items back).
export { detectFormat } from './detect';
export { parseCsv, toCsv } from './csv';
export { parseFlowcastMarkdown, toFlowcastMarkdown, type FlowcastMarkdownExportOptions } from './flowcastMarkdown';
export { parseJson, toJson, JSON_FORMAT, JSON_SCHEMA_VERSION, type JsonExportOptions } from './json';
export { parseTicketFlowMarkdown, ticketFlowExportWarnings, toTicketFlowMarkdown, type TicketFlowExportOptions } from './ticketflow';
export { ImportError, type ExportType, type ImportedBacklog, type ImportedType, type ImportFormat, type ImportOptions } from './types';
export { exportWarnings, parseBacklog, serializeBacklog } from './formats';
