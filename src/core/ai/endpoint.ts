// Where an API key may be sent: https anywhere, plain http only to this machine.

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

export function validateBaseUrl(raw: string): { ok: true; url: string; loopback: boolean } | { ok: false; reason: string } {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { ok: false, reason: `"${raw}" is not a valid URL (example: http://127.0.0.1:11434/v1).` };
  }
  if (u.username || u.password) return { ok: false, reason: 'The base URL must not contain a user name or password; keys go in "Flowcast: Set API Key".' };
  const loopback = isLoopbackHost(u.hostname);
  if (u.protocol === 'https:' || (u.protocol === 'http:' && loopback)) return { ok: true, url: u.toString().replace(/\/+$/, ''), loopback };
  if (u.protocol === 'http:') return { ok: false, reason: `Plain http is allowed only for endpoints on this machine (127.0.0.1, ::1, localhost); use https:// for ${u.hostname}.` };
  return { ok: false, reason: `Unsupported scheme ${u.protocol} (use https://, or http:// on this machine).` };
}
