import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScriptedSocket } from '../../../../../tests/support/scripted-socket';
import { jsonEnvelopeCodec } from '../codec/codec';
import { resolveReconnectPolicy } from '../connection/backoff';
import { SocketClient } from '../connection/socket-client';
import { globalWebSocketFactory } from '../connection/web-socket-factory';
import { resolveHeartbeatPolicy } from '../heartbeat/heartbeat';
import { MessagingClient } from '../messaging/messaging-client';
import { MessagingCore } from '../messaging/messaging-core';
import { WebSocketRequestError } from '../messaging/request-error';
import { WebSocketArgumentError } from './argument-error';
import { ERROR_CODES } from './error-codes';
import type { WebSocketError } from './web-socket-error';

const flags = globalThis as { ngDevMode?: unknown };

/** Runs `body` as code in a production build runs: `ngDevMode` is false there (the CLI defines it so). */
function inProduction<T>(body: () => T): T {
  const before = flags.ngDevMode;
  flags.ngDevMode = false;
  try {
    return body();
  } finally {
    flags.ngDevMode = before;
  }
}

function malformedFrameError(): WebSocketError {
  const socket = new ScriptedSocket();
  const client = new MessagingClient({ url: 'ws://127.0.0.1:9/ws', webSocketFactory: () => socket });
  const errors: WebSocketError[] = [];
  client.errors$.subscribe((error) => errors.push(error));
  client.connect();
  socket.open();
  socket.deliver('not json');
  client.dispose();
  return errors[0];
}

describe('error codes (docs/errors.md)', () => {
  it('in development an error explains itself and carries its code', () => {
    const error = malformedFrameError();
    expect(error.kind).toBe('malformed-frame');
    expect(error.code).toBe('NLS301');
    expect(error.message).toMatch(/^ngx-live-socket: an incoming frame was dropped: not valid JSON/);
  });

  it('in a production build the long text is gone: the code and the kind say what happened', () => {
    const error = inProduction(malformedFrameError);
    expect(error.kind).toBe('malformed-frame');
    expect(error.code).toBe('NLS301');
    expect(error.message).toBe('ngx-live-socket: NLS301 malformed-frame (see docs/errors.md)');
    expect(error.details.data).toBe('not json');

    const argument = inProduction(() => {
      try {
        resolveHeartbeatPolicy({ intervalMs: -1 });
      } catch (thrown) {
        return thrown as WebSocketArgumentError;
      }
      throw new Error('a bad interval was accepted');
    });
    expect(argument).toBeInstanceOf(WebSocketArgumentError);
    expect(argument.argument).toBe('heartbeat intervalMs');
    expect(argument.message).toBe('ngx-live-socket: invalid heartbeat intervalMs: NLS100 not allowed (see docs/errors.md)');

    const request = new WebSocketRequestError('timeout', 'chat.join', false);
    expect([request.code, request.message]).toEqual(['NLS401', 'ngx-live-socket: request "chat.join" failed: NLS401 timeout (see docs/errors.md)']);
  });

  it("says NLS502 when a feature's options reach a client without the part that runs them", () => {
    const options = { url: 'ws://127.0.0.1:9/ws', heartbeat: {}, delivery: {} };
    expect(() => new MessagingCore(options, {})).toThrow('ngx-live-socket: NLS502 heartbeat is configured but its code (part) was not given');
    expect(() => new MessagingCore(options, { heartbeat: () => ({}) as never })).toThrow('NLS502 delivery is configured');
    new MessagingClient(options).dispose(); // the control: with every part, the same options are fine
  });

  it('keeps NLS502, the missing feature and a missing WebSocket short in a production build', () => {
    const options = { url: 'ws://127.0.0.1:9/ws', heartbeat: {} };
    expect(() => inProduction(() => new MessagingCore(options, {}))).toThrow(/^ngx-live-socket: NLS502 missing-part heartbeat \(see docs\/errors.md\)$/);
    expect(() => inProduction(() => resolveReconnectPolicy({ factor: 0.5 }))).toThrow(/^ngx-live-socket: invalid reconnect factor: NLS100 not allowed \(see docs\/errors.md\)$/);
    expect(() => resolveReconnectPolicy({ factor: 0.5 })).toThrow('invalid reconnect factor: 0.5 is not allowed; expected a number >= 1.'); // the control: dev mode explains
    const errors: WebSocketError[] = [];
    const client = inProduction(() => new SocketClient({ url: 'ws://127.0.0.1:9/ws', webSocketFactory: globalWebSocketFactory }));
    client.errors$.subscribe((error) => errors.push(error));
    const native = (globalThis as { WebSocket?: unknown }).WebSocket;
    delete (globalThis as { WebSocket?: unknown }).WebSocket;
    try {
      inProduction(() => client.connect());
    } finally {
      (globalThis as { WebSocket?: unknown }).WebSocket = native;
      client.dispose();
    }
    expect(errors.map((error) => [error.kind, error.message])).toEqual([['create-failed', 'ngx-live-socket: NLS202 no globalThis.WebSocket (see docs/errors.md)']]);
  });

  it('keeps the JSON codec\'s reasons for a frame it cannot read out of a production build: NLS301 only', () => {
    for (const frame of ['not json', '[]', '{"payload":1}', '{"type":"t","id":-1}', '{"type":"t","channel":3}']) {
      expect(() => inProduction(() => jsonEnvelopeCodec.decode(frame))).toThrow(/^NLS301 malformed-frame \(see docs\/errors.md\)$/);
    }
    expect(() => jsonEnvelopeCodec.decode('{"type":"t","id":-1}')).toThrow('the envelope\'s "id" is not a non-negative integer'); // the control: dev mode explains
  });

  it('says NLS503, naming the feature, when a method is called whose feature was not given; in production too', () => {
    const core = new MessagingCore({ url: 'ws://127.0.0.1:9/ws' }, {});
    expect(() => core.request('chat.join', {})).toThrow('ngx-live-socket: NLS503 request() needs withRequests(): add it to provideWebSocket()');
    expect(() => inProduction(() => core.channel('room:1'))).toThrow(/^ngx-live-socket: NLS503 feature-not-provided withChannels\(\) \(see docs\/errors.md\)$/);
    core.dispose();
    const client = new MessagingClient({ url: 'ws://127.0.0.1:9/ws' }); // the control: every part, so both calls work
    client.errors$.subscribe(); // the request fails as not sent (no link): expected here, not worth a dev warning
    client.channel('room:1').subscribe().unsubscribe();
    client.request('chat.join', {}).subscribe().unsubscribe();
    client.dispose();
  });

  it('gives every error its own code, and docs/errors.md explains each one', () => {
    const codes = Object.values(ERROR_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    const page = readFileSync(join(__dirname, '../../../../../docs/errors.md'), 'utf8');
    for (const [kind, code] of Object.entries(ERROR_CODES)) {
      expect([kind, page.includes(`| ${code} |`)]).toEqual([kind, true]);
    }
  });
});
