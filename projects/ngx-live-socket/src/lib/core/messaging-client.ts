import { BehaviorSubject, Observable, Subject, combineLatest, filter, map, merge, take } from 'rxjs';
import { WebSocketArgumentError } from './argument-error';
import { ChannelRegistry } from './channel-registry';
import { type Clock, systemClock } from './clock';
import { type WebSocketCodec, jsonEnvelopeCodec } from './codec';
import type { ConnectionState } from './connection-state';
import { type ConnectionStats, INITIAL_CONNECTION_STATS } from './connection-stats';
import type { DeliveryPolicy } from './delivery';
import { CONTROL_TYPES, type Envelope } from './envelope';
import { type HeartbeatPolicy, type OutgoingFrame, isJsonPong, ɵassertPingFitsCodec } from './heartbeat';
import { EarlyErrors } from './early-errors';
import { describeError } from './library-message';
import { MessageRouter } from './message-router';
import { DEFAULT_OFFLINE_QUEUE_POLICY, type OfflineQueuePolicy, Outbox } from './outbox';
import { type OrphanQueue, QueueClaims } from './queue-claims';
import { type QueueStorage, localStorageQueueStorage } from './queue-storage';
import { QUEUE_SNAPSHOT_VERSION, type QueueSnapshot } from './queue-snapshot';
import { type RandomSource, mathRandom } from './random-source';
import { WebSocketRequestError } from './request-error';
import { SendHandle } from './send-handle';
import { DEFAULT_SEQUENCE_LIMITS, SequenceChecker } from './sequence-checker';
import { type SessionLocks, defaultSessionLocks } from './session-locks';
import { SocketClient, type SocketClientOptions } from './socket-client';
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
} from './socket-protocol';
import { WebSocketError, type WebSocketErrorKind } from './web-socket-error';

/** Everything {@link MessagingClient} adds to a {@link SocketClient}'s options. */
export interface MessagingClientOptions extends Omit<SocketClientOptions, 'onOpen' | 'onDrop' | 'onMessage'> {
  /** How envelopes become frames and back. Default: one JSON envelope per text frame. */
  readonly codec?: WebSocketCodec;
  /** `null` (default): a message sent while the link is down fails with `offline`. */
  readonly queue?: OfflineQueuePolicy | null;
  /** `null` (default): no ids, acks, seq or resume. */
  readonly delivery?: DeliveryPolicy | null;
  /**
   * Prefix of the persisted queue's records in `localStorage` (each page writes its own record under it) and
   * of their lock names; give each persisted connection its own.
   */
  readonly storageKey?: string;
  /**
   * Who may send a persisted queue: each page holds its own record's lock while it lives, and a record left
   * by a page that closed or crashed goes to exactly one other page. Default: Web Locks (`navigator.locks`,
   * looked up when the client is made), or leases in the queue's storage where the browser has none.
   */
  readonly locks?: SessionLocks;
  /** @internal A queue left by another page, delivered by this client under its original session and ids. */
  readonly ɵadopted?: { readonly storage: QueueStorage; readonly key: string; readonly snapshot: QueueSnapshot };
  /** Default timeout of `request()`, in ms. */
  readonly requestTimeoutMs?: number;
}

/** Counters of the messaging layer, merged into `stats`. Each changes only on rare events or app sends. */
export interface MessagingStats {
  /** Messages held by the queue: waiting for a link, or sent and awaiting an ack. */
  readonly queuedMessages: number;
  readonly queuedBytes: number;
  /** Messages the overflow policy refused or evicted. */
  readonly droppedMessages: number;
  /** Incoming frames the codec could not read. */
  readonly malformedFrames: number;
  /** Incoming messages no subscriber wanted (counted only: a type nobody listens to is not an error). */
  readonly unhandledMessages: number;
  /** Incoming messages dropped as already seen (`seq` already delivered, or already held beyond a gap). */
  readonly duplicateMessages: number;
}

export type LiveSocketStats = ConnectionStats & MessagingStats;

