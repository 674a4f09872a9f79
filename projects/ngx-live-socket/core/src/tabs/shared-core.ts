import { BehaviorSubject, Observable, Subject } from 'rxjs';
import { assertValidCloseArguments } from '../connection/close-arguments';
import type { ConnectionState } from '../connection/connection-state';
import type { OutgoingFrame } from '../connection/outgoing-frame';
import { type WebSocketCodec, jsonEnvelopeCodec } from '../codec/codec';
import { resolveDeliveryPolicy } from '../delivery/delivery';
import { newSessionId } from '../delivery/reliability';
import { ErrorStream } from '../errors/error-stream';
import { requireFeature } from '../errors/missing-part';
import { WebSocketError, type WebSocketErrorKind } from '../errors/web-socket-error';
import type { Channels } from '../messaging/channels';
import { CONTROL_TYPES, type Envelope } from '../messaging/envelope';
import {
  INITIAL_LIVE_SOCKET_STATS,
  type LiveSocketStats,
  type MessagingClientOptions,
  type MessagingParts,
  encodeMessage,
  messageOf,
  multiplexOver,
} from '../messaging/messaging-core';
import { DEFAULT_REQUEST_TIMEOUT_MS, type RequestOptions, type Requests } from '../messaging/requests';
import type {
  IncomingEnvelope,
  IncomingPayload,
  IncomingType,
  OutgoingPayload,
  OutgoingType,
  PayloadArgument,
  ReplyPayload,
  RequestPayload,
  RequestType,
  SocketProtocol,
  UntypedProtocol,
} from '../messaging/socket-protocol';
import { systemClock } from '../platform/clock';
import { mathRandom } from '../platform/random-source';
import type { SessionLocks } from '../queue/session-locks';
import { SendHandle } from '../queue/send-handle';
import { LeaderHost } from './leader-host';
import type { TabChannelLike } from './tab-channel';
import { type TabElectionOptions, type TabGroupState, TabElection, type TabRole } from './tab-election';
import type { Mirror, TabMessage } from './tab-messages';
import { TabRouter } from './tab-router';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** What `stats` adds when tabs share the connection (`withSharedConnection()`). */
export interface SharedTabStats {
  /** This tab's part: `leader` holds the link for every tab, `follower` uses it through the leader. */
  readonly tabRole: TabRole;
  /** Tabs sharing the link, this one included; 1 when `alone`. */
  readonly sharedTabs: number;
  /** Why this tab is `alone`: the browser has no Web Locks or no `BroadcastChannel`; `null` otherwise. */
  readonly sharedFallback: 'no-locks' | 'no-channel' | null;
}

/** Where the tabs of one shared connection meet; the Angular feature fills it from the browser. */
export interface SharedTabSeams {
  /** This tab's id, unique among the origin's tabs. */
  readonly tabId: string;
  /** Locks shared by the origin's tabs, named for this connection; `null` where the browser has none. */
  readonly locks: SessionLocks | null;
  /** The channel of this connection's tabs; `null` where the browser has none. */
  readonly channel: TabChannelLike | null;
  /** See {@link TabElectionOptions.frozenLeaderAfterMs}. */
  readonly frozenLeaderAfterMs?: number | null;
  /** Whether the page is visible (only a visible tab takes the lead from a frozen leader). */
  readonly isVisible?: () => boolean;
  /** See {@link SharedConnectionOptions.stateTypes}. */
  readonly stateTypes?: readonly string[];
}

/** A call of this tab not settled yet. */
interface TabCall {
  readonly op: 'send' | 'request';
  readonly envelope: Envelope;
  readonly handle: SendHandle;
  /** Its id in the session, once the leader numbered it. */
  id?: number;
}

/** The kinds a tab sends to the leader; the other kinds come from the leader. */
const TO_LEADER: ReadonlySet<TabMessage['kind']> = new Set(['hello', 'call', 'cancel', 'raw', 'command', 'interest', 'mirrored']);

/**
 * One tab's connection when the tabs of a browser share one (`withSharedConnection()`): the API of
 * {@link MessagingCore} in every tab, over one link the leader tab holds.
 *
 * Each tab keeps its own router, handles and requests, so the app's subscriptions never move. The tab that
 * wins the election runs a {@link LeaderHost} (the group's one core); every tab, the leader's included,
 * sends its calls to the leader and hears back on the channel. Every tab keeps the mirror of each numbered
 * message until it is acknowledged, the session's next id and the last `seq` it routed: so when the leader
 * goes, the tab that follows continues the same session, sending again what was not acknowledged under its
 * ids, and resumes the stream where the tabs left it. Where the browser cannot share, the tab is `alone`
 * and leads itself.
 */
