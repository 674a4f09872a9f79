// The smallest real app code that turns every feature of ngx-live-socket on and touches every part of its
// API: what an app that uses all of it ships. Measured by bench/size (and the size budget of `npm test`).
import { type ApplicationConfig, Injectable, inject } from '@angular/core';
import {
  createWebSocketToken,
  injectWebSocket,
  jsonEnvelopeCodec,
  provideWebSocket,
  withCodec,
  withDelivery,
  withHeartbeat,
  withOfflineQueue,
  withReconnect,
  withWebSocketFactory,
} from 'ngx-live-socket';

interface ChatProtocol {
  incoming: { 'chat.message': { text: string } };
  outgoing: { 'chat.send': { text: string } };
  requests: { 'chat.join': { request: { name: string }; reply: { history: string[] } } };
}

const MARKET_SOCKET = createWebSocketToken<ChatProtocol>('market');

export const appConfig: ApplicationConfig = {
  providers: [
    provideWebSocket(
      { url: async () => '/live?token=abc' },
      withReconnect({ onAuthFailure: () => true }),
      withHeartbeat(),
      withOfflineQueue({ persist: true, maxAgeMs: 60_000 }),
      withDelivery(),
      withCodec(jsonEnvelopeCodec),
      withWebSocketFactory((url, protocols) => new WebSocket(url, protocols)),
    ),
    provideWebSocket(MARKET_SOCKET, { url: '/market' }, withReconnect()),
  ],
};

@Injectable({ providedIn: 'root' })
export class LiveChat {
  private readonly socket = injectWebSocket<ChatProtocol>();
  private readonly market = inject(MARKET_SOCKET);
  readonly state = this.socket.state;
  readonly stats = this.socket.stats;

  start(): void {
    this.socket.on('chat.message').subscribe((message) => console.log(message.text));
    this.socket.envelopesOf('chat.message').subscribe((envelope) => console.log(envelope.seq));
    this.socket.channel('room:42').subscribe((envelope) => console.log(envelope.payload));
    this.socket.request('chat.join', { name: 'ada' }).subscribe((reply) => console.log(reply.history));
    this.socket.send('chat.send', { text: 'hello' }).status$.subscribe((status) => console.log(status.state));
    this.socket.multiplex(() => ({ type: 'sub', channel: 'a' }), () => ({ type: 'unsub', channel: 'a' }), (m) => m.channel === 'a').subscribe();
    this.socket.errors$.subscribe((error) => console.warn(error.kind));
    this.socket.binary$.subscribe((data) => console.log(data));
    this.market.subscribe((message) => console.log(message.type));
    this.market.next({ type: 'chat.send', payload: { text: 'hi' } });
    this.socket.sendRaw('raw');
  }

  stop(): void {
    this.socket.close(1000, 'bye');
  }
}