export interface RequestOptions {
  /** Fail with a `timeout` error when no reply arrived this long after the call. */
  readonly timeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_STORAGE_KEY = 'ngx-live-socket:queue';

const INITIAL_MESSAGING_STATS: MessagingStats = {
  queuedMessages: 0,
  queuedBytes: 0,
  droppedMessages: 0,
  malformedFrames: 0,
  unhandledMessages: 0,
  duplicateMessages: 0,
};

/** Stats before anything happened. */
export const INITIAL_LIVE_SOCKET_STATS: LiveSocketStats = { ...INITIAL_CONNECTION_STATS, ...INITIAL_MESSAGING_STATS };

interface PendingRequest {
  readonly type: string;
  settle(reply: Envelope): void;
}

/**
 * A resilient connection that speaks messages: typed streams per message type (`on`), channels with
 * server-side subscriptions, requests with replies, an offline queue, and with `delivery`, acks and resume
 * so nothing is lost or duplicated across reconnects. Framework-free; the Angular service wraps one.
 */
export class MessagingClient<P extends SocketProtocol = UntypedProtocol> {
  readonly connection: SocketClient;

  /** Connection state; replays the current one. */
  readonly state$: Observable<ConnectionState>;
  /** Connection and messaging counters; replays the current ones. */
  readonly stats$: Observable<LiveSocketStats>;
  /** Every incoming frame as delivered, except heartbeat pongs: the raw stream under the envelopes. */
  readonly messages$: Observable<unknown>;
  /** Every incoming message, decoded and routed. */
  readonly incoming$: Observable<IncomingEnvelope<P>>;
  /** Binary frames, untouched (when the codec does not decode binary). */
  readonly binary$: Observable<ArrayBuffer | Blob>;
  /** Everything that went wrong, connection and messages alike. Errors from before the first subscriber are kept for it. */
  readonly errors$: Observable<WebSocketError>;

  private readonly codec: WebSocketCodec;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly router = new MessageRouter();
  private readonly channels = new ChannelRegistry();
  private readonly outbox: Outbox;
  private readonly queueWhileOffline: boolean;
  private readonly delivery: DeliveryPolicy | null;
  /** With acks, every message carries an id and is held until acknowledged. */
  private readonly acks: boolean;
  /** Where this client persists its queue: its own record (or, adopting, the left-behind one). */
  private readonly record: { readonly storage: QueueStorage; readonly key: string } | null;
  /** Locks on this page's record and on those left by other pages; none when adopting or not persisting. */
  private readonly claims: QueueClaims | null;
  /** Clients delivering queues left by other pages, by record key. */
  private readonly adoptions = new Map<string, MessagingClient>();
  private readonly options: MessagingClientOptions;
  private readonly requestTimeoutMs: number;
  private readonly pendingRequests = new Map<number, PendingRequest>();
  private readonly binarySubject = new Subject<ArrayBuffer | Blob>();
  private readonly errorsSubject = new Subject<WebSocketError>();
  /** Errors raised before anyone subscribed to `errors$`, bounded, for the first subscriber. */
  private readonly earlyErrors = new EarlyErrors();
  private readonly messagingStats = new BehaviorSubject<MessagingStats>(INITIAL_MESSAGING_STATS);

  private nextId = 1;
  /**
   * The highest id transmitted on this session (requests included; the outbox tells when it transmits): an
   * ack or reply naming a higher one answers nothing we sent and is not trusted. A restored session sets it
   * to the snapshot's `nextId - 1`, since the page before may have sent up to there.
   */
  private highestSentId = 0;
  private session: string;
  /** With resume: puts incoming messages in seq order, holds them beyond gaps, asks for replays. */
  private readonly sequence: SequenceChecker<Envelope>;
  private saveScheduled = false;
  private disposed = false;

