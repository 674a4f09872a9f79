// A typical use of ngx-live-socket: the minimal app plus heartbeat, the offline send queue and one request().
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { injectWebSocket, provideWebSocket, withHeartbeat, withOfflineQueue, withReconnect, withRequests } from 'ngx-live-socket';

interface ChatProtocol {
  incoming: { 'chat.message': { text: string } };
  outgoing: { 'chat.send': { text: string } };
  requests: { 'chat.join': { request: { name: string }; reply: { history: string[] } } };
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
    this.socket.request('chat.join', { name: 'ada' }).subscribe((reply) => this.last.set(reply.history.join('\n')));
  }

  send(): void {
    this.socket.send('chat.send', { text: 'hello' });
  }
}

bootstrapApplication(App, {
  providers: [
    provideZonelessChangeDetection(),
    provideWebSocket({ url: 'ws://localhost:8080/live' }, withReconnect(), withHeartbeat(), withOfflineQueue(), withRequests()),
  ],
}).catch((error) => console.error(error));
