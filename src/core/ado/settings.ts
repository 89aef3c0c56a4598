// Azure DevOps connection settings (pure): zod schema, parsing with messages naming the bad field,
// the saved-query reference (GUID, query URL or WIQL text) and the key a connection is cached under.
import '../protocol/zod';
import * as z from 'zod/mini';
import { FlowcastError } from '../util/errors';

export const DONE_DATE_RULES = ['auto', 'closed', 'resolved', 'stateChange'] as const;
/** Sign-in methods: a personal access token, or Microsoft sign-in through VS Code's accounts. */
export const AUTH_METHODS = ['pat', 'microsoft'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];
/** Which date makes an item "done": never System.ChangedDate (any edit moves it). */
export type DoneDateRule = (typeof DONE_DATE_RULES)[number];

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True for an https URL, or http on a loopback host (local servers and tests). */
export function isAllowedCollectionUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.username || u.password || u.search || u.hash) return false;
  return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
}

const NameSchema = z.string().check(
  z.trim(),
  z.minLength(1, 'is empty'),
  z.maxLength(256),
  // eslint-disable-next-line no-control-regex
  z.regex(/^[^\u0000-\u001f\u007f]*$/, 'contains a control character'),
);

export const AdoConnectionSchema = z.strictObject({
  /** `https://dev.azure.com/{org}` or an on-premises collection URL. */
  url: z.string().check(
    z.trim(),
    z.refine(isAllowedCollectionUrl, 'must be an https URL such as https://dev.azure.com/my-org (http only for localhost), without user, query or fragment'),
  ),
  project: NameSchema,
  team: NameSchema,
  /** A saved query (GUID or its URL) or WIQL text starting with SELECT. */
  query: z.string().check(z.trim(), z.minLength(1, 'is empty: give a saved query (GUID or URL) or WIQL text'), z.maxLength(32_000)),
  doneDate: z._default(z.enum(DONE_DATE_RULES), 'auto'),
  /** IANA time zone of day boundaries; empty = the machine's zone. */
  timeZone: z.optional(z.string().check(z.maxLength(64))),
  /** Working days of history the forecasts sample (10 .. 3650). */
  historyDays: z._default(z.number().check(z.int(), z.minimum(10), z.maximum(3650)), 90),
  /** How Flowcast signs in: a PAT from SecretStorage, or VS Code's Microsoft account (no PAT). */
  auth: z._default(z.enum(AUTH_METHODS), 'pat'),
});
export type AdoConnectionInput = z.input<typeof AdoConnectionSchema>;

/** Arguments of "Set Azure DevOps PAT" when called by a test, an agent or another extension. */
export const SetPatArgsSchema = z.strictObject({
  url: AdoConnectionSchema.shape.url,
  pat: z.string().check(z.trim(), z.minLength(1, 'is empty'), z.maxLength(1024), z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')),
});
/** Arguments of "Clear Azure DevOps PAT". */
export const ClearPatArgsSchema = z.strictObject({ url: AdoConnectionSchema.shape.url });

/** Validates a command's arguments: a typed error naming the bad field (never the value, a PAT may be in it). */
export function parseAdoArgs<T>(schema: z.ZodMiniType<T, unknown>, raw: unknown, what: string): T {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.map(String).join('.') || 'arguments';
  throw new FlowcastError('invalid_input', `${what} ${field}: ${issue.message}`, { field });
}

export type QueryRef = { kind: 'saved'; id: string } | { kind: 'wiql'; text: string };

export interface AdoConnection {
  /** Collection URL without a trailing slash. */
  url: string;
  /** Organization (cloud) or collection name: the key of the PAT. */
  organization: string;
  project: string;
  team: string;
  query: QueryRef;
  doneDate: DoneDateRule;
  timeZone: string;
  historyDays: number;
  auth: AuthMethod;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A saved query GUID, a URL holding `/_queries/query/<guid>` (or query-edit), or WIQL text. */
export function parseQueryRef(raw: string): QueryRef | undefined {
  const s = raw.trim();
  if (GUID.test(s)) return { kind: 'saved', id: s.toLowerCase() };
  const m = /\/_queries\/query(?:-edit)?\/([0-9a-f-]{36})(?:[/?#]|$)/i.exec(s);
  if (m && GUID.test(m[1])) return { kind: 'saved', id: m[1].toLowerCase() };
  if (/^select\s/i.test(s)) return { kind: 'wiql', text: s };
  return undefined;
}

/** Organization (dev.azure.com/{org}, {org}.visualstudio.com) or the collection's last path segment. */
export function organizationOf(url: string): string {
  const u = new URL(url);
  const parts = u.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  if (u.hostname === 'dev.azure.com' && parts.length) return parts[0].toLowerCase();
  const vs = /^([^.]+)\.visualstudio\.com$/i.exec(u.hostname);
  if (vs) return vs[1].toLowerCase();
  return `${u.host}/${parts.join('/')}`.toLowerCase();
}

function localZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Validates settings; a bad one throws a FlowcastError whose message starts with the field name. */
export function parseConnection(input: unknown): AdoConnection {
  const v = parseAdoArgs(AdoConnectionSchema, input, 'Azure DevOps');
  const query = parseQueryRef(v.query);
  if (!query) throw new FlowcastError('invalid_input', 'Azure DevOps query: expected a saved query GUID, a query URL (…/_queries/query/<GUID>) or WIQL text starting with SELECT', { field: 'query' });
  const tz = v.timeZone?.trim() || localZone();
  if (!validZone(tz)) throw new FlowcastError('invalid_input', `Azure DevOps timeZone: unknown time zone "${tz.slice(0, 64)}"`, { field: 'timeZone' });
  const url = v.url.replace(/\/+$/, '');
  return { url, organization: organizationOf(url), project: v.project, team: v.team, query, doneDate: v.doneDate, timeZone: tz, historyDays: v.historyDays, auth: v.auth };
}

/** A stable, file-name-safe key for a connection's cache (organization, project, team, query). */
export function connectionKey(c: AdoConnection): string {
  const text = [c.url.toLowerCase(), c.project.toLowerCase(), c.team.toLowerCase(), c.query.kind === 'saved' ? c.query.id : c.query.text].join('\n');
  // FNV-1a 64-bit, in two 32-bit halves (no crypto import: this module stays pure and portable)
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ ch, 0x5bd1e995) >>> 0;
  }
  const slug = `${c.organization}-${c.project}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `${slug || 'ado'}-${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}