  constructor(options: MessagingClientOptions) {
    this.codec = options.codec ?? jsonEnvelopeCodec;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? mathRandom;
    this.delivery = options.delivery ?? null;
    this.acks = this.delivery?.acks ?? false;
    this.queueWhileOffline = options.queue != null;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.options = options;
    const queue = options.queue ?? null;
    const persist = queue?.persist ?? false;
    const storageKey = options.storageKey ?? DEFAULT_STORAGE_KEY;
    const adopted = options.ɵadopted;
    // Every page has a session of its own: two pages never send under one session (docs/protocol.md).
    this.session = adopted?.snapshot.session ?? this.newSessionId();
    const storage = adopted?.storage ?? (persist === false ? null : persist === true ? localStorageQueueStorage(storageKey) : persist);
    this.record = storage === null ? null : { storage, key: adopted?.key ?? this.session };
    this.claims =
      storage === null || adopted !== undefined
        ? null
        : new QueueClaims(storage, options.locks ?? defaultSessionLocks(storage, this.clock, this.session, storageKey), this.session, {
            adopt: (orphan) => this.adopt(orphan),
            unreadable: (key, problem, text) => this.report('queue-restore-failed', `the queue another page left (record "${key}") was dropped: ${problem}.`, text),
          });

    this.connection = new SocketClient({
      ...options,
      heartbeat: options.heartbeat == null ? options.heartbeat : this.heartbeatForCodec(options.heartbeat),
      onOpen: () => this.linkOpened(),
      onDrop: () => this.linkDropped(),
      onMessage: (frame) => this.receive(frame),
    });
    // Without a queue, messages are held only while awaiting acks; the default bounds cap that too.
    this.outbox = new Outbox(
      queue ?? DEFAULT_OFFLINE_QUEUE_POLICY,
      this.acks,
      this.clock,
      {
        transmit: (frame) => this.connection.trySend(frame),
        sent: ({ id }) => {
          if (id !== undefined && id > this.highestSentId) {
            this.highestSentId = id;
          }
        },
        overflowed: (entry, report, envelope) => {
          if (report) {
            this.report('queue-overflow', `the offline queue is full (${this.outbox.size} messages, ${this.outbox.bytes} bytes): "${entry.type}" was not queued.`, envelope);
          }
        },
        changed: () => this.outboxChanged(),
      },
      this.record !== null,
    );

    this.sequence = new SequenceChecker<Envelope>(DEFAULT_SEQUENCE_LIMITS, this.clock, {
      // lastSeq alone does not rewrite the record: it is saved with the next change of the queue.
      deliver: (envelope) => this.route(envelope),
      duplicate: () => this.bumpStat('duplicateMessages'),
      report: (kind, message) => this.report(kind, message, undefined),
      askReplay: (lastSeq) => this.sendControl({ type: CONTROL_TYPES.resume, payload: { session: this.session, lastSeq } }),
    });

    this.state$ = this.connection.state$;
    this.stats$ = combineLatest([this.connection.stats$, this.messagingStats]).pipe(
      map(([connection, messaging]) => ({ ...connection, ...messaging })),
    );
    this.messages$ = this.connection.messages$;
    this.incoming$ = this.router.all$ as Observable<IncomingEnvelope<P>>;
    this.binary$ = this.binarySubject.asObservable();
    this.errors$ = new Observable<WebSocketError>((subscriber) => {
      const subscription = this.errorsSubject.subscribe(subscriber);
      this.earlyErrors.takeAll().forEach((error) => subscriber.next(error));
      return subscription;
    });

    this.connection.errors$.subscribe((error) => this.emitError(error));
    if (adopted !== undefined) {
      this.restore(adopted.snapshot);
    }
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  /** The highest seq delivered in order (what `resume` names and a persisted queue keeps); `null` before any. */
  private get lastSeq(): number | null {
    return this.sequence.lastSeq;
  }

  private set lastSeq(seq: number | null) {
    this.sequence.lastSeq = seq;
  }

  get stats(): LiveSocketStats {
    return { ...this.connection.stats, ...this.messagingStats.value };
  }

  /** Opens the connection; with a persisted queue, also takes over the queues other pages left behind. */
  connect(): void {
    this.claims?.watchOthers();
    this.connection.connect();
  }

  /**
   * Closes the link without reconnecting. Queued messages stay queued and go out after the next
   * `connect()`. Bad arguments throw at once.
   */
  close(code?: number, reason?: string): void {
    this.connection.close(code, reason);
    this.stopAdopting();
  }

  /** Closes, fails what is queued with `closed` (a persisted queue stays stored), completes every stream. */
  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.connection.dispose();
    this.stopAdopting();
    this.sequence.stop();
    if (this.record === null) {
      this.outbox.failAll();
      this.outboxChanged(); // the failed messages are no longer queued: stats must not keep counting them
    } else {
      this.outbox.stop();
      this.save();
    }
    this.claims?.dispose();
    this.disposed = true;
    this.router.complete();
    this.binarySubject.complete();
    this.errorsSubject.complete();
    this.messagingStats.complete();
  }

