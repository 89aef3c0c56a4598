// Tables of the chat (schema v7): conversations and their messages per backlog, and the agent log
// (every change an agent made through the tools). Outside undo and never exported with the items.
export const CHAT_MIGRATION_SQL = `
  CREATE TABLE chat_conversations (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX chat_conversations_recent ON chat_conversations (updated_at, id);
  CREATE TABLE chat_messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content         TEXT NOT NULL,
    actions         TEXT, -- JSON [{action, state}] proposed with an assistant message
    at              TEXT NOT NULL
  );
  CREATE INDEX chat_messages_by_conversation ON chat_messages (conversation_id, id);
  CREATE TABLE agent_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    agent    TEXT NOT NULL, -- who: "VS Code agent", "MCP client", "Flowcast chat"
    tool     TEXT NOT NULL,
    summary  TEXT NOT NULL,
    item_ids TEXT NOT NULL  -- JSON string[]
  );
`;
