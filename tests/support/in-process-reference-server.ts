import { type ReferenceServerOptions, startReferenceServer } from '../../demo/server/reference-server.mjs';
import { HttpLinkTestClient } from './http-link-test-client';
import { TestClient } from './server-test-client';

export type ReferenceServer = Awaited<ReturnType<typeof startReferenceServer>>;

/**
 * Runs a fresh reference server in this process (127.0.0.1, a free port) for each test of the calling
 * `describe`, and closes it after. `connect()` opens a {@link TestClient} to it, `openHttpLink()` an
 * {@link HttpLinkTestClient}.
 */
export function useReferenceServer(options?: ReferenceServerOptions) {
  const fixture = {
    server: undefined as unknown as ReferenceServer,
    connect: () => TestClient.connect(fixture.server.socketUrl),
    /** Opens an HTTP link (the HTTP transport) to the same server. */
    openHttpLink: (headers?: Record<string, string>) => HttpLinkTestClient.open(fixture.server.httpLinkUrl, headers),
  };
  beforeEach(async () => (fixture.server = await startReferenceServer(options)));
  afterEach(() => fixture.server.close());
  return fixture;
}
