// Conversation history of the chat, per backlog (schema v7 tables): the most recent conversation
// and messages come first, older ones are read by pages (`before` an id). Written outside undo.
import type { BacklogDatabase } from '../storage/database';
import type { ActionState } from './actions';

export interface Conversation {
  id: number;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredMessage {
  id: number;
  conversationId: number;
  role: 'user' | 'assistant';
  content: string;
  /** Actions proposed with an assistant message, with what became of them. */
  actions: ActionState[];
  at: string;
}

export interface MessagePage {
  /** Newest first. */
  messages: StoredMessage[];
  /** True when older messages exist before the last one of this page. */
  hasMore: boolean;
}

type Row = Record<string, string | number | null>;

function toConversation(r: Row): Conversation {
  return { id: Number(r.id), title: String(r.title), createdAt: String(r.created_at), updatedAt: String(r.updated_at) };
}

function toMessage(r: Row): StoredMessage {
  let actions: ActionState[];
  try {
    actions = r.actions ? (JSON.parse(String(r.actions)) as ActionState[]) : [];
  } catch {
    actions = [];
  }
  return { id: Number(r.id), conversationId: Number(r.conversation_id), role: r.role === 'user' ? 'user' : 'assistant', content: String(r.content), actions, at: String(r.at) };
}

const MAX_TITLE = 120;

/** A conversation title from its first question: one line, at most 120 characters. */
export function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_TITLE ? `${line.slice(0, MAX_TITLE - 1)}…` : line || 'New conversation';
}

export class ChatHistoryStore {
  constructor(
    private readonly db: BacklogDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  createConversation(title: string): Conversation {
    const at = this.now().toISOString();
    const id = this.db.write((c) => {
      c.run('INSERT INTO chat_conversations (title, created_at, updated_at) VALUES (?, ?, ?)', [titleFrom(title), at, at]);
      return Number(this.db.query<{ id: number }>('SELECT last_insert_rowid() AS id')[0].id);
    });
    return { id, title: titleFrom(title), createdAt: at, updatedAt: at };
  }

  getConversation(id: number): Conversation | undefined {
    const r = this.db.query<Row>('SELECT * FROM chat_conversations WHERE id = ?', [id])[0];
    return r ? toConversation(r) : undefined;
  }

  /** Most recently updated first; `before` pages on from a conversation of the previous page. */
  listConversations(opts: { limit?: number; before?: number } = {}): { conversations: Conversation[]; hasMore: boolean } {
    const limit = Math.max(1, Math.min(opts.limit ?? 30, 200));
    const anchor = opts.before === undefined ? undefined : this.getConversation(opts.before);
    const rows = anchor
      ? this.db.query<Row>('SELECT * FROM chat_conversations WHERE (updated_at, id) < (?, ?) ORDER BY updated_at DESC, id DESC LIMIT ?', [anchor.updatedAt, anchor.id, limit + 1])
      : this.db.query<Row>('SELECT * FROM chat_conversations ORDER BY updated_at DESC, id DESC LIMIT ?', [limit + 1]);
    return { conversations: rows.slice(0, limit).map(toConversation), hasMore: rows.length > limit };
  }

  latestConversation(): Conversation | undefined {
    return this.listConversations({ limit: 1 }).conversations[0];
  }

  deleteConversation(id: number): void {
    this.db.write((c) => {
      c.run('DELETE FROM chat_messages WHERE conversation_id = ?', [id]);
      c.run('DELETE FROM chat_conversations WHERE id = ?', [id]);
    });
  }

  addMessage(conversationId: number, role: 'user' | 'assistant', content: string, actions: ActionState[] = []): StoredMessage {
    const at = this.now().toISOString();
    const id = this.db.write((c) => {
      c.run('INSERT INTO chat_messages (conversation_id, role, content, actions, at) VALUES (?, ?, ?, ?, ?)', [conversationId, role, content, actions.length ? JSON.stringify(actions) : null, at]);
      const id = Number(this.db.query<{ id: number }>('SELECT last_insert_rowid() AS id')[0].id);
      c.run('UPDATE chat_conversations SET updated_at = ? WHERE id = ?', [at, conversationId]);
      return id;
    });
    return { id, conversationId, role, content, actions, at };
  }

  getMessage(id: number): StoredMessage | undefined {
    const r = this.db.query<Row>('SELECT * FROM chat_messages WHERE id = ?', [id])[0];
    return r ? toMessage(r) : undefined;
  }

  /** Replaces the actions of a message (after Apply: their state changed). */
  setActions(messageId: number, actions: ActionState[]): void {
    this.db.write((c) => c.run('UPDATE chat_messages SET actions = ? WHERE id = ?', [actions.length ? JSON.stringify(actions) : null, messageId]));
  }

  /** The newest `limit` messages of a conversation, or those before message `before` (older pages). */
  messages(conversationId: number, opts: { limit?: number; before?: number } = {}): MessagePage {
    const limit = Math.max(1, Math.min(opts.limit ?? 30, 500));
    const rows =
      opts.before === undefined
        ? this.db.query<Row>('SELECT * FROM chat_messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?', [conversationId, limit + 1])
        : this.db.query<Row>('SELECT * FROM chat_messages WHERE conversation_id = ? AND id < ? ORDER BY id DESC LIMIT ?', [conversationId, opts.before, limit + 1]);
    return { messages: rows.slice(0, limit).map(toMessage), hasMore: rows.length > limit };
  }
}
