// Network identifiers: IPv4 (dotted quad, RFC 791 / no leading zeros as inet_pton requires), IPv6
// (RFC 4291 §2.2 text forms, RFC 5952 compression) and IEEE 802 MAC addresses (EUI-48).

/** The four octets of a dotted-quad IPv4 address without leading zeros, or null. */
export function ipv4Octets(value: string): [number, number, number, number] | null {
  const out: number[] = [];
  let n = 0;
  let len = 0;
  for (let i = 0; i <= value.length; i++) {
    const c = i < value.length ? value.charCodeAt(i) : 46;
    if (c >= 48 && c <= 57) {
      if (len === 1 && n === 0) return null; // leading zero
      n = n * 10 + (c - 48);
      if (++len > 3 || n > 255) return null;
    } else if (c === 46) {
      if (len === 0) return null;
      out.push(n);
      n = 0;
      len = 0;
    } else return null;
  }
  return out.length === 4 ? (out as [number, number, number, number]) : null;
}

/** True for a dotted-quad IPv4 address without leading zeros. */
export function isValidIpv4(value: string): boolean {
  return ipv4Octets(value) !== null;
}

/** True when an IPv4 address is not a person's: unspecified, loopback, broadcast, documentation or multicast. */
export function isNonPersonalIpv4(value: string): boolean {
  const o = ipv4Octets(value);
  if (o === null) return true;
  const [a, b, c] = o;
  if (a === 0 || a === 127 || a >= 224) return true;
  if (a === 192 && b === 0 && c === 2) return true; // TEST-NET-1 (RFC 5737)
  if (a === 198 && b === 51 && c === 100) return true; // TEST-NET-2
  if (a === 203 && b === 0 && c === 113) return true; // TEST-NET-3
  return false;
}

/** True for an IPv6 address in any RFC 4291 text form (with an optional embedded IPv4 tail). */
export function isValidIpv6(value: string): boolean {
  if (value.length < 2 || value.length > 45) return false;
  let v = value;
  let groupsNeeded = 8;
  const lastColon = v.lastIndexOf(':');
  const tail = v.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isValidIpv4(tail)) return false;
    v = `${v.slice(0, lastColon + 1)}0:0`;
  }
  const double = v.indexOf('::');
  if (double !== -1 && v.indexOf('::', double + 1) !== -1) return false;
  const hex = /^[0-9A-Fa-f]{1,4}$/;
  if (double === -1) {
    const groups = v.split(':');
    return groups.length === groupsNeeded && groups.every((g) => hex.test(g));
  }
  const head = v.slice(0, double);
  const rest = v.slice(double + 2);
  const a = head === '' ? [] : head.split(':');
  const b = rest === '' ? [] : rest.split(':');
  groupsNeeded -= 1;
  return a.length + b.length <= groupsNeeded && [...a, ...b].every((g) => hex.test(g));
}

/** True for a MAC address as six hex pairs joined by `:` or `-` (one kind), or Cisco's `xxxx.xxxx.xxxx`. */
export function isValidMac(value: string): boolean {
  return (
    /^[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$/.test(value) ||
    /^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/.test(value)
  );
}

/** True for MAC addresses that identify no device: all zeros, broadcast. */
export function isNonPersonalMac(value: string): boolean {
  const hex = value.replace(/[^0-9A-Fa-f]/g, '').toLowerCase();
  return hex === '000000000000' || hex === 'ffffffffffff';
}
