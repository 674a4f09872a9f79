import type { Subscription } from 'rxjs';
import type { WebSocketError } from '../errors/web-socket-error';
import type { Envelope } from '../messaging/envelope';
import type { MessageRouter } from '../messaging/message-router';
import { MessagingCore, type MessagingClientOptions, type MessagingParts } from '../messaging/messaging-core';
import type { SendHandle } from '../queue/send-handle';
import type { Mirror, TabMessage } from './tab-messages';

/** The tab a numbered message came from, and whether the rule of {@link LeaderHost.mayTransmit} still applies. */
interface Origin {
  readonly tab: string;
  readonly call: number;
  readonly op: 'send' | 'request';
  /** A message an earlier leader numbered, sent again: every tab had its mirror already. */
  readonly known: boolean;
}

/** What a leader needs from the tab it runs in. */
export interface LeaderTab {
  readonly tabId: string;
  /** The tab's router: the core routes into it (and {@link LeaderHost} relays what it routes to the others). */
  readonly router: MessageRouter;
  /** The group's session to continue (an earlier leader's), or a new one. */
  readonly session: { readonly id: string; readonly nextId: number; readonly lastSeq: number | null };
  /** The messages of the session not yet acknowledged, as this tab knows them (sent again, with their ids). */
  unacknowledged(): Mirror[];
  /** The highest `seq` this tab routed: where a tab that joins picks up the stream. */
  lastSeq(): number | null;
  /** The latest message of each state type this tab routed (`stateTypes`), oldest `seq` first. */
  latestState(): Envelope[];
  /** Whether messages are numbered (delivery with acks): then every tab keeps a mirror of each. */
  readonly acks: boolean;
  /** To the other tabs; `null` when this tab is alone. */
  post: ((message: TabMessage) => void) | null;
  /** To this tab itself, as the other tabs hear it from the channel: the leader's tab is one of the group. */
  local(message: TabMessage): void;
  /** An error for this tab's `errors$` (the others get it as a message). */
  localError(error: WebSocketError): void;
}

/**
 * The leader tab's part of a shared connection: it runs the group's one {@link MessagingCore} and serves the
 * calls of every tab (its own arrive as the others' do), answering on the channel so that every tab knows
 * every numbered message, where each message is, and what came in.
 *
 * The rule that makes a handoff lose and repeat nothing: a numbered message goes out only once another tab
 * holds its mirror (its sender; for the leader's own, or a gone tab's, another tab: the first follower echoes them). A tab's post may be lost with a crashing
 * leader while a frame sent after it still leaves (measured, docs/design/shared-connection.md), so "posted" is
 * not enough; "echoed" is. Then every id that reached the server is known to the tab that continues.
 */
export class LeaderHost {
  readonly core: MessagingCore;

  readonly #tab: LeaderTab;
  /** The other tabs, as the election last listed them. */
  #followers: readonly string[] = [];
  /** Per tab, the highest mirror it echoed. */
  readonly #echoed = new Map<string, number>();
  /** Numbered messages in flight, by id: whose they are. */
  readonly #origins = new Map<number, Origin>();
  /**
   * Their handles, by `tab:call`: a call forwarded again after a handoff is not numbered twice, and a tab's
   * cancel finds what to withdraw.
   */
  readonly #numberedCalls = new Map<string, SendHandle>();
  /** Per tab, the channels its app listens to and whether it reads raw frames. */
  readonly #interests = new Map<string, { readonly channels: readonly string[]; readonly frames: boolean }>();
  /** The channels the core keeps subscribed for the group. */
  readonly #channels = new Map<string, Subscription>();
  /** Raw frames, passed on while some tab reads them (`messages$`, `binary$`): off the path of every message else. */
  #frames: Subscription | null = null;
  readonly #subscriptions: Subscription[] = [];
  #disposed = false;