  /** The payloads of one incoming message type. */
  on<K extends IncomingType<P>>(type: K): Observable<IncomingPayload<P, K>> {
    return this.router.payloadsOf(type) as Observable<IncomingPayload<P, K>>;
  }

  /** Whole envelopes of one incoming message type (with `channel`, `seq`...). */
  envelopesOf<K extends IncomingType<P>>(type: K): Observable<Extract<IncomingEnvelope<P>, { type: K }>> {
    return this.router.ofType(type) as Observable<Extract<IncomingEnvelope<P>, { type: K }>>;
  }

  /**
   * Messages of one channel. The first subscriber makes the server subscribe (`sub`), the last one's
   * unsubscribe sends `unsub`; after every reconnect each active channel is subscribed once again. An
   * `unsub` while the link is down is not queued: the next link simply does not subscribe.
   */
  channel(name: string): Observable<IncomingEnvelope<P>> {
    if (typeof name !== 'string' || name === '') {
      throw new WebSocketArgumentError('channel name', `${JSON.stringify(name)} is not allowed; expected a non-empty string.`);
    }
    return new Observable<IncomingEnvelope<P>>((subscriber) => {
      const subscription = (this.router.ofChannel(name) as Observable<IncomingEnvelope<P>>).subscribe(subscriber);
      if (this.channels.acquire(name)) {
        this.sendControl({ type: CONTROL_TYPES.sub, channel: name });
      }
      return () => {
        subscription.unsubscribe();
        if (this.channels.release(name)) {
          this.sendControl({ type: CONTROL_TYPES.unsub, channel: name });
        }
      };
    });
  }

  /**
   * Sends one typed message. With an offline queue it waits for the link; with acks it is resent after a
   * reconnect until the server confirms it. The handle tells where it is.
   */
  send<K extends OutgoingType<P>>(type: K, ...[payload]: PayloadArgument<OutgoingPayload<P, K>>): SendHandle {
    if (typeof type !== 'string' || type === '') {
      throw new WebSocketArgumentError('message type', `${JSON.stringify(type)} is not allowed; expected a non-empty string.`);
    }
    return this.sendMessage(payload === undefined ? { type } : { type, payload });
  }

  /** Sends any value through the codec and the queue, as `next()` does on an rxjs `WebSocketSubject`. */
  sendMessage(message: Envelope): SendHandle {
    return this.enqueue(this.acks ? { ...message, id: this.takeId() } : message);
  }

  /** Sends a raw frame now, bypassing codec and queue; `false` (and `send-failed`) when the link is down. */
  sendRaw(frame: OutgoingFrame): boolean {
    return this.connection.send(frame);
  }

  /**
   * Sends a request and emits its reply, then completes. Lazy: nothing is sent until subscribed;
   * unsubscribing before the reply cancels it (a queued request is withdrawn). Fails with a
   * `WebSocketRequestError`: `timeout`, `error-reply` (the server's error envelope) or `not-sent`.
   */
  request<K extends RequestType<P>>(type: K, payload: RequestPayload<P, K>, options: RequestOptions = {}): Observable<ReplyPayload<P, K>> {
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    if (!(timeoutMs > 0)) {
      throw new WebSocketArgumentError('request timeoutMs', `${String(timeoutMs)} is not allowed; expected a number of ms > 0.`);
    }
    return new Observable<ReplyPayload<P, K>>((subscriber) => {
      const id = this.takeId();
      const fail = (error: WebSocketRequestError) => {
        this.pendingRequests.delete(id);
        subscriber.error(error);
      };
      this.pendingRequests.set(id, {
        type,
        settle: (reply) => {
          this.pendingRequests.delete(id);
          if (reply.type === CONTROL_TYPES.error) {
            subscriber.error(new WebSocketRequestError('error-reply', type, describeServerError(reply.payload), { payload: reply.payload }));
          } else {
            subscriber.next(reply.payload as ReplyPayload<P, K>);
            subscriber.complete();
          }
        },
      });
      const handle = this.enqueue({ type, payload, id });
      const status = handle.status$.subscribe((current) => {
        if (current.state === 'failed' && current.reason !== 'cancelled') {
          fail(new WebSocketRequestError('not-sent', type, `it was not sent (${current.reason}).`, { reason: current.reason }));
        }
      });
      const timer = this.clock.setTimeout(
        () => fail(new WebSocketRequestError('timeout', type, `no reply within ${timeoutMs} ms.`)),
        timeoutMs,
      );
      return () => {
        this.clock.clearTimeout(timer);
        status.unsubscribe();
        this.pendingRequests.delete(id);
        this.outbox.cancel(handle);
      };
    });
  }

