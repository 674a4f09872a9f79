import { WebSocket } from 'ws';
import { errorEnvelope, serializeEnvelope } from './protocol.mjs';

let lastConnectionId = 0;

/**
 * One client's socket, as the features see it. Every envelope this server sends to a client goes through
 * {@link Connection#send}: the one place to add per-connection sequencing, acks or replay.
 */
export class Connection {
  /** @param {WebSocket} socket */
  constructor(socket) {
    /** Stable for the connection's life; used in logs and as a map key. */
    this.id = ++lastConnectionId;
    this.socket = socket;
    /**
     * The client's delivery session once it sent `resume` (docs/protocol.md): then every envelope goes
     * through it, to be numbered and kept for replay.
     * @type {import('./delivery/sessions.mjs').Session | undefined}
     */
    this.session = undefined;
    /** Set once another connection resumed this one's session: it is closing with 4503 (delivery/session-fence.mjs). */
    this.fenced = false;
    /** Sends on this very socket, bypassing the session: what a session uses to reach its client. */
    this.transmit = (envelope) => {
      if (!this.isOpen) {
        return false;
      }
      this.socket.send(serializeEnvelope(envelope));
      return true;
    };
  }

  /** True until the socket starts closing: features skip connections that can no longer hear them. */
  get isOpen() {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Sends one envelope to this client. Returns `false` once the socket is closing (with a resuming session,
   * the envelope is still kept and replayed when the client comes back).
   *
   * @param {import('./protocol.mjs').Envelope} envelope
   */
  send(envelope) {
    return this.session === undefined ? this.transmit(envelope) : this.session.deliver(envelope);
  }

  /**
   * Tells the client what was wrong with a message it sent.
   *
   * @param {string} message
   * @param {Partial<import('./protocol.mjs').Envelope>} [about]
   */
  sendError(message, about) {
    return this.send(errorEnvelope(message, about));
  }

  /** Closes with a close frame, so the client learns the code and reason. */
  close(code, reason) {
    this.socket.close(code, reason);
  }

  /** Drops the TCP connection without a close frame: the client sees 1006, as when a network fails. */
  terminate() {
    this.socket.terminate();
  }
}
