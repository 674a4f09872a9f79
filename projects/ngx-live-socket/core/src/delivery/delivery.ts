/** End-to-end delivery guarantees; both need a server that speaks them (docs/protocol.md). */
export interface DeliveryOptions {
  /**
   * Outgoing messages carry ids and stay held until the server acks them; after a reconnect the unacked
   * ones are sent again, and the server drops ids it has already processed. Default `true`.
   */
  readonly acks?: boolean;
  /**
   * Incoming messages carry a `seq`; duplicates are dropped, and after a reconnect the client tells the
   * server the last `seq` it saw so the server replays the gap. Default `true`.
   */
  readonly resume?: boolean;
}

export interface DeliveryPolicy {
  readonly acks: boolean;
  readonly resume: boolean;
}

export function resolveDeliveryPolicy(options: DeliveryOptions = {}): DeliveryPolicy {
  return { acks: options.acks ?? true, resume: options.resume ?? true };
}
