import { describe, expect, it } from 'vitest';
import { isPreciseCoordinate } from './geo-coordinates.js';

describe('precise coordinates', () => {
  it('needs both parts in range with at least three decimals', () => {
    expect(isPreciseCoordinate('31.2304', '121.4737')).toBe(true);
    expect(isPreciseCoordinate('-33.868', '151.209')).toBe(true);
    expect(isPreciseCoordinate('31.23', '121.47')).toBe(false);
    expect(isPreciseCoordinate('91.000', '121.000')).toBe(false);
    expect(isPreciseCoordinate('0.000', '0.000')).toBe(false);
  });
});
