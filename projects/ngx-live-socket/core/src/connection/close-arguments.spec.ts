import { WebSocketArgumentError } from '../errors/argument-error';
import { assertValidCloseArguments } from './close-arguments';

describe('assertValidCloseArguments', () => {
  it.each([undefined, 1000, 3000, 4000, 4999])('accepts code %s', (code) => {
    expect(() => assertValidCloseArguments(code, undefined)).not.toThrow();
  });

  it.each([999, 1001, 1006, 1011, 2999, 5000, 3000.5, Number.NaN])('rejects code %s, naming the argument and the allowed range', (code) => {
    expect(() => assertValidCloseArguments(code, undefined)).toThrow(WebSocketArgumentError);
    expect(() => assertValidCloseArguments(code, undefined)).toThrow(/invalid close code: .* use 1000 or an integer in 3000-4999/);
  });

  it('counts the reason in UTF-8 bytes, not characters', () => {
    expect(() => assertValidCloseArguments(1000, 'a'.repeat(123))).not.toThrow();
    expect(() => assertValidCloseArguments(1000, 'a'.repeat(124))).toThrow('invalid close reason: it is 124 UTF-8 bytes long; the limit is 123.');
    // 41 euro signs are 41 characters but 123 bytes; one more is 126 bytes.
    expect(() => assertValidCloseArguments(1000, '€'.repeat(41))).not.toThrow();
    expect(() => assertValidCloseArguments(1000, '€'.repeat(42))).toThrow('126 UTF-8 bytes');
  });
});
