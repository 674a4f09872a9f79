/** The four events of a {@link WebSocketLike}. */
export type SocketEventType = 'open' | 'message' | 'error' | 'close';
type Listener = (event: object) => void;

/**
 * The listeners of a socket the library implements itself (`HttpSocket`, `FallbackSocket`), called as an
 * `EventTarget` calls them: in order, and a listener that throws does not stop the others or the socket (its
 * error is reported on a later task, as the browser reports it).
 */
export class SocketListeners {
  readonly #listeners: Record<SocketEventType, Listener[]> = { open: [], message: [], error: [], close: [] };

  add(type: SocketEventType, listener: Listener): void {
    this.#listeners[type]?.push(listener);
  }

  emit(type: SocketEventType, event: object): void {
    for (const listener of this.#listeners[type]) {
      try {
        listener(event);
      } catch (error) {
        setTimeout(() => {
          throw error;
        });
      }
    }
  }
}
