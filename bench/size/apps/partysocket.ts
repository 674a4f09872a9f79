// The minimal app's shape on partysocket (its reconnecting WebSocket): state, one message type in, one out.
import { ChangeDetectionStrategy, Component, DestroyRef, inject, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { WebSocket as ReconnectingWebSocket } from 'partysocket';

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p>{{ state() }}</p><p>{{ last() }}</p><button (click)="send()">send</button>`,
})
class App {
  private readonly socket = new ReconnectingWebSocket('ws://localhost:8080/live');
  readonly state = signal('connecting');
  readonly last = signal('');

  constructor() {
    this.socket.addEventListener('open', () => this.state.set('open'));
    this.socket.addEventListener('close', () => this.state.set('reconnecting'));
    this.socket.addEventListener('message', (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'chat.message') {
        this.last.set(message.payload.text);
      }
    });
    inject(DestroyRef).onDestroy(() => this.socket.close());
  }

  send(): void {
    this.socket.send(JSON.stringify({ type: 'chat.send', payload: { text: 'hello' } }));
  }
}

bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] }).catch((error) => console.error(error));
