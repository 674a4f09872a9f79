import { BehaviorSubject, Observable, Subject, filter } from 'rxjs';
import type { ConnectionState } from '../connection/connection-state';
import { type ConnectionStats, INITIAL_CONNECTION_STATS } from '../connection/connection-stats';
import { SocketConnection, type SocketClientOptions } from '../connection/socket-connection';
import type { Transport } from '../connection/transport';
import { type WebSocketCodec, jsonEnvelopeCodec } from '../codec/codec';
import type { DeliveryOptions } from '../delivery/delivery';
import type { DeliverySession } from '../delivery/delivery-session';
import type { Reliability, createReliability } from '../delivery/reliability';
import { WebSocketArgumentError } from '../errors/argument-error';
import { ErrorStream } from '../errors/error-stream';
import { describeError } from '../errors/library-message';
import { requireFeature, requirePart } from '../errors/missing-part';
import { WebSocketError, type WebSocketErrorKind } from '../errors/web-socket-error';
import type { OutgoingFrame } from '../connection/outgoing-frame';
import type { createHeartbeat } from '../heartbeat/heartbeat';
import type { createHttpFallback } from '../http/http-fallback';
import { type Clock, systemClock } from '../platform/clock';
import type { OfflineQueueOptions } from '../queue/offline-queue-policy';
import type { Outbox, createOutbox } from '../queue/outbox';
import type { AdoptedQueue } from '../queue/persistent-queue';
import type { createQueuePersistence } from '../queue/queue-persistence';
import type { SessionLocks } from '../queue/session-locks';
import { SendHandle } from '../queue/send-handle';
import type { SharedTabStats } from '../tabs/shared-core';
import type { Channels } from './channels';
import { CONTROL_TYPES, type Envelope } from './envelope';
import { MessageRouter } from './message-router';
import { DEFAULT_REQUEST_TIMEOUT_MS, type RequestOptions, type Requests } from './requests';
import { describeServerError } from './server-error';
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

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** Everything {@link MessagingClient} adds to a {@link SocketClient}'s options. Every option is a plain object. */
export interface MessagingClientOptions extends SocketClientOptions {
  /** How envelopes become frames and back. Default: one JSON envelope per text frame. */
  readonly codec?: WebSocketCodec;
  /** The offline queue's bounds; `null` (default): a message sent while the link is down fails with `offline`. */
  readonly queue?: OfflineQueueOptions | null;
  /** Acks and resume; `null` (default): no ids, acks, seq or resume. */
  readonly delivery?: DeliveryOptions | null;
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
  readonly ɵadopted?: AdoptedQueue;
  /** @internal Tab sharing: what the tab-shared connection gives the core its leader tab runs. */
  readonly ɵshared?: LeaderSeams;
  /** Default timeout of `request()`, in ms. */
  readonly requestTimeoutMs?: number;
}

/**
 * The code of the messaging layer's optional parts, each the unit of one feature: a part not given is not
 * in the bundle. {@link MessagingClient} gives every part; the Angular features each give their own.
 */
export interface MessagingParts {
  /** `withHeartbeat()`: ping/pong on the connection. */
  readonly heartbeat?: typeof createHeartbeat;
  /** `withHttpFallback()`: each attempt tries WebSocket and HTTP. */
  readonly httpFallback?: typeof createHttpFallback;
  /** `withOfflineQueue()`, and acks: messages held until sent (or acked), within bounds. */
  readonly outbox?: typeof createOutbox;
  /** `withDelivery()`: session, resume, seq order. */
  readonly delivery?: typeof DeliverySession;
  /** `withQueuePersistence()`: the queue kept in storage, and queues left by other pages. */
  readonly persistence?: typeof createQueuePersistence;
  /** `withOfflineQueue()` and `withDelivery()`: the outbox, delivery and persistence wired together. */
  readonly reliability?: typeof createReliability;
  /** `withRequests()`: `request()` and its replies. */
  readonly requests?: typeof Requests;
  /** `withChannels()`: `channel()`, server-side channel subscriptions. */
  readonly channels?: typeof Channels;
}

