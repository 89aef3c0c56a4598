// The review page's own state, kept in the page until the import: each proposal's fields as the
// host sent them and as the user has them now, which were edited, selected or opened, what is
// wrong with them, and what the host needs to import the selection.
import type { DraftFields, EditableFields, ImportSelection, ReviewState } from '../../src/core/protocol';

/** The lists of text entries the details edit, in the item editor's order. */
export type ListKey = 'specs' | 'reproSteps' | 'dependencies' | 'constraints';
export const LISTS: readonly ListKey[] = ['specs', 'reproSteps', 'dependencies', 'constraints'];

/** A list without its blank entries (an entry added and left empty is not imported). */
function filled(list: string[]): string[] {
  return list.filter((x) => x.trim());
}

/** What the model needs from its page: the last state received, localised strings, a re-render. */
export interface ReviewModelHost {
  readonly state: ReviewState | undefined;
  t(key: string, ...args: (string | number)[]): string;
  /** Called after every local change (edits, selection, details opened), to re-render. */
  bump(): void;
}

export class ReviewModel {
  /** The fields as the host first sent them, and as the user has them now. */
  private readonly original = new Map<string, DraftFields>();
  private readonly current = new Map<string, DraftFields>();
  /** Proposals whose fields (other than type and status) the user edited. */
  private readonly edited = new Set<string>();
  private readonly selected = new Set<string>();
  private readonly expanded = new Set<string>();

  constructor(private readonly page: ReviewModelHost) {}

  /** Takes in the proposals of a new state (call before the page keeps the state). */
  receive(s: ReviewState): void {
    for (const p of s.proposals) {
      if (this.original.has(p.key)) continue;
      // New proposals arrive selected; edits to known ones stay as the user left them.
      this.original.set(p.key, p.fields);
      this.current.set(p.key, p.fields);
      this.selected.add(p.key);
    }
  }

  private bump(): void {
    this.page.bump();
  }

  fieldsOf(key: string): DraftFields {
    return this.current.get(key)!;
  }

  set<K extends keyof DraftFields>(key: string, field: K, value: DraftFields[K]): void {
    const f = this.current.get(key);
    if (!f) return;
    this.current.set(key, { ...f, [field]: value });
    if (field !== 'type' && field !== 'status') this.edited.add(key);
    this.bump();
  }

  undoEdits(key: string): void {
    const o = this.original.get(key);
    if (!o) return;
    this.current.set(key, o);
    this.edited.delete(key);
    this.bump();
  }

  isChanged(key: string): boolean {
    const o = this.original.get(key)!;
    const c = this.fieldsOf(key);
    return this.edited.has(key) || o.type !== c.type || o.status !== c.status;
  }

  isExpanded(key: string): boolean {
    return this.expanded.has(key);
  }

  toggleDetails(key: string): void {
    if (this.expanded.has(key)) this.expanded.delete(key);
    else this.expanded.add(key);
    this.bump();
  }

  // ---------------------------------------------------------------- selection

  private keys(): string[] {
    return this.page.state?.proposals.map((p) => p.key) ?? [];
  }

  isSelected(key: string): boolean {
    return this.selected.has(key);
  }

  toggle(key: string, on = !this.selected.has(key)): void {
    if (on) this.selected.add(key);
    else this.selected.delete(key);
    this.bump();
  }

  selectAll(on: boolean): void {
    for (const k of this.keys()) {
      if (on) this.selected.add(k);
      else this.selected.delete(k);
    }
    this.bump();
  }

  selectedKeys(): string[] {
    return this.keys().filter((k) => this.selected.has(k));
  }

  /** The selected proposals that cannot be imported as they are. */
  needingFix(): string[] {
    return this.selectedKeys().filter((k) => this.problems(k).length);
  }

  setForSelected(field: 'type' | 'status', value: string): void {
    for (const k of this.selectedKeys()) this.current.set(k, { ...this.fieldsOf(k), [field]: value });
    this.bump();
  }

  // ---------------------------------------------------------------- checks

  /** What is wrong with a proposal as it is now (localised), or an empty list. */
  problems(key: string): string[] {
    const s = this.page.state!;
    const f = this.fieldsOf(key);
    const out: string[] = [];
    const title = f.title.replace(/\s+/g, ' ').trim();
    if (!title) out.push(this.page.t('titleRequired'));
    else if (title.length > 300) out.push(this.page.t('titleTooLong'));
    if (!s.types.some((t) => t.key === f.type)) out.push(this.page.t('unknownType', f.type));
    if (!s.statuses.some((x) => x.key === f.status)) out.push(this.page.t('unknownStatus', f.status));
    return out;
  }

  /** What the host needs for one selected proposal: edited fields, or only the changed type/status. */
  selection(key: string): ImportSelection {
    const o = this.original.get(key)!;
    const c = this.fieldsOf(key);
    if (this.edited.has(key)) {
      const fields: EditableFields = {
        ...c,
        tags: c.tags.map((t) => t.trim()).filter(Boolean),
        criteria: c.criteria.filter((x) => x.text.trim()),
        specs: filled(c.specs),
        reproSteps: filled(c.reproSteps),
        dependencies: filled(c.dependencies),
        constraints: filled(c.constraints),
      };
      return { key, fields };
    }
    return { key, ...(c.type !== o.type ? { type: c.type } : {}), ...(c.status !== o.status ? { status: c.status } : {}) };
  }
}