export class SharedCore<P extends SocketProtocol = UntypedProtocol> {
  readonly state$: Observable<ConnectionState>;
  readonly stats$: Observable<LiveSocketStats>;
  readonly messages$: Observable<unknown>;
  readonly incoming$: Observable<IncomingEnvelope<P>>;
  readonly binary$: Observable<ArrayBuffer | Blob>;
  readonly errors$: Observable<WebSocketError>;

  readonly #options: MessagingClientOptions;
  readonly #parts: MessagingParts;
  readonly #codec: WebSocketCodec;
  readonly #acks: boolean;
  readonly #tabId: string;
  readonly #channel: TabChannelLike | null;
  readonly #election: TabElection;
  readonly #router: TabRouter;
  readonly #state = new BehaviorSubject<ConnectionState>('idle');
  readonly #stats = new BehaviorSubject<LiveSocketStats>(INITIAL_LIVE_SOCKET_STATS);
  readonly #frames = new Subject<unknown>();
  readonly #binary = new Subject<ArrayBuffer | Blob>();
  readonly #errors = new ErrorStream();
  #leader: LeaderHost | null = null;
  /** This tab's calls not settled yet, by the tab's own number. */
  readonly #calls = new Map<number, TabCall>();
  #nextCall = 1;
  /** The session's numbered messages not acknowledged yet, every tab's, by id. */
  readonly #mirrors = new Map<number, Mirror>();
  /** The group's session as the leader told it; `null` until then (a new leader without it starts a new one). */
  #session: { id: string; nextId: number } | null = null;
  #echoUpTo = 0;
  #echoScheduled = false;
  /** The leader (and its term) this tab's calls went to: a new one gets them again. */
  #forwardedTo = '';
  /** Whether the app asked this tab to connect (a new leader connects then, or when the link was up). */
  #connectWanted = false;
  #channels: Channels | null = null;
  readonly #wantedChannels = new Set<string>();
  #frameReaders = 0;
  #requests: Requests | null = null;
  #disposed = false;

  constructor(options: MessagingClientOptions, parts: MessagingParts, seams: SharedTabSeams) {
    this.#options = options;
    this.#parts = parts;
    this.#codec = options.codec ?? jsonEnvelopeCodec;
    this.#acks = options.delivery != null && resolveDeliveryPolicy(options.delivery).acks;
    this.#tabId = seams.tabId;
    this.#router = new TabRouter(seams.stateTypes);
    this.#channel = seams.channel;
    this.#election = new TabElection({ ...seams, clock: options.clock, heard: (message) => this.#heard(message) });

    this.state$ = this.#state.asObservable();
    this.stats$ = this.#stats.asObservable();
    this.messages$ = this.#readingFrames(this.#frames);
    this.binary$ = this.#readingFrames(this.#binary);
    this.incoming$ = this.#router.all$ as Observable<IncomingEnvelope<P>>;
    this.errors$ = this.#errors.errors$;
    this.#election.state$.subscribe((group) => this.#groupChanged(group));
    this.#election.start();
  }

  get state(): ConnectionState {
    return this.#state.value;
  }

  get stats(): LiveSocketStats {
    return this.#stats.value;
  }

  /** Opens the group's link (through the leader); a tab that becomes leader later opens it too. */
  connect(): void {
    this.#connectWanted = true;
    this.#toLeader({ kind: 'command', tab: this.#tabId, op: 'connect' });
  }

  /** Closes the group's link, for every tab; bad arguments throw at once. */
  close(code?: number, reason?: string): void {
    assertValidCloseArguments(code, reason);
    this.#connectWanted = false;
    this.#toLeader({ kind: 'command', tab: this.#tabId, op: 'close', code, reason });
  }

