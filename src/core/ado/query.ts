// Running the connection's query: a saved query (by id) or WIQL text, always with team context.
// Over 20,000 results (VS402337): a flat query is re-run split into System.CreatedDate windows
// (halved until each window fits); a link query gets a clear message instead.
import { isoOf } from '../forecast/calendar';
import type { AdoClient, QueryResult } from './client';
import { AdoError } from './errors';
import type { QueryRef } from './settings';

const FIRST_DAY = 7305; // 1990-01-01

/** The WIQL with `[System.CreatedDate] >= from AND < to` added (undefined for link queries). */
export function withCreatedWindow(wiql: string, from: string, to: string): string | undefined {
  if (!/\bFROM\s+WorkItems\b/i.test(wiql)) return undefined;
  const orderAt = wiql.search(/\sORDER\s+BY\s/i);
  const head = orderAt >= 0 ? wiql.slice(0, orderAt) : wiql;
  const tail = orderAt >= 0 ? wiql.slice(orderAt) : '';
  const window = `[System.CreatedDate] >= '${from}' AND [System.CreatedDate] < '${to}'`;
  const whereAt = head.search(/\sWHERE\s/i);
  if (whereAt < 0) return `${head.trimEnd()} WHERE ${window}${tail}`;
  const cond = head.slice(whereAt).replace(/^\s*WHERE\s+/i, '');
  return `${head.slice(0, whereAt)} WHERE (${cond.trim()}) AND ${window}${tail}`;
}

const TOO_MANY =
  'Azure DevOps: the query returns more than 20,000 work items, the service limit. Narrow it (for example add "[System.ChangedDate] >= @Today - 365" or a work item type condition) and sync again';

/** Runs the query; `today` (epoch day) bounds the date windows when the result must be split. */
export async function runConnectionQuery(client: AdoClient, ref: QueryRef, today: number): Promise<QueryResult> {
  try {
    return ref.kind === 'saved' ? await client.runSavedQuery(ref.id) : await client.runWiql(ref.text);
  } catch (err) {
    if (!(err instanceof AdoError && err.kind === 'tooManyResults')) throw err;
  }
  const wiql = ref.kind === 'saved' ? await client.savedQueryWiql(ref.id) : ref.text;
  if (!withCreatedWindow(wiql, '2000-01-01', '2000-01-02')) throw new AdoError('tooManyResults', TOO_MANY);
  const ids: number[] = [];
  const seen = new Set<number>();
  const run = async (a: number, b: number): Promise<void> => {
    try {
      const r = await client.runWiql(withCreatedWindow(wiql, isoOf(a), isoOf(b))!);
      for (const id of r.ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        ids.push(id);
      }
    } catch (err) {
      if (!(err instanceof AdoError && err.kind === 'tooManyResults') || b - a <= 1) throw err instanceof AdoError && err.kind === 'tooManyResults' ? new AdoError('tooManyResults', TOO_MANY) : err;
      const mid = Math.floor((a + b) / 2);
      await run(a, mid);
      await run(mid, b);
    }
  };
  await run(FIRST_DAY, today + 2);
  return { ids, queryType: 'flat' };
}
