/** A hint from the platform that the link may have changed under us. */
export type ConnectivityEvent = 'online' | 'offline' | 'visible';

/** Subscribes to connectivity hints; returns the function that unsubscribes. */
export type ConnectivityEvents = (listener: (event: ConnectivityEvent) => void) => () => void;

/** For platforms without a window (server, workers, tests that do not care). */
export const noConnectivityEvents: ConnectivityEvents = () => () => undefined;

/**
 * Browser hints: `online`/`offline` on the window, the page becoming visible again (`visibilitychange`),
 * and a page restored from the back/forward cache (`pageshow` with `persisted`), whose socket is long dead.
 */
export function browserConnectivityEvents(document: Document): ConnectivityEvents {
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
    const onPageShow = (event: PageTransitionEvent) => {
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
