import { describe, expect, it } from 'vitest';
import { isValidEmail } from './email.js';

describe('e-mail addresses', () => {
  it('accepts ordinary and internationalised addresses', () => {
    for (const e of ['a@b.co', 'zhang.wei+shop@qq.com', 'x_y@mail.example.co.jp', 'user@例子.中国'])
      expect(isValidEmail(e), e).toBe(true);
  });
  it('rejects file names, missing parts and bad labels', () => {
    for (const e of ['logo@2x.png', 'a@b', '@b.com', 'a@-b.com', 'a..b@c.com', 'a@b.c1'])
      expect(isValidEmail(e), e).toBe(false);
  });
});
