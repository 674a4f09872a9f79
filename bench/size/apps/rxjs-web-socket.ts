// The minimal app's shape on rxjs webSocket, reconnecting with retry({ delay }) (exponential backoff with
// full jitter): state, one message type in, one out.
import { ChangeDetectionStrategy, Component, DestroyRef, inject, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { filter, retry, timer } from 'rxjs';
import { webSocket } from 'rxjs/webSocket';

interface Envelope {
  type: string;
  payload: { text: string };
}

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p>{{ state() }}</p><p>{{ last() }}</p><button (click)="send()">send</button>`,
})
class App {
  readonly state = signal('connecting');
  readonly last = signal('');
  private readonly socket = webSocket<Envelope>({
    url: 'ws://localhost:8080/live',
    openObserver: { next: () => this.state.set('open') },
    closeObserver: { next: () => this.state.set('reconnecting') },
  });

  constructor() {
    const subscription = this.socket
      .pipe(
        retry({ delay: (_error, attempt) => timer(Math.random() * Math.min(30_000, 1_000 * 2 ** attempt)) }),
        filter((message) => message.type === 'chat.message'),
      )
      .subscribe((message) => this.last.set(message.payload.text));
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  send(): void {
    this.socket.next({ type: 'chat.send', payload: { text: 'hello' } });
  }
}

bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] }).catch((error) => console.error(error));
