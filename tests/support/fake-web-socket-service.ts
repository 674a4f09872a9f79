import { signal } from '@angular/core';
import type { ConnectionState } from 'ngx-live-socket';
import { BehaviorSubject, Subject } from 'rxjs';

/**
 * Stands in for `WebSocketService` where a test drives the raw connection by hand: frames in
 * (`receive`), frames out (`sent`), and the state. Provide it with `{ provide: WebSocketService, useValue }`.
 */
export class FakeWebSocketService {
  readonly incoming = new Subject<unknown>();
  private readonly stateSubject = new BehaviorSubject<ConnectionState>('open');
  readonly state = signal<ConnectionState>('open');
  readonly messages$ = this.incoming.asObservable();
  readonly state$ = this.stateSubject.asObservable();
  /** Every frame sent while open, JSON-decoded. */
  readonly sent: Record<string, unknown>[] = [];

  send(frame: string): boolean {
    if (this.state() !== 'open') {
      return false;
    }
    this.sent.push(JSON.parse(frame));
    return true;
  }

  setState(state: ConnectionState): void {
    this.state.set(state);
    this.stateSubject.next(state);
  }

  /** Delivers an envelope from the "server". */
  receive(envelope: object): void {
    this.incoming.next(JSON.stringify(envelope));
  }
}
