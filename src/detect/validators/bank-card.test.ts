import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { card, rng } from '../../../test/detect/generators.js';
import { cardScheme, checkCard, isValidCard } from './bank-card.js';

describe('payment card numbers', () => {
  it('recognises the schemes of the public test card numbers', () => {
    expect(cardScheme('4111111111111111')).toBe('visa');
    expect(cardScheme('5555555555554444')).toBe('mastercard');
    expect(cardScheme('2223003122003222')).toBe('mastercard');
    expect(cardScheme('378282246310005')).toBe('amex');
    expect(cardScheme('6011111111111117')).toBe('discover');
    expect(cardScheme('3530111333300000')).toBe('jcb');
    expect(cardScheme('6212345678901232')).toBe('unionpay');
    expect(cardScheme('6221260000000000')).toBe('unionpay');
    expect(cardScheme('30569309025904')).toBe('diners');
  });
  it('requires Luhn, a known IIN and a length the scheme uses', () => {
    expect(isValidCard('4111111111111111')).toBe(true);
    expect(isValidCard('4111111111111112')).toBe(false);
    expect(isValidCard('41111111111111')).toBe(false);
    expect(isValidCard('1111111111111117')).toBe(false);
  });
  it('reports UnionPay numbers that do not satisfy Luhn instead of dropping them', () => {
    expect(checkCard('6212345678901234')).toEqual({ scheme: 'unionpay', luhn: false });
  });
  it('rejects every single-digit corruption of generated cards', () => {
    const r = rng(41);
    fc.assert(
      fc.property(fc.nat(18), fc.integer({ min: 1, max: 9 }), (at, delta) => {
        const n = card(r, undefined, false);
        const i = at % n.length;
        const bad = n.slice(0, i) + ((Number(n[i]) + delta) % 10) + n.slice(i + 1);
        return isValidCard(n) && !isValidCard(bad);
      }),
    );
  });
});