/**
 * What a connection shared by the tabs of a browser (`withSharedConnection()`, tabs/) gives the core its leader
 * tab runs: the tab's own router, which outlives the core, the session the tabs share, and when a numbered
 * message may go out.
 */
export interface LeaderSeams {
  /** The tab's router: what the core routes reaches the tab's app (and, from the leader, the other tabs). */
  readonly router: MessageRouter;
  /** The group's delivery session, continued from an earlier leader (`nextId`, `lastSeq`) or new. */
  readonly session: { readonly id: string; readonly nextId: number; readonly lastSeq: number | null };
  /** Whether the numbered message `id` may be transmitted now; asked again on {@link MessagingCore.ɵflush}. */
  mayTransmit(id: number): boolean;
  /** A reply no request of this core waits for (a request another tab made): `true` when it was taken. */
  reply(reply: Envelope & { re: number }): boolean;
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

/** Connection and messaging counters; with `withSharedConnection()`, also this tab's part in the group. */
export type LiveSocketStats = ConnectionStats & MessagingStats & Partial<SharedTabStats>;

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

/**
 * What the Angular service uses of a client: {@link MessagingCore}'s API, which a tab sharing a connection
 * (`withSharedConnection()`) offers too.
 */
export type LiveSocketCore<P extends SocketProtocol = UntypedProtocol> = Pick<
  MessagingCore<P>,
  'state$' | 'stats$' | 'messages$' | 'incoming$' | 'binary$' | 'errors$' | 'state' | 'stats' | 'connect' | 'close' | 'dispose' | 'on' | 'envelopesOf' | 'channel' | 'send' | 'sendMessage' | 'sendRaw' | 'request' | 'multiplex'
>;

/**
 * The messaging layer over a {@link Transport}: typed streams per message type (`on`), channels with
 * server-side subscriptions, requests with replies, and the parts it is given (offline queue, persistence,
 * delivery, heartbeat). Apps use {@link MessagingClient}, which has every part, or the Angular service,
 * which has the parts of the features the app provides.
 */
export class MessagingCore<P extends SocketProtocol = UntypedProtocol> {
  readonly connection: Transport;

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

  readonly #codec: WebSocketCodec;
  readonly #clock: Clock;
  readonly #router: MessageRouter;
  readonly #shared: LeaderSeams | undefined;
  /** Made by the first `channel()`, from the `channels` part. */
  #channels: Channels | null = null;
  /** Holds messages until sent (or acked); `null` without a queue and without acks: a send goes out at once. */
  readonly #outbox: Outbox | null;
  readonly #queueWhileOffline: boolean;
  readonly #delivery: DeliverySession | null;
  /** With acks, every message carries an id and is held until acknowledged. */
  readonly #acks: boolean;
  /** The outbox, delivery and persistence wired together: `null` without a queue and without delivery. */
  readonly #reliability: Reliability | null;
  readonly #requestTimeoutMs: number;
  /** Made by the first `request()`, from the `requests` part. */
  #requests: Requests | null = null;
  readonly #binarySubject = new Subject<ArrayBuffer | Blob>();
  readonly #errors = new ErrorStream();
  readonly #messagingStats = new BehaviorSubject<MessagingStats>(INITIAL_MESSAGING_STATS);

  #nextId = 1;
  /**
   * The highest id transmitted on this session (requests included; the outbox tells when it transmits): an
   * ack or reply naming a higher one answers nothing we sent and is not trusted. A restored session sets it
   * to the snapshot's `nextId - 1`, since the page before may have sent up to there.
   */
  #highestSentId = 0;
  #disposed = false;

  readonly #parts: MessagingParts;

