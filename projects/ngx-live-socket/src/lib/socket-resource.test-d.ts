// Compiled by tsc (npm run test:types), never run: each @ts-expect-error line must stay an error.
// Pins messageResource(socket, type) and channelResource(socket, name): typed by the protocol, and plain Angular Resources.
import type { Resource, ResourceSnapshot, Signal } from '@angular/core';
import { type IncomingEnvelope, type SocketResource, channelResource, messageResource } from '../public-api';
import type { WebSocketService } from './angular/web-socket.service';

interface ChatMessage { from: string; text: string }
interface ChatProtocol {
  incoming: { 'chat.message': ChatMessage; 'chat.presence': { online: string[] } };
  outgoing: { 'chat.send': { text: string } };
}

declare const chat: WebSocketService<ChatProtocol>;
declare const untyped: WebSocketService;

export const messages: SocketResource<ChatMessage | undefined> = messageResource(chat, 'chat.message');
export const asAngularResource: Resource<ChatMessage | undefined> = messageResource(chat, 'chat.message');
export const value: Signal<ChatMessage | undefined> = messages.value;
export const snapshot: Signal<ResourceSnapshot<ChatMessage | undefined>> = messages.snapshot;
export const reloaded: boolean = messages.reload();
if (messages.hasValue()) {
  const narrowed: ChatMessage = messages.value(); // hasValue() narrows away undefined
  void narrowed;
}
// @ts-expect-error value() may be undefined until the first message
export const notYet: ChatMessage = messages.value();
// @ts-expect-error an incoming type the protocol does not declare
messageResource(chat, 'chat.unknown');
// @ts-expect-error an outgoing type is not an incoming one
messageResource(chat, 'chat.send');
// @ts-expect-error the payload type follows the message type
export const wrongPayload: SocketResource<ChatMessage | undefined> = messageResource(chat, 'chat.presence');
// @ts-expect-error a message resource is read-only: no set()
messages.set({ from: 'a', text: 'b' });

export const room: SocketResource<IncomingEnvelope<ChatProtocol> | undefined> = channelResource(chat, 'room:1');
export const anything: SocketResource<unknown> = messageResource(untyped, 'whatever');
// @ts-expect-error an untyped connection's payloads are unknown
export const notAString: SocketResource<string | undefined> = messageResource(untyped, 'whatever');
