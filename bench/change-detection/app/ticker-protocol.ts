/** What the change-detection bench app and the bench server say to each other. */
export interface TickerProtocol {
  incoming: { tick: { price: number } };
  outgoing: { 'bench.paced': { count: number; durationMs: number } };
}