  constructor(
    options: MessagingClientOptions,
    parts: MessagingParts,
  ) {
    this.#parts = parts;
    this.#codec = options.codec ?? jsonEnvelopeCodec;
    this.#clock = options.clock ?? systemClock;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const shared = options.ɵshared;
    this.#shared = shared;
    this.#router = shared?.router ?? new MessageRouter();
    // The heartbeat runs on the raw frames; this layer knows the codec, so it gives it to the heartbeat, which
    // then checks the ping against it and knows what a pong looks like.
    const heartbeat = parts.heartbeat;
    this.connection = new SocketConnection(options, {
      heartbeat: heartbeat && ((heartbeatOptions, clock, hooks) => heartbeat(heartbeatOptions, clock, hooks, this.#codec)),
      httpFallback: parts.httpFallback,
    });
    const continued = options.ɵadopted?.snapshot.nextId ?? shared?.session.nextId;
    if (continued !== undefined) {
      // Every id below nextId may have been sent by the page that left the queue, or by an earlier leader tab:
      // acks for them are genuine.
      this.#nextId = continued;
      this.#highestSentId = this.#nextId - 1;
    }
    const reliability =
      options.queue == null && options.delivery == null
        ? null
        : requirePart(parts.reliability, options.delivery == null ? 'offline queue' : 'delivery')(options, parts, this.#clock, {
            transmit: (frame, id) => (id === undefined || shared === undefined || shared.mayTransmit(id)) && this.connection.trySend(frame),
            sent: (id) => this.#noteSent(id),
            sendControl: (envelope) => this.#sendControl(envelope),
            deliver: (envelope) => this.#route(envelope),
            encode: (envelope) => this.#codec.encode(envelope),
            nextId: () => this.#nextId,
            patchStats: (patch) => this.#patchStats(patch),
            duplicate: () => this.#bumpStat('duplicateMessages'),
            report: (kind, message, data) => this.#report(kind, message, data),
            forward: (error) => this.#errors.emit(error),
          });
    this.#reliability = reliability;
    this.#outbox = reliability?.outbox ?? null;
    this.#delivery = reliability?.delivery ?? null;
    this.#acks = this.#delivery?.policy.acks ?? false;
    this.#queueWhileOffline = options.queue != null;

    this.state$ = this.connection.state$;
    // Both sources replay their current value: one emission on subscribe, then one per change of either.
    this.stats$ = new Observable<LiveSocketStats>((subscriber) => {
      let subscribed = false;
      const emit = () => subscribed && subscriber.next(this.stats);
      const subscription = this.connection.stats$.subscribe(emit);
      subscription.add(this.#messagingStats.subscribe({ next: emit, complete: () => subscriber.complete() }));
      subscribed = true;
      emit();
      return subscription;
    });
    this.messages$ = this.connection.frames$;
    this.incoming$ = this.#router.all$ as Observable<IncomingEnvelope<P>>;
    this.binary$ = this.#binarySubject.asObservable();
    this.errors$ = this.#errors.errors$;

    // The messaging layer hears the transport first: it subscribes before any app can.
    this.connection.links$.subscribe((event) => (event === 'open' ? this.#linkOpened() : this.#linkDropped()));
    this.connection.frames$.subscribe((frame) => this.#receive(frame));
    this.connection.errors$.subscribe((error) => this.#errors.emit(error));
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  get stats(): LiveSocketStats {
    return { ...this.connection.stats, ...this.#messagingStats.value };
  }

  /** Opens the connection; with a persisted queue, also takes over the queues other pages left behind. */
  connect(): void {
    this.#reliability?.connect();
    this.connection.connect();
  }

  /**
   * Closes the link without reconnecting. Queued messages stay queued and go out after the next
   * `connect()`. Bad arguments throw at once.
   */
  close(code?: number, reason?: string): void {
    this.connection.close(code, reason);
    this.#reliability?.close();
  }

  /** Closes, fails what is queued with `closed` (a persisted queue stays stored), completes every stream. */
  dispose(): void {
    if (this.#disposed) {
      return;
    }
    this.connection.dispose();
    this.#reliability?.dispose();
    this.#disposed = true;
    if (this.#shared === undefined) {
      this.#router.complete(); // a tab's router outlives the cores of the leaders it sees
    }
    this.#binarySubject.complete();
    this.#errors.complete();
    this.#messagingStats.complete();
  }

  /** The payloads of one incoming message type. */
  on<K extends IncomingType<P>>(type: K): Observable<IncomingPayload<P, K>> {
    return this.#router.payloadsOf(type) as Observable<IncomingPayload<P, K>>;
  }

  /** Whole envelopes of one incoming message type (with `channel`, `seq`...). */
  envelopesOf<K extends IncomingType<P>>(type: K): Observable<Extract<IncomingEnvelope<P>, { type: K }>> {
    return this.#router.ofType(type) as Observable<Extract<IncomingEnvelope<P>, { type: K }>>;
  }

  /**
   * Messages of one channel, subscribed on the server while someone listens: see {@link Channels.channel}.
   * Needs the `channels` part (`withChannels()` in Angular; {@link MessagingClient} has it).
   */
  channel(name: string): Observable<IncomingEnvelope<P>> {
    this.#channels ??= new (requireFeature(this.#parts.channels, 'channel()', 'withChannels()'))({
      ofChannel: (channel) => this.#router.ofChannel(channel),
      sendControl: (envelope) => this.#sendControl(envelope),
    });
    return this.#channels.channel(name) as Observable<IncomingEnvelope<P>>;
  }

  /**
   * Sends one typed message. With an offline queue it waits for the link; with acks it is resent after a
   * reconnect until the server confirms it. The handle tells where it is.
   */
  send<K extends OutgoingType<P>>(type: K, ...[payload]: PayloadArgument<OutgoingPayload<P, K>>): SendHandle {
    return this.sendMessage(messageOf(type, payload));
  }

  /** Sends any value through the codec and the queue, as `next()` does on an rxjs `WebSocketSubject`. */
  sendMessage(message: Envelope): SendHandle {
    return this.#enqueue(this.#acks ? { ...message, id: this.#takeId() } : message);
  }

  /** Sends a raw frame now, bypassing codec and queue; `false` (and `send-failed`) when the link is down. */
  sendRaw(frame: OutgoingFrame): boolean {
    if (this.connection.trySend(frame)) {
      return true;
    }
    if (!this.connection.isOpen) {
      this.#report('send-failed', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `send() while the connection is ${this.state}: the frame was not sent.`, frame);
    }
    return false;
  }
  /**
   * Sends a request and emits its reply, then completes: see {@link Requests.request}. Needs the `requests`
   * part (`withRequests()` in Angular; {@link MessagingClient} has it).
   */
  request<K extends RequestType<P>>(type: K, payload: RequestPayload<P, K>, options?: RequestOptions): Observable<ReplyPayload<P, K>> {
    this.#requests ??= new (requireFeature(this.#parts.requests, 'request()', 'withRequests()'))(this.#requestTimeoutMs, {
      clock: this.#clock,
      takeId: () => this.#takeId(),
      enqueue: (envelope) => this.#enqueue(envelope),
      cancel: (handle) => this.#outbox?.cancel(handle),
    });
    return this.#requests.request(type, payload, options);
  }

  /**
   * rxjs `WebSocketSubject.multiplex` compatible: sends `subscribeMessage()` on subscribe and
   * `unsubscribeMessage()` on unsubscribe, and emits the incoming messages that pass `messageFilter`.
   * Unlike rxjs, the filter runs once per message in one place, not once per subscriber stream.
   */
  multiplex(subscribeMessage: () => Envelope, unsubscribeMessage: () => Envelope, messageFilter: (message: IncomingEnvelope<P>) => boolean): Observable<IncomingEnvelope<P>> {
    return multiplexOver(this, subscribeMessage, unsubscribeMessage, messageFilter);
  }

  /** @internal The id the next numbered message will get. */
  get ɵnextId(): number {
    return this.#nextId;
  }

  /** @internal Takes the session's next id (tab sharing numbers its relayed requests with it). */
  ɵtakeId(): number {
    return this.#takeId();
  }

  /**
   * @internal Sends (or queues) an envelope as it is, its id included (one an earlier leader tab gave, say): see
   * {@link LeaderSeams}. The ids given after it are higher, so none is reused.
   */
  ɵenqueue(envelope: Envelope): SendHandle {
    if (envelope.id !== undefined && envelope.id >= this.#nextId) {
      this.#nextId = envelope.id + 1;
    }
    return this.#enqueue(envelope);
  }

  /** @internal Withdraws a message that waits (another tab's request, unsubscribed): its handle fails with `cancelled`. */
  ɵcancel(handle: SendHandle): void {
    this.#outbox?.cancel(handle);
  }

  /** @internal Transmits what waits, now that `mayTransmit` may say yes to more of it. */
  ɵflush(): void {
    if (this.connection.isOpen) {
      this.#outbox?.flush();
    }
  }

  /** How many types and channels currently have a stream (for memory checks). */
  get routeCount(): number {
    return this.#router.size;
  }

  #enqueue(envelope: Envelope): SendHandle {
    if (this.#disposed) {
      return this.#failedHandle(envelope, 'closed');
    }
    const frame = encodeMessage(this.#codec, envelope);
    if (!this.#queueWhileOffline && !this.connection.isOpen) {
      this.#report('send-failed', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `"${envelope.type}" was not sent: the connection is ${this.state} and no queue holds it (no withOfflineQueue(), or the server platform).`, envelope);
      return this.#failedHandle(envelope, 'offline');
    }
    if (this.#outbox === null) {
      // Nothing holds it: it goes out now, or fails (the socket refused it, and trySend said why).
      const handle = new SendHandle(envelope.id, false);
      const sent = this.connection.trySend(frame);
      if (sent) {
        this.#noteSent(envelope.id);
      }
      handle.ɵmark(sent ? { state: 'sent' } : { state: 'failed', reason: 'offline' });
      return handle;
    }
    // The outbox may refuse it by its bounds; the handle says so.
    const handle = this.#outbox.add(envelope, frame, this.#clock.now());
    if (this.connection.isOpen) {
      this.#outbox.flush();
    }
    return handle;
  }

  #failedHandle(envelope: Envelope, reason: 'closed' | 'offline'): SendHandle {
    const handle = new SendHandle(envelope.id, this.#acks);
    handle.ɵmark({ state: 'failed', reason });
    return handle;
  }

  #noteSent(id: number | undefined): void {
    if (id !== undefined && id > this.#highestSentId) {
      this.#highestSentId = id;
    }
  }

  /** Runs as a link opens, before the app hears `open`: resume, channels, then the queue, in that order. */
  #linkOpened(): void {
    this.#delivery?.linkOpened();
    this.#channels?.linkOpened();
    this.#outbox?.flush();
  }

  /** An open link dropped: what was in flight goes out again on the next link; see SequenceChecker.linkDropped. */
  #linkDropped(): void {
    this.#outbox?.linkDropped();
    this.#delivery?.linkDropped();
  }

  /** Control frames go out only on an open link: after a reconnect, `linkOpened` restores what matters. */
  #sendControl(envelope: Envelope): void {
    if (this.connection.isOpen) {
      this.connection.trySend(this.#codec.encode(envelope));
    }
  }

  #receive(frame: unknown): void {
    if (typeof frame !== 'string' && !this.#codec.decodesBinary) {
      this.#binarySubject.next(frame as ArrayBuffer | Blob);
      return;
    }
    let envelope: Envelope;
    try {
      envelope = this.#codec.decode(frame as string | ArrayBuffer | Blob);
    } catch (cause) {
      this.#bumpStat('malformedFrames');
      this.#report('malformed-frame', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `an incoming frame was dropped: ${describeError(cause)}.`, frame);
      return;
    }
    if (this.#handleControl(envelope)) {
      return;
    }
    if (this.#delivery !== null) {
      this.#delivery.receive(envelope);
    } else {
      this.#route(envelope);
    }
  }

