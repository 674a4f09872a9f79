// The baseline: the same app shape as the others (a standalone component showing a state and the last message,
// with a button that sends), with no socket at all. Every other app's figure is its bytes minus these.
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p>{{ state() }}</p><p>{{ last() }}</p><button (click)="send()">send</button>`,
})
class App {
  readonly state = signal('idle');
  readonly last = signal('');

  send(): void {
    this.last.set('hello');
  }
}

bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] }).catch((error) => console.error(error));
