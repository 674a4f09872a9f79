/**
 * Everyone connected right now. Broadcasts go through each {@link import('./connection.mjs').Connection#send},
 * so whatever that adds per connection (sequencing, acks) applies to them too.
 */
export class Connections {
  /** @type {Set<import('./connection.mjs').Connection>} */
  #all = new Set();

  get size() {
    return this.#all.size;
  }

  add(connection) {
    this.#all.add(connection);
  }

  delete(connection) {
    this.#all.delete(connection);
  }

  [Symbol.iterator]() {
    return this.#all.values();
  }

  /**
   * Sends one envelope to every open connection.
   *
   * @param {import('./protocol.mjs').Envelope} envelope
   */
  broadcast(envelope) {
    for (const connection of this.#all) {
      connection.send(envelope);
    }
  }
}
