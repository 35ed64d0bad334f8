import { describe, expect, it } from 'vitest';
import { isNonPersonalIpv4, isValidIpv4, isValidIpv6, isValidMac } from './network.js';

describe('IP and MAC addresses', () => {
  it('accepts dotted quads without leading zeros', () => {
    expect(isValidIpv4('203.0.113.7')).toBe(true);
    expect(isValidIpv4('256.1.1.1')).toBe(false);
    expect(isValidIpv4('01.2.3.4')).toBe(false);
    expect(isValidIpv4('1.2.3')).toBe(false);
  });
  it('treats loopback, unspecified, multicast and documentation ranges as not personal', () => {
    expect(isNonPersonalIpv4('127.0.0.1')).toBe(true);
    expect(isNonPersonalIpv4('192.0.2.10')).toBe(true);
    expect(isNonPersonalIpv4('8.8.8.8')).toBe(false);
  });
  it('accepts the RFC 4291 text forms of IPv6', () => {
    for (const ip of [
      '2001:db8::1',
      '2001:0db8:0000:0000:0000:ff00:0042:8329',
      '::ffff:192.0.2.128',
      'fe80::1ff:fe23:4567:890a',
    ])
      expect(isValidIpv6(ip), ip).toBe(true);
    for (const ip of ['2001:db8::1::2', '12:30:45', '2001:db8:1:2:3:4:5:6:7', 'g::1'])
      expect(isValidIpv6(ip), ip).toBe(false);
  });
  it('accepts MAC addresses with one kind of separator', () => {
    expect(isValidMac('00:1A:2B:3C:4D:5E')).toBe(true);
    expect(isValidMac('00-1a-2b-3c-4d-5e')).toBe(true);
    expect(isValidMac('001a.2b3c.4d5e')).toBe(true);
    expect(isValidMac('00:1A-2B:3C:4D:5E')).toBe(false);
  });
});
