import { WebSocketArgumentError } from './argument-error';
import { redactUrl, resolveSocketUrl } from './socket-url';

describe('resolveSocketUrl', () => {
  it.each([
    ['ws://example.com/live', undefined, 'ws://example.com/live'],
    ['wss://example.com:8443/live?room=1', undefined, 'wss://example.com:8443/live?room=1'],
    ['http://example.com/live', undefined, 'ws://example.com/live'],
    ['https://example.com/live', undefined, 'wss://example.com/live'],
    ['/live', 'https://app.example.com/some/page', 'wss://app.example.com/live'],
    ['live', 'http://127.0.0.1:4200/app/', 'ws://127.0.0.1:4200/app/live'],
    [new URL('wss://example.com/x'), undefined, 'wss://example.com/x'],
  ])('resolves %s (base %s) to %s', (input, base, expected) => {
    expect(resolveSocketUrl(input, base)).toBe(expected);
  });

  it.each([
    ['', 'it is empty'],
    ['ftp://example.com/x', 'has scheme ftp:'],
    ['file:///tmp/socket', 'has scheme file:'],
    ['ws://example.com/live#part', 'has a #fragment'],
    ['/live', 'no document to resolve it against'],
  ])('rejects %j: %s', (input, problem) => {
    const attempt = () => resolveSocketUrl(input);
    expect(attempt).toThrow(WebSocketArgumentError);
    expect(attempt).toThrow(/^ngx-live-socket: invalid url: /);
    expect(attempt).toThrow(problem);
  });

  it('never puts a query token into its error message', () => {
    expect(() => resolveSocketUrl('ftp://example.com/x?token=s3cret')).toThrow('ftp://example.com/x?token=***');
    expect(() => resolveSocketUrl('ftp://example.com/x?token=s3cret')).not.toThrow(/s3cret/);
  });
});

describe('resolveSocketUrl with requireTls', () => {
  it.each(['wss://example.com/live', 'ws://localhost:8080/x', 'ws://127.0.0.1/x', 'ws://[::1]:9/x', 'ws://app.localhost/x', 'https://example.com/x'])('allows %s', (url) => {
    expect(() => resolveSocketUrl(url, undefined, true)).not.toThrow();
  });

  it.each(['ws://example.com/live?token=abc', 'http://10.0.0.5/live', '/live'])('refuses %s, without the token in the message', (url) => {
    const attempt = () => resolveSocketUrl(url, 'http://example.org/', true);
    expect(attempt).toThrow('is not encrypted and requireTls is on');
    expect(attempt).not.toThrow(/abc/);
  });
});

describe('redactUrl', () => {
  it('hides every query value and any password', () => {
    expect(redactUrl('wss://user:pw@example.com/live?token=abc&room=1#x')).toBe('wss://user:***@example.com/live?token=***&room=***#x');
    expect(redactUrl('wss://example.com/live')).toBe('wss://example.com/live');
  });
});