  /** A message nobody listens to is counted, not reported: an app may well ignore some types. */
  #route(envelope: Envelope): void {
    if (!this.#router.route(envelope)) {
      this.#bumpStat('unhandledMessages');
    }
  }

  /** Acks, resume answers, replies and server errors; `true` when the envelope was one of them. */
  #handleControl(envelope: Envelope): boolean {
    if (envelope.re !== undefined) {
      if (envelope.re > this.#highestSentId) {
        this.#reportUnsentId('a reply', envelope.re, envelope);
        return true;
      }
      if (!this.#requests?.settle(envelope as Envelope & { re: number }) && !this.#shared?.reply(envelope as Envelope & { re: number }) && envelope.type === CONTROL_TYPES.error && this.#outbox?.refusedByServer(envelope.re)) {
        // The server refused a plain message it was asked to acknowledge: its handle says so, and so do we.
        this.#report('server-error', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `the server refused message #${envelope.re}: ${describeServerError(envelope.payload)}`, envelope);
      }
      if (this.#acks) {
        this.#outbox?.ack(envelope.re); // a reply proves the message (and all before it) arrived
      }
      return true;
    }
    switch (envelope.type) {
      case CONTROL_TYPES.pong:
        return true; // the heartbeat measured it on the raw frame; a pong it did not recognise is no message either
      case CONTROL_TYPES.ack:
        if (envelope.id === undefined) {
          return true;
        }
        if (envelope.id > this.#highestSentId) {
          this.#reportUnsentId('an ack', envelope.id, envelope);
        } else {
          this.#outbox?.ack(envelope.id);
        }
        return true;
      case CONTROL_TYPES.resumed: {
        const { complete, lastId } = (envelope.payload ?? {}) as { complete?: unknown; lastId?: unknown };
        if (typeof lastId === 'number' && lastId > this.#highestSentId) {
          // The server processed an id this client never sent under the session: a new message numbered at or
          // below it would be taken for a resend and dropped. Never silent (docs/protocol.md, "Shared connection").
          this.#reportUnsentId('a resume answer (lastId)', lastId, envelope);
        }
        this.#delivery?.replayEnded(complete !== false);
        return true;
      }
      case CONTROL_TYPES.error:
        this.#report('server-error', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `the server reported: ${describeServerError(envelope.payload)}`, envelope);
        return true;
      default:
        return false;
    }
  }

  /** Acks are cumulative: one naming an id never sent would confirm messages the server never processed. */
  #reportUnsentId(what: string, id: number, envelope: Envelope): void {
    this.#report(
      'protocol-error',
      (typeof ngDevMode === 'undefined' || !!ngDevMode) && `the server sent ${what} for id ${id}, but the highest id sent on this session is ${this.#highestSentId}: it was ignored.`,
      envelope,
    );
  }

  #takeId(): number {
    return this.#nextId++;
  }

  #bumpStat(key: 'malformedFrames' | 'unhandledMessages' | 'duplicateMessages'): void {
    this.#patchStats({ [key]: this.#messagingStats.value[key] + 1 });
  }

  /** Publishes only real changes: a no-op update would look like news to every `stats` reader. */
  #patchStats(patch: Partial<MessagingStats>): void {
    const current = this.#messagingStats.value;
    if (!this.#disposed && (Object.keys(patch) as Array<keyof MessagingStats>).some((key) => patch[key] !== current[key])) {
      this.#messagingStats.next({ ...current, ...patch });
    }
  }

  #report(kind: WebSocketErrorKind, message: string | false, data: unknown): void {
    this.#errors.emit(new WebSocketError(kind, message, { data }));
  }
}

