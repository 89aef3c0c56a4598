// Fractional indexing: order keys that are strings, so an item can be placed between any two
// others by writing only its own row. Keys are an "integer part" whose length is encoded by its
// first character (a..z: 2..27 chars, growing up; A..Z: 27..2 chars, growing down) followed by a
// base-62 fraction with no trailing zero. Appending or prepending repeatedly grows keys by about
// one character per 62^n inserts, never linearly.
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SMALLEST_INTEGER = 'A' + '0'.repeat(26);

function integerLength(head: string): number {
  if (head >= 'a' && head <= 'z') return head.charCodeAt(0) - 'a'.charCodeAt(0) + 2;
  if (head >= 'A' && head <= 'Z') return 'Z'.charCodeAt(0) - head.charCodeAt(0) + 2;
  throw new Error(`invalid rank key head: ${head}`);
}

function integerPart(key: string): string {
  const len = integerLength(key.charAt(0));
  if (len > key.length) throw new Error(`invalid rank key: ${key}`);
  return key.slice(0, len);
}

export function isValidRank(key: string): boolean {
  if (key === '' || key === SMALLEST_INTEGER) return false;
  try {
    const i = integerPart(key);
    const f = key.slice(i.length);
    if (f.endsWith('0')) return false;
    return [...key.slice(1)].every((c) => DIGITS.includes(c));
  } catch {
    return false;
  }
}

/** A key strictly between fractions a and b (b null = 1). Neither may end in '0'. */
function midpoint(a: string, b: string | null): string {
  if (b !== null && a >= b) throw new Error(`${a} >= ${b}`);
  if (b !== null) {
    let n = 0;
    while ((a.charAt(n) || '0') === b.charAt(n)) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const da = a ? DIGITS.indexOf(a.charAt(0)) : 0;
  const db = b !== null ? DIGITS.indexOf(b.charAt(0)) : DIGITS.length;
  if (db - da > 1) return DIGITS.charAt(Math.round(0.5 * (da + db)));
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return DIGITS.charAt(da) + midpoint(a.slice(1), null);
}

function incrementInteger(x: string): string | null {
  const [head, ...digs] = x.split('');
  let carry = true;
  for (let i = digs.length - 1; carry && i >= 0; i--) {
    const d = DIGITS.indexOf(digs[i]) + 1;
    if (d === DIGITS.length) digs[i] = '0';
    else {
      digs[i] = DIGITS.charAt(d);
      carry = false;
    }
  }
  if (!carry) return head + digs.join('');
  if (head === 'Z') return 'a0';
  if (head === 'z') return null;
  const h = String.fromCharCode(head.charCodeAt(0) + 1);
  if (h > 'a') digs.push('0');
  else digs.pop();
  return h + digs.join('');
}

function decrementInteger(x: string): string | null {
  const [head, ...digs] = x.split('');
  let borrow = true;
  for (let i = digs.length - 1; borrow && i >= 0; i--) {
    const d = DIGITS.indexOf(digs[i]) - 1;
    if (d === -1) digs[i] = DIGITS.charAt(DIGITS.length - 1);
    else {
      digs[i] = DIGITS.charAt(d);
      borrow = false;
    }
  }
  if (!borrow) return head + digs.join('');
  if (head === 'a') return 'Z' + DIGITS.charAt(DIGITS.length - 1);
  if (head === 'A') return null;
  const h = String.fromCharCode(head.charCodeAt(0) - 1);
  if (h < 'Z') digs.push(DIGITS.charAt(DIGITS.length - 1));
  else digs.pop();
  return h + digs.join('');
}

/** A rank key strictly between a and b; null means "no bound" on that side. */
export function rankBetween(a: string | null, b: string | null): string {
  if (a !== null && !isValidRank(a)) throw new Error(`invalid rank key: ${a}`);
  if (b !== null && !isValidRank(b)) throw new Error(`invalid rank key: ${b}`);
  if (a !== null && b !== null && a >= b) throw new Error(`rank ${a} is not before ${b}`);
  if (a === null) {
    if (b === null) return 'a0';
    const ib = integerPart(b);
    const fb = b.slice(ib.length);
    if (ib === SMALLEST_INTEGER) return ib + midpoint('', fb);
    if (ib < b) return ib;
    const res = decrementInteger(ib);
    if (res === null) throw new Error('cannot rank before the smallest key');
    return res;
  }
  if (b === null) {
    const ia = integerPart(a);
    const fa = a.slice(ia.length);
    const i = incrementInteger(ia);
    return i === null ? ia + midpoint(fa, null) : i;
  }
  const ia = integerPart(a);
  const fa = a.slice(ia.length);
  const ib = integerPart(b);
  const fb = b.slice(ib.length);
  if (ia === ib) return ia + midpoint(fa, fb);
  const i = incrementInteger(ia);
  if (i === null) throw new Error('rank overflow');
  if (i < b) return i;
  return ia + midpoint(fa, null);
}
