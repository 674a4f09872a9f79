import { createOriginPolicy, parseAllowedOrigins } from '../../demo/server/origin-policy.mjs';

describe('origin policy', () => {
  describe('default: own origin and pages on this machine', () => {
    const accepts = createOriginPolicy({ ownOrigin: 'http://192.168.1.5:4300' });

    it.each([undefined, 'http://192.168.1.5:4300', 'http://localhost:4200', 'http://LOCALHOST:4200', 'https://127.0.0.1', 'http://[::1]:3000'])(
      'accepts %s',
      (origin) => expect(accepts(origin)).toBe(true),
    );

    it.each(['http://192.168.1.5:4301', 'https://192.168.1.5:4300', 'https://evil.example', 'http://localhost.evil.example', 'null', 'file://', 'chrome-extension://abc'])(
      'refuses %s',
      (origin) => expect(accepts(origin)).toBe(false),
    );
  });

  it('with ALLOWED_ORIGINS, accepts only the listed origins (and non-browser clients without Origin)', () => {
    const accepts = createOriginPolicy({ ownOrigin: 'http://127.0.0.1:4300', allowedOrigins: parseAllowedOrigins(' https://app.example.com , http://localhost:4200/') });
    expect([undefined, 'https://app.example.com', 'http://localhost:4200'].map(accepts)).toEqual([true, true, true]);
    expect(['http://127.0.0.1:4300', 'http://localhost:4201', 'http://app.example.com'].map(accepts)).toEqual([false, false, false]);
  });

  it.each([
    ['', 'ALLOWED_ORIGINS is set but lists no origin'],
    ['app.example.com', 'ALLOWED_ORIGINS: "app.example.com" is not an origin'],
    ['https://app.example.com/path', 'ALLOWED_ORIGINS: "https://app.example.com/path" is not an origin'],
    ['ftp://files.example.com', 'ALLOWED_ORIGINS: "ftp://files.example.com" is not an origin'],
  ])('refuses ALLOWED_ORIGINS=%j, naming the bad entry', (text, message) => {
    expect(() => parseAllowedOrigins(text)).toThrow(message);
  });
});
