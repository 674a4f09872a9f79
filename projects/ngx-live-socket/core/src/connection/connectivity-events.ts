/** A hint from the platform that the link may have changed under us. */
export type ConnectivityEvent = 'online' | 'offline' | 'visible';

/** Subscribes to connectivity hints; returns the function that unsubscribes. */
export type ConnectivityEvents = (listener: (event: ConnectivityEvent) => void) => () => void;

/** For platforms without a window (server, workers, tests that do not care). */
export const noConnectivityEvents: ConnectivityEvents = () => () => undefined;

/** The page events the hints come from, typed here so the core's types need no DOM lib (Node, workers). */
interface HintTarget {
  addEventListener(type: string, listener: (event: { readonly persisted?: boolean }) => void): void;
  removeEventListener(type: string, listener: (event: { readonly persisted?: boolean }) => void): void;
}

/** What the hints read of a browser `document`. */
export interface ConnectivityDocument extends HintTarget {
  readonly visibilityState: string;
  readonly defaultView: HintTarget | null;
}

/**
 * Browser hints: `online`/`offline` on the window, the page becoming visible again (`visibilitychange`),
 * and a page restored from the back/forward cache (`pageshow` with `persisted`), whose socket is long dead.
 */
export function browserConnectivityEvents(document: ConnectivityDocument): ConnectivityEvents {
  return (listener) => {
    const window = document.defaultView;
    if (window === null) {
      return () => undefined;
    }
    const onOnline = () => listener('online');
    const onOffline = () => listener('offline');
    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        listener('visible');
      }
    };
    const onPageShow = (event: { readonly persisted?: boolean }) => {
      if (event.persisted) {
        listener('visible');
      }
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pageshow', onPageShow);
    };
  };
}