/** The envelope `send(type, payload)` sends; a type that is not a non-empty string throws, naming it. */
export function messageOf(type: unknown, payload: unknown): Envelope {
  if (typeof type !== 'string' || type === '') {
    throw new WebSocketArgumentError('message type', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${JSON.stringify(type)} is not allowed; expected a non-empty string.`);
  }
  return payload === undefined ? { type } : { type, payload };
}

/** The envelope as a frame; one the codec cannot encode throws at the call, naming its type. */
export function encodeMessage(codec: WebSocketCodec, envelope: Envelope): OutgoingFrame {
  try {
    return codec.encode(envelope);
  } catch (cause) {
    throw new WebSocketArgumentError('message', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `the codec could not encode "${envelope.type}": ${describeError(cause)}`);
  }
}

/** rxjs `WebSocketSubject.multiplex` over a client's `sendMessage` and `incoming$`: see {@link MessagingCore.multiplex}. */
export function multiplexOver<E extends Envelope>(
  client: { sendMessage(message: Envelope): unknown; readonly incoming$: Observable<E> },
  subscribeMessage: () => Envelope,
  unsubscribeMessage: () => Envelope,
  messageFilter: (message: E) => boolean,
): Observable<E> {
  return new Observable<E>((subscriber) => {
    client.sendMessage(subscribeMessage());
    const subscription = client.incoming$.pipe(filter(messageFilter)).subscribe(subscriber);
    return () => {
      subscription.unsubscribe();
      client.sendMessage(unsubscribeMessage());
    };
  });
}
