import { WebSocketArgumentError } from 'ngx-live-socket';
import type { SentFrame } from './sent-frame';

/** How a {@link TestRequest} hands its answer to the app: as the server would send it. */
export type ReplySender = (envelope: { type: string; re: number; payload: unknown }) => void;

/**
 * A request the app sent (`socket.request(type, payload)`), claimed by `expectRequest()`, for the test to
 * answer as the server would, in one line, like `HttpTestingController`'s `expectOne(...).flush(body)`:
 *
 * ```ts
 * controller.expectRequest<{ name: string }, { history: ChatMessage[] }>('chat.join').reply({ history: [] });
 * connection.expectRequest('chat.join').error('name taken');
 * ```
 * `Request` and `Reply` type the payloads; both default to `unknown`.
 */
export class TestRequest<Request = unknown, Reply = unknown> {
  /** The request's envelope `type`. */
  readonly type: string;
  /** The request's `id`, which the answer carries as `re`. */
  readonly id: number;
  /** The request's payload, as the app sent it. */
  readonly payload: Request;
  private answered: 'reply' | 'error' | null = null;

  constructor(
    /** The frame that carried the request. */
    readonly frame: SentFrame<Request>,
    private readonly send: ReplySender,
  ) {
    this.type = frame.type!;
    this.id = frame.id!;
    this.payload = frame.payload;
  }

  /** The server replies: `{"type": type, "re": id, "payload": payload}`. The app's `request()` emits `payload`. */
  reply(payload: Reply): void {
    this.answer('reply', this.type, payload);
  }

  /**
   * The server refuses: `{"type": "error", "re": id, "payload": ...}`. A string becomes `{ "message": text }`,
   * the reference server's refusal; any other payload goes as it is. The app's `request()` fails with a
   * `WebSocketRequestError` of kind `error-reply`.
   */
  error(refusal: string | object = 'refused'): void {
    if (typeof refusal !== 'string' && (typeof refusal !== 'object' || refusal === null)) {
      throw new WebSocketArgumentError('error() refusal', `expected a message text or a payload object, got ${refusal === null ? 'null' : typeof refusal}.`);
    }
    this.answer('error', 'error', typeof refusal === 'string' ? { message: refusal } : refusal);
  }

  private answer(how: 'reply' | 'error', type: string, payload: unknown): void {
    if (this.answered !== null) {
      throw new Error(`The request ${JSON.stringify(this.type)} #${this.id} was answered already (with ${this.answered}()); a server answers once.`);
    }
    this.send({ type, re: this.id, payload });
    this.answered = how;
  }
}
