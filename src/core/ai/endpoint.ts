// Where an API key may be sent: https anywhere, plain http only to this machine. Kept apart from
// the SDK adapters so settings can be checked without loading any SDK.

/** 127.0.0.0/8, ::1 and localhost: the only hosts allowed over http and without a key. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Checks an endpoint base URL: http(s) only, https unless loopback, no credentials in it. */
export function validateBaseUrl(url: string): { ok: true; url: string; loopback: boolean } | { ok: false; reason: string } {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return { ok: false, reason: 'The base URL is not a valid URL (example: http://127.0.0.1:11434/v1).' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, reason: 'The base URL must start with https:// (or http:// for a local endpoint).' };
  if (u.username || u.password) return { ok: false, reason: 'The base URL must not contain credentials: store the key with "Set API Key".' };
  const loopback = isLoopbackHost(u.hostname);
  if (u.protocol === 'http:' && !loopback) return { ok: false, reason: `A non-local endpoint must use https (http is allowed only for 127.0.0.1, ::1 and localhost): ${u.host}.` };
  u.hash = '';
  return { ok: true, url: u.toString().replace(/\/+$/, ''), loopback };
}