  /** Leaves the group: a leader hands the link to the next tab; this tab's unsettled calls fail with `closed`. */
  dispose(): void {
    if (this.#disposed) {
      return;
    }
    this.#disposed = true;
    this.#election.dispose();
    this.#router.relay = null;
    this.#leader?.dispose();
    this.#leader = null;
    this.#calls.forEach((call) => call.handle.ɵmark({ state: 'failed', reason: 'closed' }));
    this.#calls.clear();
    this.#router.complete();
    [this.#state, this.#stats, this.#frames, this.#binary, this.#errors].forEach((subject) => subject.complete());
  }

  on<K extends IncomingType<P>>(type: K): Observable<IncomingPayload<P, K>> {
    return this.#router.payloadsOf(type) as Observable<IncomingPayload<P, K>>;
  }

  envelopesOf<K extends IncomingType<P>>(type: K): Observable<Extract<IncomingEnvelope<P>, { type: K }>> {
    return this.#router.ofType(type) as Observable<Extract<IncomingEnvelope<P>, { type: K }>>;
  }

  /** A channel, counted in this tab; the leader keeps it subscribed while any tab listens. */
  channel(name: string): Observable<IncomingEnvelope<P>> {
    this.#channels ??= new (requireFeature(this.#parts.channels, 'channel()', 'withChannels()'))({
      ofChannel: (channel) => this.#router.ofChannel(channel),
      // The first listener in this tab, or the last gone: the leader hears this tab's interest.
      sendControl: ({ type, channel }) => {
        if (type === CONTROL_TYPES.sub) {
          this.#wantedChannels.add(channel as string);
        } else {
          this.#wantedChannels.delete(channel as string);
        }
        this.#announceInterest();
      },
    });
    return this.#channels.channel(name) as Observable<IncomingEnvelope<P>>;
  }

  send<K extends OutgoingType<P>>(type: K, ...[payload]: PayloadArgument<OutgoingPayload<P, K>>): SendHandle {
    return this.sendMessage(messageOf(type, payload));
  }

  sendMessage(message: Envelope): SendHandle {
    encodeMessage(this.#codec, message); // a message the codec cannot encode throws here, in the sending tab
    const handle = new SendHandle(undefined, this.#acks);
    if (this.#disposed) {
      handle.ɵmark({ state: 'failed', reason: 'closed' });
      return handle;
    }
    this.#call('send', message, handle, this.#nextCall++);
    return handle;
  }

  /** A raw frame, through the leader's link: `false` (and `send-failed`) when the link is not open. */
  sendRaw(frame: OutgoingFrame): boolean {
    if (this.#leader !== null) {
      return this.#leader.core.sendRaw(frame);
    }
    if (this.state !== 'open') {
      this.#errors.emit(new WebSocketError('send-failed', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `send() while the connection is ${this.state}: the frame was not sent.`, { data: frame }));
      return false;
    }
    this.#toLeader({ kind: 'raw', tab: this.#tabId, frame });
    return true;
  }

  request<K extends RequestType<P>>(type: K, payload: RequestPayload<P, K>, options?: RequestOptions): Observable<ReplyPayload<P, K>> {
    this.#requests ??= new (requireFeature(this.#parts.requests, 'request()', 'withRequests()'))(this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, {
      clock: this.#options.clock ?? systemClock,
      // The tab's own number for the call: the leader gives the session's id, and the reply comes back by call.
      takeId: () => this.#nextCall++,
      enqueue: ({ id, ...envelope }) => {
        const handle = new SendHandle(undefined, this.#acks);
        this.#call('request', envelope, handle, id as number);
        return handle;
      },
      cancel: (handle) => this.#cancel(handle),
    });
    return this.#requests.request(type, payload, options);
  }

  multiplex(subscribeMessage: () => Envelope, unsubscribeMessage: () => Envelope, messageFilter: (message: IncomingEnvelope<P>) => boolean): Observable<IncomingEnvelope<P>> {
    return multiplexOver(this, subscribeMessage, unsubscribeMessage, messageFilter);
  }

  get routeCount(): number {
    return this.#router.size;
  }

  #call(op: 'send' | 'request', envelope: Envelope, handle: SendHandle, call: number): void {
    this.#calls.set(call, { op, envelope, handle });
    this.#toLeader({ kind: 'call', tab: this.#tabId, call, op, envelope });
  }

  /**
   * A request the app unsubscribed from before its reply: the leader withdraws it if it has not gone out, as a
   * tab's own queue would. Forgotten here either way: never forwarded to a next leader, its reply dropped.
   */
  #cancel(handle: SendHandle): void {
    for (const [call, pending] of this.#calls) {
      if (pending.handle === handle) {
        this.#calls.delete(call);
        this.#toLeader({ kind: 'cancel', tab: this.#tabId, call });
        return;
      }
    }
  }

  /** To the leader: directly when this tab leads, on the channel when another does, nowhere while electing. */
  #toLeader(message: TabMessage): void {
    if (this.#disposed) {
      return;
    }
    if (this.#leader !== null) {
      this.#leader.receive(message);
    } else if (this.#election.state.role === 'follower') {
      this.#channel?.postMessage(message);
    }
    // While electing, the calls wait in #calls and the interest in its fields: the leader gets them when known.
  }

  #heard(message: TabMessage): void {
    if (TO_LEADER.has(message.kind)) {
      this.#leader?.receive(message);
    } else if (this.#leader === null) {
      this.#fromLeader(message); // a leader's late words, once this tab leads, are not news
    }
  }

  #groupChanged(group: TabGroupState): void {
    if (this.#disposed) {
      return;
    }
    if ((group.role === 'leader' || group.role === 'alone') && this.#leader === null) {
      this.#lead();
    } else if (group.role === 'electing' && this.#leader !== null) {
      this.#stepDown();
    }
    this.#leader?.membersChanged(group.members);
    if (this.#echoesForLeader() && this.#mirrors.size > 0) {
      this.#echo(Math.max(...this.#mirrors.keys())); // it may just have become the one that echoes
    }
    const leader = `${group.leader}#${group.term}`;
    if (group.role !== 'electing' && leader !== this.#forwardedTo) {
      // A new leader: it hears what this tab listens to and every call of this tab not settled, with the id
      // an earlier leader gave it (it is then sent again under that id, not numbered twice).
      this.#forwardedTo = leader;
      this.#announceInterest();
      this.#calls.forEach((call, number) => this.#toLeader({ kind: 'call', tab: this.#tabId, call: number, op: call.op, envelope: call.envelope, id: call.id }));
    }
    this.#publishStats(this.#stats.value);
  }

  /** This tab now holds the link: it continues the group's session where the tabs know it, or starts one. */
  #lead(): void {
    const channel = this.#channel;
    const post = this.#election.state.role === 'leader' && channel !== null ? (message: TabMessage) => channel.postMessage(message) : null;
    const session = this.#session ?? { id: newSessionId(this.#options.random ?? mathRandom), nextId: 1 };
    if (this.#session === null) {
      this.#mirrors.clear(); // numbered in a session this tab never learnt: none of it went out on its word
    }
    this.#session = session;
    this.#router.relay = post && ((envelope) => post({ kind: 'incoming', envelope }));
    const wasUp = this.state === 'open' || this.state === 'connecting' || this.state === 'reconnecting';
    this.#leader = new LeaderHost(this.#options, this.#parts, {
      tabId: this.#tabId,
      router: this.#router,
      session: { id: session.id, nextId: session.nextId, lastSeq: this.#router.lastSeq },
      unacknowledged: () => [...this.#mirrors.values()].sort((a, b) => a.id - b.id),
      lastSeq: () => this.#router.lastSeq,
      latestState: () => [...this.#router.latestState.values()].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)),
      acks: this.#acks,
      post,
      local: (message) => this.#fromLeader(message),
      localError: (error) => this.#errors.emit(error),
    });
    // A link the app closed stays closed; one that was up (or that this tab asked for) opens again here.
    if (this.state !== 'closed' && (this.#connectWanted || wasUp)) {
      this.#leader.core.connect();
    }
  }

  /**
   * Another tab took the lead while this one was frozen: its core stops without a word (the server fences its
   * link once the new leader resumes the session), and its calls go to the new leader, with their ids.
   */
  #stepDown(): void {
    this.#router.relay = null;
    this.#leader?.dispose();
    this.#leader = null;
    this.#forwardedTo = '';
  }

  /** What the leader says, heard from the channel or, in the leader's tab, directly. */
  #fromLeader(message: TabMessage): void {
    switch (message.kind) {
      case 'mirror': {
        this.#mirrors.set(message.id, message);
        this.#learnId(message.id);
        const call = message.tab === this.#tabId ? this.#calls.get(message.call) : undefined;
        if (call !== undefined) {
          call.id = message.id;
          (call.handle as { id: number }).id = message.id;
        }
        // One echo per message is what the leader waits for: the sender's, or for the leader's own, the first
        // follower's. Every tab echoing every mirror would cost each tab a post per tab per message.
        if (call !== undefined || (message.tab === this.#election.state.leader && this.#echoesForLeader())) {
          this.#echo(message.id);
        }
        return;
      }
      case 'state':
        if (message.to === this.#tabId) {
          message.envelopes.forEach((envelope) => this.#router.route(envelope));
        }
        return;
      case 'sync':
        if (message.to === this.#tabId) {
          this.#session = { id: message.session, nextId: message.nextId };
          message.entries.forEach((mirror) => this.#mirrors.set(mirror.id, mirror));
          this.#router.lastSeq = Math.max(this.#router.lastSeq ?? 0, message.lastSeq ?? 0) || null;
          this.#echo(message.nextId - 1);
        }
        return;
      case 'handle': {
        const { status, id } = message;
        const settled = status.state === 'acked' || status.state === 'failed' || (status.state === 'sent' && !this.#acks);
        if (settled && id !== undefined) {
          this.#mirrors.delete(id);
        }
        const call = message.tab === this.#tabId ? this.#calls.get(message.call) : undefined;
        if (call !== undefined) {
          call.handle.ɵmark(status);
          if (settled && (call.op === 'send' || status.state === 'failed')) {
            this.#calls.delete(message.call);
          }
        }
        return;
      }
      case 'reply':
        if (message.tab === this.#tabId && this.#calls.delete(message.call)) {
          this.#requests?.settle({ ...message.reply, re: message.call });
        }
        return;
      case 'incoming':
        this.#router.route(message.envelope);
        return;
      case 'frame': {
        const { frame } = message;
        this.#frames.next(frame);
        if (typeof frame !== 'string' && !this.#codec.decodesBinary) {
          this.#binary.next(frame as ArrayBuffer | Blob);
        }
        return;
      }
      case 'status':
        if (message.state !== this.#state.value) {
          this.#state.next(message.state);
        }
        this.#publishStats(message.stats, true);
        return;
      case 'error': {
        const details = typeof message.details === 'object' && message.details !== null ? message.details : {};
        const error = new WebSocketError(message.error as WebSocketErrorKind, false, details);
        error.message = message.message; // the leader's text, already prefixed
        this.#errors.emit(error);
        return;
      }
      default:
        return;
    }
  }

  /** Whether this tab is the follower that echoes the leader's own messages: the first in the roster after it. */
  #echoesForLeader(): boolean {
    return this.#election.state.members[1] === this.#tabId;
  }

  /** The session's next id as far as this tab knows: past every id it has seen. */
  #learnId(id: number): void {
    if (this.#session !== null && id >= this.#session.nextId) {
      this.#session = { id: this.#session.id, nextId: id + 1 };
    }
  }

  /**
   * Tells the leader this tab holds every mirror up to `upTo`, once per task whatever the number of mirrors:
   * only a tab that knows the session echoes, since only such a tab can continue it.
   */
  #echo(upTo: number): void {
    if (this.#leader !== null || this.#session === null || upTo <= this.#echoUpTo) {
      return;
    }
    this.#echoUpTo = upTo;
    if (!this.#echoScheduled) {
      this.#echoScheduled = true;
      queueMicrotask(() => {
        this.#echoScheduled = false;
        this.#toLeader({ kind: 'mirrored', tab: this.#tabId, upTo: this.#echoUpTo });
      });
    }
  }

  #announceInterest(): void {
    this.#toLeader({ kind: 'interest', tab: this.#tabId, channels: [...this.#wantedChannels], frames: this.#frameReaders > 0 });
  }

  /** Raw frames cross the channel only while some tab reads them: counted here, per tab. */
  #readingFrames<T>(source: Subject<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.#frameReaders++ === 0) {
        this.#announceInterest();
      }
      const subscription = source.subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        if (--this.#frameReaders === 0) {
          this.#announceInterest();
        }
      };
    });
  }

  /**
   * The link's stats (the leader's) with this tab's part in the group. Each word of the leader's is published,
   * as a page's own connection publishes each of its updates (two equal round trips are two samples); a change
   * of the group only when it changes something.
   */
  #publishStats(stats: LiveSocketStats, fromLeader = false): void {
    const group = this.#election.state;
    const next: LiveSocketStats = { ...stats, tabRole: group.role, sharedTabs: group.tabs, sharedFallback: group.fallback };
    const current = this.#stats.value;
    if (!this.#disposed && (fromLeader || (Object.keys(next) as Array<keyof LiveSocketStats>).some((key) => next[key] !== current[key]))) {
      this.#stats.next(next);
    }
  }
}
