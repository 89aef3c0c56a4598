// Azure DevOps failures as user-facing errors: one kind per fault, a message that says what to do,
// and redaction so the personal access token (or its Basic form) never reaches a message or a log.

export type AdoErrorKind = 'auth' | 'notFound' | 'tooManyResults' | 'rateLimited' | 'server' | 'timeout' | 'network' | 'cancelled' | 'badResponse' | 'badRequest';

export class AdoError extends Error {
  readonly userFacing = true;
  constructor(
    readonly kind: AdoErrorKind,
    message: string,
    readonly status?: number,
    /** What was missing, for notFound: 'project' | 'team' | 'query' | 'workItem' | 'resource'. */
    readonly missing?: string,
  ) {
    super(message);
    this.name = 'AdoError';
  }
}

export const AUTH_FIX =
  'Fix: create a personal access token for this organization with the scope "Work Items (Read)" (vso.work; add "Work Items (Read & write)", vso.work_write, only to publish items), then run "Flowcast: Set Azure DevOps PAT"; or, signed in with a Microsoft account, check that the account has access to this organization (run "Flowcast: Configure Azure DevOps Connection" to sign in again).';

export function authError(status: number, detail: string): AdoError {
  return new AdoError('auth', `Azure DevOps: authentication failed (${detail}). ${AUTH_FIX}`, status);
}

export function cancelledError(): AdoError {
  return new AdoError('cancelled', 'Azure DevOps: cancelled; nothing was changed');
}

/** Replaces every occurrence of the secrets (raw and base64 Basic forms) by "***". */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    const forms = [s, Buffer.from(`:${s}`).toString('base64'), Buffer.from(`PAT:${s}`).toString('base64'), Buffer.from(s).toString('base64'), encodeURIComponent(s)];
    for (const f of forms) if (f.length >= 4) out = out.split(f).join('***');
  }
  return out;
}

/** Server error text made safe to show: JSON `message` when there is one, no HTML, short, redacted. */
export function serverMessage(body: string, secrets: readonly string[]): { message: string; typeKey: string } {
  let message = '';
  let typeKey = '';
  try {
    const j = JSON.parse(body) as { message?: unknown; typeKey?: unknown };
    if (typeof j.message === 'string') message = j.message;
    if (typeof j.typeKey === 'string') typeKey = j.typeKey;
  } catch {
    message = /<html/i.test(body) ? '' : body;
  }
  // eslint-disable-next-line no-control-regex
  message = message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 300);
  return { message: redact(message, secrets), typeKey };
}

/** 404: which of project / team / query / work item is missing, from the server's typeKey and message. */
export function notFoundError(context: { project?: string; team?: string; query?: string; what?: string }, body: { message: string; typeKey: string }): AdoError {
  const hay = `${body.typeKey} ${body.message}`;
  const q = (s: string) => `"${s}"`;
  if (/project/i.test(hay) && context.project !== undefined) return new AdoError('notFound', `Azure DevOps: project ${q(context.project)} was not found (check the project name and that the token's organization holds it)`, 404, 'project');
  if (/team/i.test(hay) && context.team !== undefined) return new AdoError('notFound', `Azure DevOps: team ${q(context.team)} was not found in project ${q(context.project ?? '')}`, 404, 'team');
  if (/quer/i.test(hay) && context.query !== undefined) return new AdoError('notFound', `Azure DevOps: saved query ${context.query} was not found in project ${q(context.project ?? '')} (it may be private to another user or deleted)`, 404, 'query');
  if (context.query !== undefined) return new AdoError('notFound', `Azure DevOps: saved query ${context.query} was not found in project ${q(context.project ?? '')}`, 404, 'query');
  if (context.team !== undefined) return new AdoError('notFound', `Azure DevOps: team ${q(context.team)} or project ${q(context.project ?? '')} was not found`, 404, 'team');
  if (context.project !== undefined) return new AdoError('notFound', `Azure DevOps: project ${q(context.project)} was not found`, 404, 'project');
  return new AdoError('notFound', `Azure DevOps: ${context.what ?? 'resource'} not found${body.message ? `: ${body.message}` : ''}`, 404, 'resource');
}