  /**
   * rxjs `WebSocketSubject.multiplex` compatible: sends `subscribeMessage()` on subscribe and
   * `unsubscribeMessage()` on unsubscribe, and emits the incoming messages that pass `messageFilter`.
   * Unlike rxjs, the filter runs once per message in one place, not once per subscriber stream.
   */
  multiplex(subscribeMessage: () => Envelope, unsubscribeMessage: () => Envelope, messageFilter: (message: IncomingEnvelope<P>) => boolean): Observable<IncomingEnvelope<P>> {
    return new Observable<IncomingEnvelope<P>>((subscriber) => {
      this.sendMessage(subscribeMessage());
      const subscription = this.incoming$.pipe(filter(messageFilter)).subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        this.sendMessage(unsubscribeMessage());
      };
    });
  }

  /** How many types and channels currently have a stream (for memory checks). */
  get routeCount(): number {
    return this.router.size;
  }

  private enqueue(envelope: Envelope): SendHandle {
    if (this.disposed) {
      return this.failedHandle(envelope, 'closed');
    }
    let frame: OutgoingFrame;
    try {
      frame = this.codec.encode(envelope);
    } catch (cause) {
      throw new WebSocketArgumentError('message', `the codec could not encode "${envelope.type}": ${describeError(cause)}`);
    }
    if (!this.queueWhileOffline && !this.connection.isOpen) {
      this.report('send-failed', `"${envelope.type}" was not sent: the connection is ${this.state} and no queue holds it (no withOfflineQueue(), or the server platform).`, envelope);
      return this.failedHandle(envelope, 'offline');
    }
    const handle = this.hold(envelope, frame, this.clock.now());
    if (this.connection.isOpen) {
      this.outbox.flush();
    }
    return handle;
  }

  /** Puts a message in the outbox (which may refuse it by its bounds) and returns its handle. */
  private hold(envelope: Envelope, frame: OutgoingFrame, enqueuedAt: number): SendHandle {
    return this.outbox.add(envelope, frame, enqueuedAt);
  }

  private failedHandle(envelope: Envelope, reason: 'closed' | 'offline'): SendHandle {
    const handle = new SendHandle(envelope.id, this.acks);
    handle.ɵmark({ state: 'failed', reason });
    return handle;
  }

  /** Runs as a socket opens, before the app hears `open`: resume, channels, then the queue, in that order. */
  private linkOpened(): void {
    if (this.delivery !== null) {
      const payload = this.delivery.resume ? { session: this.session, lastSeq: this.lastSeq ?? 0 } : { session: this.session };
      this.sendControl({ type: CONTROL_TYPES.resume, payload });
      if (this.delivery.resume) {
        this.sequence.resumeSent();
      }
    }
    for (const channel of this.channels.active()) {
      this.sendControl({ type: CONTROL_TYPES.sub, channel });
    }
    this.outbox.flush();
  }

  /** An open link dropped: what was in flight goes out again on the next link; see SequenceChecker.linkDropped. */
  private linkDropped(): void {
    this.outbox.linkDropped();
    this.sequence.linkDropped();
  }

  /** Control frames go out only on an open link: after a reconnect, `linkOpened` restores what matters. */
  private sendControl(envelope: Envelope): void {
    if (this.connection.isOpen) {
      this.connection.trySend(this.codec.encode(envelope));
    }
  }

  private receive(frame: unknown): void {
    if (typeof frame !== 'string' && !this.codec.decodesBinary) {
      this.binarySubject.next(frame as ArrayBuffer | Blob);
      return;
    }
    let envelope: Envelope;
    try {
      envelope = this.codec.decode(frame as string | ArrayBuffer | Blob);
    } catch (cause) {
      this.bumpStat('malformedFrames');
      this.report('malformed-frame', `an incoming frame was dropped: ${describeError(cause)}.`, frame);
      return;
    }
    if (this.handleControl(envelope)) {
      return;
    }
    if (this.delivery?.resume && envelope.seq !== undefined) {
      this.sequence.receive(envelope.seq, envelope);
    } else {
      this.route(envelope);
    }
  }

