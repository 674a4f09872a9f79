import { WebSocketArgumentError } from '../errors/argument-error';
import { checkSocketUrl, resolveSocketUrl } from './socket-url';

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

describe('resolveSocketUrl without a scheme', () => {
  it.each(['localhost:4399/ws', '127.0.0.1:4399/ws', 'example.com:443', '[::1]:4399/ws?token=abc'])('says to add ws:// or wss:// to %s', (url) => {
    const attempt = () => resolveSocketUrl(url, 'http://example.org/');
    expect(attempt).toThrow(WebSocketArgumentError);
    expect(attempt).toThrow('has no scheme; add ws:// or wss://');
    expect(attempt).not.toThrow(/scheme localhost:|abc/);
  });

  it('names the URL once, after a single prefix', () => {
    expect(() => resolveSocketUrl('localhost:4399/ws')).toThrow(/^ngx-live-socket: invalid url: "localhost:4399\/ws" has no scheme/);
  });
});

describe('checkSocketUrl (no document: the server platform, provider time)', () => {
  it.each(['/ws', 'live', 'wss://example.com/live'])('accepts %s without a base, also with requireTls', (url) => {
    expect(() => checkSocketUrl(url)).not.toThrow();
    expect(() => checkSocketUrl(url, true)).not.toThrow();
  });

  it.each([
    ['localhost:4399/ws', 'add ws:// or wss://'],
    ['ftp://example.com/x', 'has scheme ftp:'],
    ['/ws#x', 'has a #fragment'],
    ['', 'it is empty'],
  ])('rejects %j as resolveSocketUrl does: %s', (url, problem) => {
    expect(() => checkSocketUrl(url)).toThrow(problem);
    expect(() => resolveSocketUrl(url, 'https://app.example.com/')).toThrow(problem);
  });

  it('applies requireTls to an absolute URL', () => {
    expect(() => checkSocketUrl('ws://example.com/live', true)).toThrow('requireTls is on');
    expect(() => checkSocketUrl('http://example.com/live', true)).toThrow('requireTls is on');
  });
});
