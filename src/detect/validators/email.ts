// E-mail addresses (RFC 5321 §4.1.2 mailbox, restricted to what people write): a dot-atom local part
// and a domain of labels with a top-level domain of letters. File names such as `logo@2x.png` have
// the shape of an address and are refused by their extension.

const FILE_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'svg',
  'bmp',
  'ico',
  'css',
  'js',
  'mjs',
  'ts',
  'json',
  'html',
  'htm',
  'xml',
  'pdf',
  'zip',
  'mp4',
  'mp3',
  'txt',
  'csv',
]);

/** True for a plausible e-mail address (ASCII local part; ASCII or internationalised domain). */
export function isValidEmail(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at < 1 || at > 64 || value.length - at - 1 > 253) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const l of labels) {
    if (l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-')) return false;
    if (!/^[\p{L}\p{N}-]+$/u.test(l)) return false;
  }
  const tld = labels[labels.length - 1]!;
  if (!/^(?:\p{L}{2,}|xn--[a-z0-9-]+)$/iu.test(tld)) return false;
  return !FILE_EXTENSIONS.has(tld.toLowerCase());
}