  /** A message nobody listens to is counted, not reported: an app may well ignore some types. */
  private route(envelope: Envelope): void {
    if (!this.router.route(envelope)) {
      this.bumpStat('unhandledMessages');
    }
  }

  /** Acks, resume answers, replies and server errors; `true` when the envelope was one of them. */
  private handleControl(envelope: Envelope): boolean {
    if (envelope.re !== undefined) {
      if (envelope.re > this.highestSentId) {
        this.reportUnsentId('a reply', envelope.re, envelope);
        return true;
      }
      const request = this.pendingRequests.get(envelope.re);
      if (request !== undefined) {
        request.settle(envelope);
      } else if (envelope.type === CONTROL_TYPES.error && this.outbox.refusedByServer(envelope.re)) {
        // The server refused a plain message it was asked to acknowledge: its handle says so, and so do we.
        this.report('server-error', `the server refused message #${envelope.re}: ${describeServerError(envelope.payload)}`, envelope);
      }
      if (this.acks) {
        this.outbox.ack(envelope.re); // a reply proves the message (and all before it) arrived
      }
      return true;
    }
    switch (envelope.type) {
      case CONTROL_TYPES.pong:
        this.connection.pongReceived();
        return true;
      case CONTROL_TYPES.ack:
        if (envelope.id === undefined) {
          return true;
        }
        if (envelope.id > this.highestSentId) {
          this.reportUnsentId('an ack', envelope.id, envelope);
        } else {
          this.outbox.ack(envelope.id);
        }
        return true;
      case CONTROL_TYPES.resumed: {
        const { complete } = (envelope.payload ?? {}) as { complete?: unknown };
        if (this.delivery?.resume) {
          this.sequence.replayEnded(complete !== false);
        }
        return true;
      }
      case CONTROL_TYPES.error:
        this.report('server-error', `the server reported: ${describeServerError(envelope.payload)}`, envelope);
        return true;
      default:
        return false;
    }
  }

  /** Acks are cumulative: one naming an id never sent would confirm messages the server never processed. */
  private reportUnsentId(what: string, id: number, envelope: Envelope): void {
    this.report(
      'protocol-error',
      `the server sent ${what} for id ${id}, but the highest id sent on this session is ${this.highestSentId}: it was ignored.`,
      envelope,
    );
  }

  /**
   * A custom codec needs the app's own `ping` (never a codec-garbled default); pongs are recognised after
   * decoding (one parse per frame, no string scan) unless the app set its own `isPong`.
   */
  private heartbeatForCodec(policy: HeartbeatPolicy): HeartbeatPolicy {
    ɵassertPingFitsCodec(policy, this.codec);
    return { ...policy, isPong: policy.isPong === isJsonPong ? null : policy.isPong };
  }

  private takeId(): number {
    return this.nextId++;
  }

  private newSessionId(): string {
    return `s-${Array.from({ length: 4 }, () => Math.floor(this.random() * 0x100000000).toString(36)).join('')}`;
  }

  private outboxChanged(): void {
    this.patchStats({ queuedMessages: this.outbox.size, queuedBytes: this.outbox.bytes, droppedMessages: this.outbox.droppedCount });
    this.scheduleSave();
  }

  /** Persists at most once per task, however many messages changed in it. */
  private scheduleSave(): void {
    if (this.record === null || this.saveScheduled) {
      return;
    }
    this.saveScheduled = true;
    queueMicrotask(() => {
      this.saveScheduled = false;
      this.save();
    });
  }

  /** Writes this client's record, or removes it once nothing is held: a page with an empty queue leaves none. */
  private save(): void {
    if (this.record === null) {
      return;
    }
    const { storage, key } = this.record;
    try {
      if (this.outbox.size === 0) {
        storage.remove(key);
        return;
      }
      const snapshot: QueueSnapshot = {
        version: QUEUE_SNAPSHOT_VERSION,
        session: this.session,
        nextId: this.nextId,
        lastSeq: this.lastSeq,
        entries: this.outbox.snapshot(),
      };
      storage.save(key, JSON.stringify(snapshot));
    } catch (cause) {
      this.report('queue-restore-failed', `the queue could not be persisted: ${cause instanceof Error ? cause.message : String(cause)}`, undefined);
    }
  }

