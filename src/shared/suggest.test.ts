import { describe, expect, it } from 'vitest';
import { suggestKey } from './suggest.js';

const KEYS = [
  'user.contact.email',
  'user.contact.phone_number',
  'user.contact.address',
  'user.name',
  'user.contact.fax_number',
];

describe('suggestKey', () => {
  it('prefers a sibling that extends a truncated name over a closer misspelling', () => {
    expect(suggestKey('user.contact.phone', KEYS)).toBe('user.contact.phone_number');
  });
  it('finds a misspelt key by edit distance', () => {
    expect(suggestKey('user.contact.adress', KEYS)).toBe('user.contact.address');
  });
  it('finds a key whose leaf sits under another parent', () => {
    expect(suggestKey('user.phone_number', KEYS)).toBe('user.contact.phone_number');
  });
  it('matches regardless of case', () => {
    expect(suggestKey('User.Name', KEYS)).toBe('user.name');
  });
  it('suggests nothing for something far from every key', () => {
    expect(suggestKey('zzzzzzzzzzzz', KEYS)).toBeUndefined();
  });
  it('suggests property names of a schema', () => {
    expect(suggestKey('recipent', ['exporter', 'recipient', 'route'])).toBe('recipient');
  });
});
