// The agent log: every change an agent made through Flowcast's tools (who: which client and tool;
// when; what: a one-line summary and the items touched), newest first. Outside undo.
import type { BacklogDatabase } from '../storage/database';

export interface AgentLogEntry {
  id: number;
  at: string;
  agent: string;
  tool: string;
  summary: string;
  itemIds: string[];
}

/** Entries kept per backlog (older ones are dropped as new ones come). */
export const AGENT_LOG_KEPT = 2000;

export function recordAgentChange(db: BacklogDatabase, entry: Omit<AgentLogEntry, 'id'>): void {
  db.write((c) => {
    c.run('INSERT INTO agent_log (at, agent, tool, summary, item_ids) VALUES (?, ?, ?, ?, ?)', [entry.at, entry.agent.slice(0, 200), entry.tool.slice(0, 100), entry.summary.slice(0, 2000), JSON.stringify(entry.itemIds.slice(0, 1000))]);
    c.run(`DELETE FROM agent_log WHERE id NOT IN (SELECT id FROM agent_log ORDER BY id DESC LIMIT ${AGENT_LOG_KEPT})`);
  });
}

export function listAgentChanges(db: BacklogDatabase, limit = 200): AgentLogEntry[] {
  return db.query<Record<string, string | number>>('SELECT * FROM agent_log ORDER BY id DESC LIMIT ?', [Math.max(1, Math.min(limit, AGENT_LOG_KEPT))]).map((r) => {
    let ids: string[];
    try {
      ids = JSON.parse(String(r.item_ids)) as string[];
    } catch {
      ids = [];
    }
    return { id: Number(r.id), at: String(r.at), agent: String(r.agent), tool: String(r.tool), summary: String(r.summary), itemIds: ids };
  });
}

/** The log as Markdown (the document the user opens). */
export function agentLogMarkdown(entries: readonly AgentLogEntry[], title: string): string {
  const esc = (s: string) => s.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/\r?\n/g, ' ');
  const lines = [`# ${esc(title)}`, ''];
  if (!entries.length) lines.push('No change was made by an agent yet.');
  else {
    lines.push('| When (UTC) | Who | Tool | What |', '|---|---|---|---|');
    for (const e of entries) lines.push(`| ${e.at.replace('T', ' ').slice(0, 19)} | ${esc(e.agent)} | ${esc(e.tool)} | ${esc(e.summary)} |`);
  }
  return `${lines.join('\n')}\n`;
}
