import type { Envelope } from '../messaging/envelope';
import { MessageRouter } from '../messaging/message-router';

/**
 * A tab's router when tabs share a connection. It outlives the cores of the leaders the tab sees, so the app's
 * subscriptions stay where they are when the tab changes role; it routes each `seq` once, since a new leader's
 * replay may bring again what the last one relayed; and while this tab leads, it relays what it routes to the
 * other tabs.
 */
export class TabRouter extends MessageRouter {
  /** The highest `seq` routed here; `null` before any. */
  lastSeq: number | null = null;
  /** While this tab leads: hands each routed message to the other tabs. */
  relay: ((envelope: Envelope) => void) | null = null;

  override route(envelope: Envelope): boolean {
    const seq = envelope.seq;
    if (seq !== undefined) {
      if (this.lastSeq !== null && seq <= this.lastSeq) {
        return true; // routed here already: a replay after a handoff
      }
      this.lastSeq = seq;
    }
    this.relay?.(envelope);
    return super.route(envelope) || this.relay !== null;
  }
}