  /**
   * Takes in a queue another page left behind, to deliver it under its original session and ids. Its
   * messages have no handle in this page, so one that fails is reported here.
   */
  private restore(snapshot: QueueSnapshot): void {
    this.nextId = snapshot.nextId;
    // Every id below nextId may have been sent by the page that left the queue: acks for them are genuine.
    this.highestSentId = snapshot.nextId - 1;
    this.lastSeq = snapshot.lastSeq;
    for (const { envelope, enqueuedAt } of snapshot.entries) {
      const handle = this.hold(envelope, this.codec.encode(envelope), enqueuedAt);
      handle.status$.subscribe((status) => {
        if (status.state === 'failed') {
          const id = envelope.id === undefined ? '' : ` #${envelope.id}`;
          this.report('send-failed', `"${envelope.type}"${id}, left by another page (session ${this.session}), was not delivered: ${status.reason}.`, envelope);
        }
      });
    }
  }

  /**
   * Delivers a queue whose page closed or crashed: a client of its own connects under the left-behind session
   * (the server knows its ids, so nothing is processed twice), sends what the record holds, and is done when
   * the record is empty. Its errors are this connection's errors.
   */
  private adopt(orphan: OrphanQueue): void {
    const queue = this.options.queue ?? DEFAULT_OFFLINE_QUEUE_POLICY;
    const adoption = new MessagingClient({
      ...this.options,
      // It holds exactly what it adopted, however the bounds have changed since.
      queue: { ...queue, maxMessages: Infinity, maxBytes: Infinity },
      ɵadopted: { storage: (this.record as { storage: QueueStorage }).storage, key: orphan.key, snapshot: orphan.snapshot },
    });
    this.adoptions.set(orphan.key, adoption);
    adoption.errors$.subscribe((error) => this.emitError(error));
    // Done when it holds nothing; or when its connection closed for good (refused, attempts spent): then the
    // record stays and its lock goes to another page, or back to this one at its next connect().
    merge(adoption.stats$.pipe(filter((stats) => stats.queuedMessages === 0)), adoption.state$.pipe(filter((state) => state === 'closed')))
      .pipe(take(1))
      .subscribe(() => queueMicrotask(() => this.endAdoption(orphan.key)));
    adoption.connect();
  }

  /** Ends an adoption: what it still holds stays in its record, and its lock goes to whoever waits next. */
  private endAdoption(key: string): void {
    const adoption = this.adoptions.get(key);
    if (adoption === undefined) {
      return;
    }
    this.adoptions.delete(key);
    adoption.dispose();
    this.claims?.letGo(key);
  }

  /** The app closed this connection (or it is disposed): other pages' queues are left to other pages. */
  private stopAdopting(): void {
    [...this.adoptions.keys()].forEach((key) => this.endAdoption(key));
    this.claims?.stopWatchingOthers();
  }

  private bumpStat(key: 'malformedFrames' | 'unhandledMessages' | 'duplicateMessages'): void {
    this.patchStats({ [key]: this.messagingStats.value[key] + 1 });
  }

  /** Publishes only real changes: a no-op update would look like news to every `stats` reader. */
  private patchStats(patch: Partial<MessagingStats>): void {
    const current = this.messagingStats.value;
    if (!this.disposed && (Object.keys(patch) as Array<keyof MessagingStats>).some((key) => patch[key] !== current[key])) {
      this.messagingStats.next({ ...current, ...patch });
    }
  }

  private report(kind: WebSocketErrorKind, message: string, data: unknown): void {
    this.emitError(new WebSocketError(kind, message, { data }));
  }

  private emitError(error: WebSocketError): void {
    if (this.errorsSubject.observed) {
      this.errorsSubject.next(error);
    } else {
      this.earlyErrors.hold(error);
    }
  }
}

function describeServerError(payload: unknown): string {
  const message = (payload as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : JSON.stringify(payload ?? null);
}
