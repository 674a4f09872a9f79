// The minimal app (minimal.ts) plus withSharedConnection(): its figure minus minimal's is what sharing the
// connection between tabs adds when used. One connection with reconnect; a component shows its state(),
// receives one message type with on(type) and sends one with send(type).
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { injectWebSocket, provideWebSocket, withReconnect, withSharedConnection } from 'ngx-live-socket';

interface ChatProtocol {
  incoming: { 'chat.message': { text: string } };
  outgoing: { 'chat.send': { text: string } };
}

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p>{{ state() }}</p><p>{{ last() }}</p><button (click)="send()">send</button>`,
})
class App {
  private readonly socket = injectWebSocket<ChatProtocol>();
  readonly state = this.socket.state;
  readonly last = signal('');

  constructor() {
    this.socket.on('chat.message').subscribe((message) => this.last.set(message.text));
  }

  send(): void {
    this.socket.send('chat.send', { text: 'hello' });
  }
}

bootstrapApplication(App, {
  providers: [provideZonelessChangeDetection(), provideWebSocket({ url: 'ws://localhost:8080/live' }, withReconnect(), withSharedConnection())],
}).catch((error) => console.error(error));