  constructor(options: MessagingClientOptions, parts: MessagingParts, tab: LeaderTab) {
    this.#tab = tab;
    this.core = new MessagingCore(
      {
        ...options,
        ɵshared: {
          router: tab.router,
          session: tab.session,
          mayTransmit: (id) => this.#mayTransmit(id),
          reply: (reply) => this.#reply(reply),
        },
      },
      parts,
    );
    const core = this.core;
    // This tab hears every change at once; the others one post per task, whatever changed in it (a send
    // changes the queue's counters twice).
    let statusPosted = false;
    const status = () => {
      tab.local({ kind: 'status', state: core.state, stats: core.stats });
      if (!statusPosted && tab.post !== null) {
        statusPosted = true;
        queueMicrotask(() => {
          statusPosted = false;
          if (!this.#disposed) {
            tab.post?.({ kind: 'status', state: core.state, stats: core.stats });
          }
        });
      }
    };
    this.#subscriptions.push(
      core.state$.subscribe(status),
      core.stats$.subscribe(status),
      core.errors$.subscribe((error) => {
        tab.localError(error);
        this.#postError(error);
      }),
    );
    // Sent again under their ids, first: the server processes each id once, so what the last leader
    // transmitted is acknowledged again, and what it did not is processed now.
    for (const mirror of tab.unacknowledged()) {
      this.#number(mirror.tab, mirror.call, mirror.op, mirror.envelope, mirror.id, true);
    }
  }

  /** The tabs sharing the link changed: tabs gone leave their interests, and no longer hold messages back. */
  membersChanged(members: readonly string[]): void {
    this.#followers = members.filter((tab) => tab !== this.#tab.tabId);
    for (const tab of [...this.#interests.keys(), ...this.#echoed.keys()]) {
      if (tab !== this.#tab.tabId && !this.#followers.includes(tab)) {
        this.#interests.delete(tab);
        this.#echoed.delete(tab);
      }
    }
    this.#interestsChanged();
    this.core.ɵflush();
  }

  /** A message from a tab (this one's own calls arrive here directly). */
  receive(message: TabMessage): void {
    const core = this.core;
    switch (message.kind) {
      case 'hello':
        this.#welcome(message.tab);
        return;
      case 'call': {
        if (this.#numberedCalls.has(`${message.tab}:${message.call}`)) {
          return; // forwarded again after a handoff, but already in hand
        }
        if (message.op === 'send' && !this.#tab.acks) {
          this.#watch(message.tab, message.call, undefined, core.sendMessage(message.envelope));
        } else {
          this.#number(message.tab, message.call, message.op, message.envelope, message.id, message.id !== undefined);
        }
        return;
      }
      case 'cancel': {
        const handle = this.#numberedCalls.get(`${message.tab}:${message.call}`);
        if (handle !== undefined) {
          core.ɵcancel(handle); // its handle then fails with `cancelled`, and every tab drops its mirror
        }
        return;
      }
      case 'raw':
        core.sendRaw(message.frame);
        return;
      case 'command':
        if (message.op === 'connect') {
          core.connect();
        } else {
          core.close(message.code, message.reason);
        }
        return;
      case 'interest':
        this.#interests.set(message.tab, message);
        this.#interestsChanged();
        return;
      case 'mirrored':
        if (message.upTo > (this.#echoed.get(message.tab) ?? 0)) {
          this.#echoed.set(message.tab, message.upTo);
          core.ɵflush();
        }
        return;
      default:
        return; // the leader's own words, or a late word of an earlier leader
    }
  }

  /** Stops the core without a word to the tabs: what it held is theirs to send again under the next leader. */
  dispose(): void {
    this.#disposed = true;
    this.#subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    this.#frames?.unsubscribe();
    this.#channels.forEach((subscription) => subscription.unsubscribe());
    this.core.dispose();
  }

  /** Numbers a message (or keeps its earlier number), tells every tab, then hands it to the core. */
  #number(tab: string, call: number, op: 'send' | 'request', envelope: Envelope, earlierId: number | undefined, known: boolean): void {
    const id = earlierId ?? this.core.ɵtakeId();
    if (this.#origins.has(id)) {
      return;
    }
    this.#origins.set(id, { tab, call, op, known });
    if (this.#tab.acks) {
      this.#toAll({ kind: 'mirror', id, tab, call, op, envelope });
    }
    const handle = this.core.ɵenqueue({ ...envelope, id });
    this.#numberedCalls.set(`${tab}:${call}`, handle);
    this.#watch(tab, call, id, handle);
  }

  /** Tells the sending tab, and every tab, where the message is; forgets it once it is settled. */
  #watch(tab: string, call: number, id: number | undefined, handle: SendHandle): void {
    let first = true;
    handle.status$.subscribe((status) => {
      // A tab's handle starts queued: that first word is news to nobody (one post per message fewer).
      if (!(first && status.state === 'queued')) {
        this.#toAll({ kind: 'handle', tab, call, id, status });
      }
      first = false;
      // A request sent without acks stays known until its reply came: the reply must find its tab.
      if (handle.settled && id !== undefined && (status.state !== 'sent' || this.#origins.get(id)?.op !== 'request')) {
        this.#forget(id);
      }
    });
  }

  #forget(id: number): void {
    const origin = this.#origins.get(id);
    if (origin !== undefined) {
      this.#origins.delete(id);
      this.#numberedCalls.delete(`${origin.tab}:${origin.call}`);
    }
  }

  /** A reply the core has no request for: one a tab made through this leader (or an earlier one). */
  #reply(reply: Envelope & { re: number }): boolean {
    const origin = this.#origins.get(reply.re);
    if (origin === undefined || origin.op !== 'request') {
      // An error naming a plain message is the server refusing it: the core fails its handle and reports it.
      return false;
    }
    this.#toAll({ kind: 'reply', tab: origin.tab, call: origin.call, reply });
    if (!this.#tab.acks) {
      this.#forget(reply.re); // with acks, the reply acknowledges it, and its handle settles
    }
    return true;
  }

  /**
   * Whether a numbered message may go out: once its sender holds its mirror (for the leader's own, once another
   * tab does: the first follower echoes them), or at once while no other tab shares the link or when every tab
   * had it already.
   */
  #mayTransmit(id: number): boolean {
    const origin = this.#origins.get(id);
    if (origin === undefined || origin.known || this.#followers.length === 0 || !this.#tab.acks) {
      return true;
    }
    if (origin.tab !== this.#tab.tabId && this.#followers.includes(origin.tab)) {
      // Its sender must hold it: a tab that never learnt the id would forward the call again to the next leader.
      return (this.#echoed.get(origin.tab) ?? 0) >= id;
    }
    return this.#followers.some((tab) => (this.#echoed.get(tab) ?? 0) >= id);
  }

  /** A tab joined: it learns the session and what of it is in flight, and the link's state. */
  #welcome(tab: string): void {
    const core = this.core;
    const state = this.#tab.latestState();
    if (state.length > 0) {
      this.#tab.post?.({ kind: 'state', to: tab, envelopes: state }); // before sync, which moves its lastSeq on
    }
    if (this.#tab.acks) {
      const session = this.#tab.session.id;
      this.#tab.post?.({ kind: 'sync', to: tab, session, nextId: core.ɵnextId, lastSeq: this.#tab.lastSeq(), entries: this.#tab.unacknowledged() });
    }
    this.#tab.post?.({ kind: 'status', state: core.state, stats: core.stats });
  }

  /** The channels some tab listens to stay subscribed (one `sub` for the group); raw frames go out if read. */
  #interestsChanged(): void {
    const wanted = new Set<string>();
    this.#interests.forEach((interest) => interest.channels.forEach((name) => wanted.add(name)));
    const readers = [...this.#interests].filter(([, interest]) => interest.frames).map(([tab]) => tab);
    if (readers.length === 0) {
      this.#frames?.unsubscribe();
      this.#frames = null;
    } else {
      // Rebuilt with the readers: this tab's own hears each frame directly, the others on the channel.
      this.#frames?.unsubscribe();
      const local = readers.includes(this.#tab.tabId);
      const others = readers.some((tab) => tab !== this.#tab.tabId);
      this.#frames = this.core.messages$.subscribe((frame) => {
        if (local) {
          this.#tab.local({ kind: 'frame', frame });
        }
        if (others) {
          this.#tab.post?.({ kind: 'frame', frame });
        }
      });
    }
    this.#channels.forEach((subscription, name) => {
      if (!wanted.has(name)) {
        subscription.unsubscribe();
        this.#channels.delete(name);
      }
    });
    wanted.forEach((name) => {
      if (!this.#channels.has(name)) {
        this.#channels.set(name, this.core.channel(name).subscribe());
      }
    });
  }

  /**
   * An error, to the other tabs, with the details that can cross the channel; without them if they cannot be
   * cloned (a frame of an odd type), rather than not at all.
   */
  #postError({ kind, message, details: { close, data, httpStatus } }: WebSocketError): void {
    const details = Object.fromEntries(Object.entries({ close, data, httpStatus }).filter(([, value]) => value !== undefined));
    try {
      this.#tab.post?.({ kind: 'error', error: kind, message, details });
    } catch {
      this.#tab.post?.({ kind: 'error', error: kind, message });
    }
  }

  #toAll(message: TabMessage): void {
    if (this.#disposed) {
      return;
    }
    this.#tab.post?.(message);
    this.#tab.local(message);
  }
}
