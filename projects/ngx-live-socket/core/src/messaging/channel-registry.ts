/**
 * Reference counts of the channels the app listens to: the first listener subscribes on the server, the
 * last one's leaving unsubscribes, and after a reconnect each active channel is subscribed once again.
 */
export class ChannelRegistry {
  readonly #listeners = new Map<string, number>();

  /** Counts a listener in; `true` when it is the channel's first. */
  acquire(channel: string): boolean {
    const count = this.#listeners.get(channel) ?? 0;
    this.#listeners.set(channel, count + 1);
    return count === 0;
  }

  /** Counts a listener out; `true` when it was the channel's last. */
  release(channel: string): boolean {
    const count = this.#listeners.get(channel) ?? 0;
    if (count <= 1) {
      this.#listeners.delete(channel);
      return count === 1;
    }
    this.#listeners.set(channel, count - 1);
    return false;
  }

  /** The channels with at least one listener, in the order they were first joined. */
  active(): IterableIterator<string> {
    return this.#listeners.keys();
  }
}
