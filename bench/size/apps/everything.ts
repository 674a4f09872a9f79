// Everything the main entry point offers an app, in the one valid combination: a connection with every JSON
// feature (reconnect with an auth hook, heartbeat, a persisted offline queue, delivery with acks and resume,
// the JSON codec, a socket factory), a second named connection on the plain-text codec (which cannot carry the
// JSON features, so it gets its own connection), and every method, signal, stream and resource of the service.
// The framework-free classes (SocketClient, MessagingClient) are what the service is built on, so they are in.
import { ChangeDetectionStrategy, Component, inject, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import {
  type PlainTextProtocol,
  WebSocketError,
  WebSocketRequestError,
  channelResource,
  createWebSocketToken,
  injectWebSocket,
  jsonEnvelopeCodec,
  messageResource,
  provideWebSocket,
  textCodec,
  withChannels,
  withCodec,
  withRequests,
  withDelivery,
  withHeartbeat,
  withHttpFallback,
  withSharedConnection,
  withOfflineQueue,
  withQueuePersistence,
  withReconnect,
  withWebSocketFactory,
} from 'ngx-live-socket';

interface ChatProtocol {
  incoming: { 'chat.message': { text: string }; 'chat.typing': { name: string } };
  outgoing: { 'chat.send': { text: string } };
  requests: { 'chat.join': { request: { name: string }; reply: { history: string[] } } };
}

const LOG_SOCKET = createWebSocketToken<PlainTextProtocol>('log');

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>{{ state() }} {{ stats().reconnects }}</p>
    <p>{{ last() }} {{ typing()?.name }}</p>
    @if (message.hasValue()) { <p>{{ message.value().text }}</p> }
    @if (room.hasValue()) { <p>{{ room.value().type }}</p> }
    <button (click)="send()">send</button>
    <button (click)="socket.close(1000, 'bye')">close</button>
    <button (click)="socket.connect()">connect</button>
  `,
})
class App {
  protected readonly socket = injectWebSocket<ChatProtocol>();
  private readonly log = inject(LOG_SOCKET);
  readonly state = this.socket.state;
  readonly stats = this.socket.stats;
  readonly typing = this.socket.latest('chat.typing');
  readonly message = messageResource(this.socket, 'chat.message');
  readonly room = channelResource(this.socket, 'room:42');
  readonly last = signal('');

  constructor() {
    this.socket.on('chat.message').subscribe((message) => this.last.set(message.text));
    this.socket.envelopesOf('chat.message').subscribe((envelope) => console.log(envelope.seq));
    this.socket.channel('room:7').subscribe((envelope) => console.log(envelope.payload));
    this.socket
      .request('chat.join', { name: 'ada' }, { timeoutMs: 5_000 })
      .subscribe({
        next: (reply) => this.last.set(reply.history.join('\n')),
        error: (error: unknown) => error instanceof WebSocketRequestError && console.warn(error.kind),
      });
    this.socket
      .multiplex(() => ({ type: 'sub', channel: 'a' }), () => ({ type: 'unsub', channel: 'a' }), (message) => message.type === 'chat.message')
      .subscribe();
    this.socket.subscribe((message) => console.log(message.type));
    // Each stream subscribed on its own: rxjs operators here (merge, catchError) would be the app's bytes, not the library's.
    for (const stream of [this.socket.state$, this.socket.stats$, this.socket.messages$, this.socket.incoming$, this.socket.binary$]) {
      stream.subscribe((value: unknown) => console.log(value));
    }
    this.socket.errors$.subscribe((error) => console.warn(error instanceof WebSocketError ? error.kind : error));
    this.log.on('text').subscribe((line) => console.log(line));
  }

  send(): void {
    this.socket.send('chat.send', { text: 'hello' }).status$.subscribe((status) => console.log(status.state));
    this.socket.next({ type: 'chat.send', payload: { text: 'hi' } });
    this.socket.sendRaw('raw');
    this.log.send('text', 'sent');
  }
}

bootstrapApplication(App, {
  providers: [
    provideZonelessChangeDetection(),
    provideWebSocket(
      { url: async () => 'ws://localhost:8080/live?token=abc' },
      withReconnect({ onAuthFailure: () => true }),
      withHeartbeat(),
      withOfflineQueue({ maxAgeMs: 60_000 }),
      withQueuePersistence(),
      withDelivery(),
      withCodec(jsonEnvelopeCodec),
      withWebSocketFactory((url, protocols) => new WebSocket(url, protocols)),
      withRequests(),
      withChannels(),
      withHttpFallback(),
      withSharedConnection({ stateTypes: ['chat.presence'] }),
    ),
    provideWebSocket(LOG_SOCKET, { url: 'ws://localhost:8080/log' }, withCodec(textCodec), withReconnect()),
  ],
}).catch((error) => console.error(error));
