import { frameByteLength, utf8ByteLength } from './utf8';

describe('utf8ByteLength', () => {
  it.each(['', 'abc', 'é', '€uro', '😀', 'a😀b€', '\ud800 lone surrogate', 'x'.repeat(1000)])('matches TextEncoder for %j', (text) => {
    expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
  });

  it('measures binary frames by bytes', () => {
    expect(frameByteLength(new ArrayBuffer(7))).toBe(7);
    expect(frameByteLength(new Uint8Array(5))).toBe(5);
  });
});
