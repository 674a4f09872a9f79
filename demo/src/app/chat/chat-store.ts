import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type SendHandle, type SendStatus, WebSocketRequestError } from 'ngx-live-socket';
import { EMPTY, type Observable, catchError, defer, filter, finalize, firstValueFrom, map, switchMap, tap } from 'rxjs';
import type { ChatJoined, ChatMessage } from '../live/demo-protocol';
import { DEMO_SOCKET } from '../live/demo-socket';
import { type ServerRefusal, requestFailureText, sendFailureText, serverRefusalOf } from '../live/error-text';
import { mergeMessages } from './merge-messages';

/** How long a join waits for the server's answer. */
export const JOIN_TIMEOUT_MS = 5_000;

/** A message this visitor sent that the server has not confirmed yet. */
interface OutgoingMessage {
  readonly handle: SendHandle;
  readonly text: string;
  readonly state: SendStatus['state'];
}

/**
 * The chat as this visitor sees it. The server forgets who joined when a connection ends, so after every
 * reconnect the store joins again under the same name and merges the history it gets back: messages missed
 * while the link was down appear, none twice. What the visitor sends while the link is down waits in the
 * connection's queue and goes out once it is back. Created at start-up (see app.config.ts).
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly socket = inject(DEMO_SOCKET);
  private readonly nameSignal = signal<string | null>(null);
  private readonly joinedSignal = signal(false);
  private readonly joiningSignal = signal(false);
  private readonly messagesSignal = signal<ChatMessage[]>([]);
  private readonly onlineSignal = signal<string[]>([]);
  private readonly problemSignal = signal<string | null>(null);
  private readonly outgoing = signal<readonly OutgoingMessage[]>([]);

  /** The name this visitor chats under, `null` before the first successful join. */
  readonly name = this.nameSignal.asReadonly();
  /** In the room on the current connection; `false` from a drop until the rejoin is answered. */
  readonly joined = this.joinedSignal.asReadonly();
  /** A join request is on its way. */
  readonly joining = this.joiningSignal.asReadonly();
  readonly messages = this.messagesSignal.asReadonly();
  readonly online = this.onlineSignal.asReadonly();
  /** The last thing that went wrong, in words for the visitor; cleared by the next success. */
  readonly problem = this.problemSignal.asReadonly();
  /** The texts sent while the link is down, oldest first: they go out once it is back. */
  readonly queued = computed(() => this.outgoing().filter((message) => message.state === 'queued').map((message) => message.text));
  /**
   * How many of the visitor's messages the server has not confirmed yet, queued or sent: 0 once every send
   * handle has settled (with delivery, the server acknowledged each one).
   */
  readonly unconfirmed = computed(() => this.outgoing().length);

  constructor() {
    this.socket
      .on('chat.message')
      .pipe(takeUntilDestroyed())
      .subscribe((message) => this.messagesSignal.update((shown) => mergeMessages(shown, [message])));
    this.socket
      .on('chat.presence')
      .pipe(takeUntilDestroyed())
      .subscribe(({ online }) => this.onlineSignal.set(online));
    this.socket.errors$.pipe(takeUntilDestroyed()).subscribe((error) => this.explainRefusal(serverRefusalOf(error)));
    // Every state change ends the join: a new connection is a stranger to the server. On each reopen, join
    // again; a rejoin still waiting from an earlier link is dropped for the new one.
    this.socket.state$
      .pipe(
        tap(() => this.joinedSignal.set(false)),
        filter((state) => state === 'open'),
        map(() => this.nameSignal()),
        switchMap((name) => (name === null ? EMPTY : this.joinRequest(name))),
        takeUntilDestroyed(),
      )
      .subscribe();
  }

  /** Joins under `name`; on failure `problem` says why (e.g. the name is taken) and nothing else changes. */
  async join(name: string): Promise<void> {
    await firstValueFrom(this.joinRequest(name), { defaultValue: undefined });
  }

  /**
   * Sends `text` under the joined name. While the link is down it waits in the queue (`queued` lists it)
   * and goes out once the link is back; the name lets the server put that new connection in the room first,
   * as the rejoin comes after it. `false`, with `problem` saying why, when it could not even be queued: the
   * page then keeps the text.
   */
  send(text: string): boolean {
    const name = this.nameSignal();
    if (name === null) {
      this.problemSignal.set('Not sent: join the chat first.');
      return false;
    }
    const handle = this.socket.send('chat.send', { text, name });
    const { status } = handle;
    if (status.state === 'failed') {
      this.problemSignal.set(`Not sent: ${sendFailureText(status.reason)}.`);
      return false;
    }
    this.problemSignal.set(null);
    this.follow(handle, text);
    return true;
  }

  /** A join that sets the signals from its outcome and never fails itself. */
  private joinRequest(name: string): Observable<void> {
    return defer(() => {
      this.joiningSignal.set(true);
      return this.socket.request('chat.join', { name }, { timeoutMs: JOIN_TIMEOUT_MS });
    }).pipe(
      map((reply) => this.joinedAs(reply)),
      catchError((error: unknown) => {
        this.joinFailed(name, error);
        return EMPTY;
      }),
      finalize(() => this.joiningSignal.set(false)),
    );
  }

  private joinedAs(reply: ChatJoined): void {
    this.nameSignal.set(reply.name);
    this.joinedSignal.set(true);
    this.onlineSignal.set(reply.online);
    this.messagesSignal.update((shown) => mergeMessages(shown, reply.history));
    this.problemSignal.set(null);
  }

  private joinFailed(name: string, error: unknown): void {
    const rejoining = this.nameSignal() !== null;
    const reason = requestFailureText(error);
    this.problemSignal.set(rejoining ? `Could not rejoin as ${name}: ${reason}` : `Could not join: ${reason}`);
    if (rejoining && error instanceof WebSocketRequestError && error.kind === 'error-reply') {
      this.nameSignal.set(null); // the name went to someone else while we were away: ask for another
    }
  }

  /** Keeps a sent message in `outgoing` until the server confirms it, so `queued` can show it meanwhile. */
  private follow(handle: SendHandle, text: string): void {
    this.outgoing.update((messages) => [...messages, { handle, text, state: handle.status.state }]);
    handle.status$.subscribe((status) => {
      if (status.state === 'failed' && status.reason !== 'refused') {
        this.forget(handle);
        this.problemSignal.set(`Not sent: "${text}": ${sendFailureText(status.reason)}.`);
      } else if (handle.settled && status.state !== 'failed') {
        this.forget(handle); // confirmed: the server has it
      } else {
        // Queued, sent, or refused: the server's reason for a refusal follows on errors$ (explainRefusal).
        this.setOutgoingState(handle, status.state);
      }
    });
  }

  /** Shows why the server refused one of our messages. */
  private explainRefusal(refusal: ServerRefusal | null): void {
    if (refusal === null) {
      return;
    }
    const refused = this.outgoing().find((message) => message.handle.id !== undefined && message.handle.id === refusal.re);
    if (refused !== undefined) {
      this.forget(refused.handle);
    }
    // Without acks a refusal carries no id, only the type of what it refuses.
    if (refused !== undefined || refusal.cause === 'chat.send') {
      this.problemSignal.set(`Not sent: ${refusal.message}`);
    }
  }

  private setOutgoingState(handle: SendHandle, state: SendStatus['state']): void {
    this.outgoing.update((messages) => messages.map((message) => (message.handle === handle ? { ...message, state } : message)));
  }

  private forget(handle: SendHandle): void {
    this.outgoing.update((messages) => messages.filter((message) => message.handle !== handle));
  }
}
