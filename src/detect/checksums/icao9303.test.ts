import { describe, expect, it } from 'vitest';
import { mrzCheckDigit } from './icao9303.js';

describe('ICAO 9303 check digit', () => {
  it('matches the specimen passport of ICAO Doc 9303 Part 4 (Anna Maria Eriksson, Utopia)', () => {
    expect(mrzCheckDigit('L898902C3')).toBe(6);
    expect(mrzCheckDigit('740812')).toBe(2);
    expect(mrzCheckDigit('120415')).toBe(9);
    expect(mrzCheckDigit('ZE184226B<<<<<')).toBe(1);
  });
  it('counts the filler as zero and refuses other characters', () => {
    expect(mrzCheckDigit('<<<<')).toBe(0);
    expect(mrzCheckDigit('ab')).toBe(-1);
  });
});
