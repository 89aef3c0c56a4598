// What the chat's model is given, within a token budget: a compact summary of the active backlog,
// the items most relevant to the question (full-text search on its telling words and any IDs it
// names, not the first N), the selection or file the user toggled on, and the most recent turns.
import type { BacklogRepository } from '../backlog/repository';
import type { Item } from '../backlog/model';
import { buildProjectContext, similarityQuery } from '../ai/context';
import { documentFrequency, searchItems } from '../search';
import type { ChatMessage } from '../ai/types';

/** Rough token count (4 characters a token, the usual estimate for English and code). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface ChatContextInput {
  repo: BacklogRepository;
  backlogName: string;
  question: string;
  /** Editor selection or file, only when the user toggled its chip on. */
  selection?: { file: string; text: string };
  file?: { name: string; text: string };
  /** Tokens for the whole context (summary + items + selection/file). */
  budgetTokens: number;
}

export interface ChatContext {
  text: string;
  /** The items included, most relevant first. */
  itemIds: string[];
  tokens: number;
}

const ID_RE = /\b[A-Z][A-Z0-9_]{0,15}-\d{1,9}\b/g;

/** Counts by status and by type, and the keys the model may use. */
export function backlogSummary(repo: BacklogRepository, name: string): string {
  const statuses = repo.listStatuses();
  const types = repo.listTypes();
  // Counted on the status and type indexes (no item row is read), less the archived items: a
  // WHERE archived_at IS NULL would visit all 10,000 rows of a large backlog.
  const archived = repo.db.query<{ status: string; type: string }>('SELECT status, type FROM items WHERE archived_at IS NOT NULL');
  const count = (col: 'status' | 'type') => {
    const m = new Map(repo.db.query<{ k: string; n: number }>(`SELECT ${col} AS k, count(*) AS n FROM items GROUP BY ${col}`).map((r) => [r.k, Number(r.n)]));
    for (const a of archived) m.set(a[col], (m.get(a[col]) ?? 0) - 1);
    return m;
  };
  const byStatus = count('status');
  const byType = count('type');
  const total = [...byStatus.values()].reduce((a, b) => a + b, 0);
  return [
    `Backlog "${name}": ${total} active items.`,
    `Statuses (key: label, category, count): ${statuses.map((s) => `${s.key}: ${s.label}, ${s.category}, ${byStatus.get(s.key) ?? 0}`).join('; ')}.`,
    `Types (key: label, count): ${types.map((t) => `${t.key}: ${t.label}, ${byType.get(t.key) ?? 0}`).join('; ')}.`,
  ].join('\n');
}

/** One compact line per item (the description cut). */
export function itemLine(it: Item, blockedBy: string[] = [], descChars = 240): string {
  const meta = [it.type, it.status, it.priority, it.severity, it.effort].filter(Boolean).join('/');
  const desc = it.description.replace(/\s+/g, ' ').trim();
  const cut = desc.length > descChars ? `${desc.slice(0, descChars - 1)}…` : desc;
  const blocked = blockedBy.length ? ` [blocked by ${blockedBy.join(', ')}]` : '';
  const tags = it.tags.length ? ` #${it.tags.join(' #')}` : '';
  return `- ${it.id} [${meta}] ${it.title}${tags}${blocked}${cut ? ` — ${cut}` : ''}`;
}

/**
 * The telling words of `question` for a full-text search: its words less the stop words, and less
 * those in more than half of the items (they tell nothing apart and would make the search score
 * every item); when every word is that common, the rarest one that matches anything stays.
 */
export function tellingQuery(repo: BacklogRepository, question: string): string {
  const words = similarityQuery(question).split(' OR ').filter(Boolean);
  if (words.length === 0) return '';
  const total = Number(repo.db.query<{ n: number }>('SELECT count(*) AS n FROM items')[0]?.n ?? 0);
  const df = words.map((w) => ({ w, n: documentFrequency(repo.db, w) })).filter((x) => x.n > 0);
  const telling = df.filter((x) => x.n <= total / 2);
  const kept = telling.length ? telling : df.sort((a, b) => a.n - b.n).slice(0, 1);
  return kept.map((x) => x.w).join(' OR ');
}

/** The IDs most relevant to `question`: those it names first, then full-text matches by score. */
export function relevantItemIds(repo: BacklogRepository, question: string, limit = 40): string[] {
  const named = [...new Set(question.toUpperCase().match(ID_RE) ?? [])].filter((id) => repo.getItem(id));
  const q = tellingQuery(repo, question);
  const found = q ? searchItems(repo.db, q, { limit }).hits.map((h) => h.id) : [];
  return [...new Set([...named, ...found])].slice(0, limit);
}

export function buildChatContext(input: ChatContextInput): ChatContext {
  const budgetChars = Math.max(1000, input.budgetTokens * 4);
  const parts: string[] = [backlogSummary(input.repo, input.backlogName)];
  let used = parts[0].length;
  const extra = input.selection || input.file ? buildProjectContext(input.file ? [input.file] : [], input.selection, Math.floor(budgetChars * 0.35)) : '';
  used += extra.length;
  const ids = relevantItemIds(input.repo, input.question);
  const included: string[] = [];
  const lines: string[] = [];
  for (const id of ids) {
    const it = input.repo.getItem(id);
    if (!it) continue;
    const line = itemLine(it, input.repo.relationsOf(id).blockedBy);
    if (used + line.length + 1 > budgetChars) break;
    used += line.length + 1;
    lines.push(line);
    included.push(id);
  }
  parts.push(lines.length ? `Items most relevant to the question:\n${lines.join('\n')}` : 'No item matched the question by full-text search.');
  if (extra) parts.push(extra);
  const text = parts.join('\n\n');
  return { text, itemIds: included, tokens: estimateTokens(text) };
}

/**
 * The most recent turns that fit `budgetTokens`, in chronological order (oldest first). `newestFirst`
 * is the history as the store returns it.
 */
export function fitHistory(newestFirst: readonly { role: 'user' | 'assistant'; content: string }[], budgetTokens: number): ChatMessage[] {
  const out: ChatMessage[] = [];
  let used = 0;
  for (const m of newestFirst) {
    const t = estimateTokens(m.content);
    if (used + t > budgetTokens) break;
    used += t;
    out.push({ role: m.role, content: m.content });
  }
  return out.reverse();
}

/** The system prompt of the chat (the backlog context and the actions format included). */
export function chatSystemPrompt(context: string, actionsInstructions: string, language: string): string {
  return [
    'You are Flowcast, an assistant for a software backlog inside VS Code. Answer in Markdown, briefly, in ' + language + '.',
    'Cite items by their ID (like BUG-12) so the user can open them. Only cite IDs that appear in the context.',
    'Never invent forecasts or delivery dates: say the user can ask "When will the open bugs be done?" or run a forecast.',
    actionsInstructions,
    '--- Backlog context ---',
    context,
  ].join('\n');
}
