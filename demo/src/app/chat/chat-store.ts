import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { filter } from 'rxjs';
import type { ChatMessage } from '../live/demo-protocol';
import { DemoRequestError, DemoSocket } from '../live/demo-socket';
import { mergeMessages } from './merge-messages';

/**
 * The chat as this visitor sees it. The server forgets who joined when a connection ends, so after every
 * reconnect the store joins again under the same name and merges the history it gets back: messages missed
 * while the link was down appear, none twice. Created at start-up (see app.config.ts).
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly socket = inject(DemoSocket);
  private readonly nameSignal = signal<string | null>(null);
  private readonly joinedSignal = signal(false);
  private readonly joiningSignal = signal(false);
  private readonly messagesSignal = signal<ChatMessage[]>([]);
  private readonly onlineSignal = signal<string[]>([]);
  private readonly problemSignal = signal<string | null>(null);

  /** The name this visitor chats under, `null` before the first successful join. */
  readonly name = this.nameSignal.asReadonly();
  /** A join request is on its way. */
  readonly joining = this.joiningSignal.asReadonly();
  readonly messages = this.messagesSignal.asReadonly();
  readonly online = this.onlineSignal.asReadonly();
  /** The last thing that went wrong, in words for the visitor; cleared by the next success. */
  readonly problem = this.problemSignal.asReadonly();
  /** Joined on the current connection, so a message sent now is accepted. */
  readonly canSend = computed(() => this.joinedSignal() && this.socket.state() === 'open');

  constructor() {
    this.socket
      .on('chat.message')
      .pipe(takeUntilDestroyed())
      .subscribe((message) => this.messagesSignal.update((shown) => mergeMessages(shown, [message])));
    this.socket
      .on('chat.presence')
      .pipe(takeUntilDestroyed())
      .subscribe(({ online }) => this.onlineSignal.set(online));
    this.socket
      .on('error')
      .pipe(
        filter(({ cause }) => cause === 'chat.send'),
        takeUntilDestroyed(),
      )
      .subscribe(({ message }) => this.problemSignal.set(`Not sent: ${message}`));
    this.socket.opened$.pipe(takeUntilDestroyed()).subscribe(() => {
      this.joinedSignal.set(false);
      const name = this.nameSignal();
      if (name !== null) {
        void this.join(name);
      }
    });
  }

  /** Joins under `name`; on failure `problem` says why (e.g. the name is taken) and nothing else changes. */
  async join(name: string): Promise<void> {
    this.joiningSignal.set(true);
    try {
      const reply = await this.socket.request('chat.join', { name });
      this.nameSignal.set(reply.name);
      this.joinedSignal.set(true);
      this.onlineSignal.set(reply.online);
      this.messagesSignal.update((shown) => mergeMessages(shown, reply.history));
      this.problemSignal.set(null);
    } catch (error) {
      const reason = error instanceof DemoRequestError ? error.message : String(error);
      const rejoining = this.nameSignal() !== null;
      this.problemSignal.set(rejoining ? `Could not rejoin as ${name}: ${reason}` : `Could not join: ${reason}`);
      if (rejoining && error instanceof DemoRequestError && error.reason === 'refused') {
        this.nameSignal.set(null); // the name went to someone else while we were away: ask for another
      }
    } finally {
      this.joiningSignal.set(false);
    }
  }

  /** Sends a message; `false` (and `problem` says why) when it could not go out, so the page keeps the text. */
  send(text: string): boolean {
    if (!this.socket.send('chat.send', { text })) {
      this.problemSignal.set(`Not sent: the connection is ${this.socket.state()}. Your text is kept; send it again once connected.`);
      return false;
    }
    this.problemSignal.set(null);
    return true;
  }
}
