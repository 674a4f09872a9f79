// Compiled by tsc (npm run test:types), never run: each @ts-expect-error line must stay an error.
import { type Observable, of } from 'rxjs';
import type { IncomingEnvelope, PlainTextProtocol, ReplyPayload, RequestType, SocketProtocol } from '../public-api';
import { MessagingClient, type SendHandle } from 'ngx-live-socket/core';
import { WebSocketService } from './angular/web-socket.service';
import { inject } from '@angular/core';
import { createWebSocketToken, injectWebSocket } from './angular/web-socket-token';

interface ChatMessage { from: string; text: string }
interface ChatProtocol {
  incoming: { 'chat.message': ChatMessage; 'chat.presence': { online: string[] } };
  outgoing: { 'chat.send': { text: string }; 'chat.typing': void };
  requests: { 'chat.join': { request: { name: string }; reply: { history: ChatMessage[] } } };
}
interface TickerProtocol {
  incoming: { tick: { price: number } };
  outgoing: { watch: { symbol: string } };
}

declare const chat: WebSocketService<ChatProtocol>;
export const message: Observable<ChatMessage> = chat.on('chat.message');
// @ts-expect-error an incoming type the protocol does not declare
chat.on('chat.unknown');
// @ts-expect-error the payload type follows the message type
export const wrong: Observable<ChatMessage> = chat.on('chat.presence');
export const handle: SendHandle = chat.send('chat.send', { text: 'hi' });
chat.send('chat.typing');
// @ts-expect-error payload missing a field
chat.send('chat.send', {});
// @ts-expect-error payload of the wrong type
chat.send('chat.send', { text: 42 });
// @ts-expect-error an outgoing type the protocol does not declare
chat.send('chat.delete', { id: 1 });
// @ts-expect-error an incoming type is not an outgoing one
chat.send('chat.message', { from: 'a', text: 'b' });
export const history: Observable<{ history: ChatMessage[] }> = chat.request('chat.join', { name: 'ada' }, { timeoutMs: 1_000 });
// @ts-expect-error request payload checked
chat.request('chat.join', { nick: 'ada' });
chat.subscribe((envelope: IncomingEnvelope<ChatProtocol>) => {
  if (envelope.type === 'chat.message') {
    const text: string = envelope.payload.text; // narrowed by type
    void text;
  }
});

// A protocol without requests has no request types.
declare const ticker: WebSocketService<TickerProtocol>;
export const noRequests: never = null as unknown as RequestType<TickerProtocol>;
// @ts-expect-error no requests declared
ticker.request('anything', {});
export const tick: Observable<{ price: number }> = ticker.on('tick');

// Tokens carry the protocol: no casts at the call site.
const CHAT = createWebSocketToken<ChatProtocol>('chat');
export const fromToken: Observable<ChatMessage> = inject(CHAT).on('chat.message');

// Without a protocol, anything goes, payloads are unknown.
declare const untyped: WebSocketService;
export const anyPayload: Observable<unknown> = untyped.on('whatever');
untyped.send('anything', { at: 1 });
export const injected: Observable<unknown> = inject(WebSocketService).on('x');
export const typedDefault: Observable<ChatMessage> = injectWebSocket<ChatProtocol>().on('chat.message');

// The framework-free core is typed the same way.
declare const core: MessagingClient<ChatProtocol>;
export const coreMessage: Observable<ChatMessage> = core.on('chat.message');
// @ts-expect-error core payloads are checked too
core.send('chat.send', { text: 1 });

export const reply: ReplyPayload<ChatProtocol, 'chat.join'> = { history: [] };
export const ok = of<SocketProtocol>();

// A plain-text server (textCodec): strings in, strings out, and nothing else.
declare const text: WebSocketService<PlainTextProtocol>;
export const line: Observable<string> = text.on('text');
text.send('text', 'hello');
// @ts-expect-error only strings have a plain-text form
text.send('text', { text: 'hello' });
// @ts-expect-error a plain-text server has one message type
text.send('chat.send', 'hello');
