import { Injectable, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { WebSocketTestingController, provideWebSocketTesting } from 'ngx-live-socket/testing';
import { type WebSocketError } from 'ngx-live-socket/core';
import { provideWebSocket } from './provide-web-socket';
import { WebSocketService } from './web-socket.service';
import { withReconnect } from './with-reconnect';

/** Stands in for an app's auth service: each refresh makes a new token. */
@Injectable({ providedIn: 'root' })
class AuthService {
  private version = 1;
  accessToken(): Promise<string> {
    return Promise.resolve(`token-${this.version}`);
  }
  refresh(): Promise<boolean> {
    this.version++;
    return Promise.resolve(true);
  }
}

/** Lets the async URL factory and auth hook settle (a macrotask runs after every pending microtask). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the app's hooks run in an injection context, on every attempt (the token refresh recipe)", () => {
  let service: WebSocketService;
  let controller: WebSocketTestingController;
  let errors: WebSocketError[];

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideWebSocket(
          {
            url: async () => {
              const auth = inject(AuthService); // before any await: inject() works only synchronously
              return `wss://api.example.com/live?token=${encodeURIComponent(await auth.accessToken())}`;
            },
          },
          withReconnect({
            onAuthFailure: async (close) => {
              const auth = inject(AuthService);
              return close.code === 4401 && (await auth.refresh()); // 4403 (forbidden) stays closed
            },
          }),
        ),
        provideWebSocketTesting(),
      ],
    });
    controller = TestBed.inject(WebSocketTestingController);
    service = TestBed.inject(WebSocketService);
    errors = [];
    service.errors$.subscribe((error) => errors.push(error));
  });

  afterEach(() => {
    controller.verify();
    TestBed.resetTestingModule();
  });

  /** Moves the clock to the scheduled reconnect and lets the URL factory run. */
  async function waitForRetry(): Promise<void> {
    controller.tick(service.stats().nextRetryAt! - controller.now());
    await settle();
  }

  it('calls the URL factory, which injects, on the first attempt and on each reconnect', async () => {
    await settle();
    const first = controller.expectConnection('wss://api.example.com/live?token=token-1');
    first.open();
    first.close(1012, 'restarting');
    await waitForRetry();
    controller.expectConnection('wss://api.example.com/live?token=token-1').open();
    expect(service.state()).toBe('open');
    expect(errors).toEqual([]);
  });

  it('lets onAuthFailure inject and refresh the token, then reconnects with the new one', async () => {
    await settle();
    const first = controller.expectConnection('wss://api.example.com/live?token=token-1');
    first.open();
    first.close(4401, 'token expired');
    await settle(); // the hook refreshes the token and allows the retry
    expect(service.state()).toBe('reconnecting');
    await waitForRetry();
    const second = controller.expectConnection('wss://api.example.com/live?token=token-2');
    second.open();
    expect(service.state()).toBe('open');

    second.close(4403, 'forbidden');
    await settle();
    expect(service.state()).toBe('closed');
    expect(errors.map((error) => error.kind)).toEqual(['auth-refused']);
  });
});
