// Masked examples for reports: enough of a value to recognise its shape, never enough to recover it.
// Core-tier data (identity documents, card numbers) keeps fewer characters than the rest.

const ALNUM = /[\p{L}\p{N}]/u;

/** Masks a matched value for display: keeps a few leading and trailing characters, stars the rest. */
export function maskValue(value: string, category: string, tier?: string): string {
  const s = value.length > 64 ? value.slice(0, 64) : value;
  if (category.endsWith('.email') || (s.includes('@') && /^[^\s@]+@[^\s@]+$/.test(s))) {
    const at = s.lastIndexOf('@');
    return `${s.charAt(0)}***@${s.slice(at + 1)}`;
  }
  const chars = [...s];
  const positions = chars.map((c, i) => (ALNUM.test(c) ? i : -1)).filter((i) => i >= 0);
  const n = positions.length;
  if (n === 0) return '*'.repeat(Math.min(chars.length, 8));
  let head: number;
  let tail: number;
  if (category.startsWith('user.name') || category.endsWith('.name')) {
    head = 1;
    tail = 0;
  } else if (category.includes('address')) {
    head = Math.min(3, Math.floor(n / 3));
    tail = 0;
  } else if (tier === 'core') {
    head = n >= 10 ? 2 : 1;
    tail = n >= 10 ? 2 : 1;
  } else {
    head = n >= 10 ? 3 : n >= 6 ? 2 : 1;
    tail = n >= 8 ? 2 : n >= 4 ? 1 : 0;
  }
  const keep = new Set([...positions.slice(0, head), ...positions.slice(n - tail)]);
  const masked = chars.map((c, i) => (keep.has(i) || !ALNUM.test(c) ? c : '*')).join('');
  return value.length > 64 ? `${masked}…` : masked;
}
