// Types shared by every import/export format.
import type { PortableItem } from '../backlog/model';

export type ImportFormat = 'ticketflow' | 'flowcast-md' | 'json' | 'csv';

/** A type as a file declares it. `color`/`hidden` are only known from JSON exports. */
export interface ImportedType {
  key: string;
  label: string;
  color?: string;
  hidden?: boolean;
}

/** What an importer returns: everything in the file, or it throws an ImportError (never a partial result). */
export interface ImportedBacklog {
  /** Every field filled (emptyFields() defaults for absent ones), in file order. */
  items: PortableItem[];
  /** Types the file declares or uses, in file order. */
  types: ImportedType[];
  /** Non-fatal notes, e.g. `unknown key **Foo:** on line 12 ignored`. */
  warnings: string[];
  /** The backlog / project name when the file states one. */
  name?: string;
  /** Items whose ID the file repeats: the later ones were given a free number (Markdown formats). */
  renumbered?: { from: string; to: string; line: number }[];
}

/** A type as the exporters take it (ItemType or anything with a key and a label). */
export interface ExportType {
  key: string;
  label: string;
  color?: string;
  position?: number;
  hidden?: boolean;
}

/** Options every importer accepts. */
export interface ImportOptions {
  /** ISO time used for createdAt/updatedAt when the file has none (default 1970-01-01T00:00:00.000Z). */
  now?: string;
  /** Type keys the target backlog has: in Markdown files an item whose ID prefix is one of them gets that type. */
  knownTypes?: readonly string[];
}

/**
 * A malformed file. The message names what is wrong and where ("Line 12: ...", or the JSON path);
 * `line` is 1-based (null when unknown); `format` is the format being read.
 */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
    readonly format: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** Prefixes "Line N: " to a message when the line is known. */
export function atLine(line: number | null, message: string): string {
  return line === null ? message : `Line ${line}: ${message}`;
}
