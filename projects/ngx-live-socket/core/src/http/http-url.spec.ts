import { WebSocketArgumentError } from '../errors/argument-error';
import { asUpgradeProbe, httpUrlOf, withLinkId } from './http-url';

describe('httpUrlOf', () => {
  it.each([
    ['ws://example.com/ws', 'http://example.com/ws'],
    ['wss://example.com:8443/live?token=a%2Bb~c', 'https://example.com:8443/live?token=a%2Bb~c'],
    ['WSS://example.com/x', 'https://example.com/x'],
    ['http://127.0.0.1:4399/ws', 'http://127.0.0.1:4399/ws'],
    ['https://example.com/ws?room=1', 'https://example.com/ws?room=1'],
  ])('maps %s to %s, keeping the rest as written', (url, expected) => {
    expect(httpUrlOf(url)).toBe(expected);
  });

  it.each(['ftp://example.com/x', '/ws', 'ws:example.com', 'localhost:4399/ws'])('refuses %s, naming the url', (url) => {
    expect(() => httpUrlOf(url)).toThrow(WebSocketArgumentError);
    expect(() => httpUrlOf(url)).toThrow('is not an absolute ws:, wss:, http: or https: URL');
  });

  it('does not quote a query token in its error', () => {
    expect(() => httpUrlOf('ftp://example.com/x?token=s3cret')).not.toThrow(/s3cret/);
  });
});

describe('withLinkId', () => {
  it.each([
    ['http://example.com/ws', 'http://example.com/ws?nls-link=abc-_1'],
    ['http://example.com/ws?token=a%2Bb', 'http://example.com/ws?token=a%2Bb&nls-link=abc-_1'],
    ['http://example.com/ws?', 'http://example.com/ws?nls-link=abc-_1'],
    ['http://example.com/ws?a=1&', 'http://example.com/ws?a=1&nls-link=abc-_1'],
    ['http://example.com/ws?a=1#part', 'http://example.com/ws?a=1&nls-link=abc-_1#part'],
  ])('adds nls-link to %s', (url, expected) => {
    expect(withLinkId(url, 'abc-_1')).toBe(expected);
  });

  it('encodes an id that needs it', () => {
    expect(new URL(withLinkId('http://example.com/ws', 'a&b=c')).searchParams.get('nls-link')).toBe('a&b=c');
  });
});

describe('asUpgradeProbe', () => {
  it.each([
    ['ws://example.com/ws', 'ws://example.com/ws?nls-probe=1'],
    ['wss://example.com/ws?token=a%2Bb', 'wss://example.com/ws?token=a%2Bb&nls-probe=1'],
  ])('marks %s as a probe, the rest as written', (url, expected) => {
    expect(asUpgradeProbe(url)).toBe(expected);
  });
});
