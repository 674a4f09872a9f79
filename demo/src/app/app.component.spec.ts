import { TestBed } from '@angular/core/testing';
import { WebSocketTestingController, provideWebSocketTesting } from 'ngx-live-socket/testing';
import { AppComponent } from './app.component';
import { appConfig } from './app.config';

describe('AppComponent', () => {
  let controller: WebSocketTestingController;

  beforeEach(() => {
    // The demo's real configuration (url, reconnect and heartbeat settings); only the network and the clock are the test's.
    TestBed.configureTestingModule({ providers: [...appConfig.providers, provideWebSocketTesting()] });
    controller = TestBed.inject(WebSocketTestingController);
  });

  afterEach(() => controller.verify());

  async function render() {
    const fixture = TestBed.createComponent(AppComponent);
    const text = async (testId: string) => {
      await fixture.whenStable();
      return (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();
    };
    return { text };
  }

  it('shows the connection state as the link opens, drops and comes back', async () => {
    const { text } = await render();
    expect(await text('state')).toBe('connecting');

    const connection = controller.expectConnection('/ws');
    connection.open();
    expect(await text('state')).toBe('open');

    connection.close(1012, 'server restart');
    expect(await text('state')).toBe('reconnecting');

    controller.tick(375); // half of the first 750 ms backoff window
    controller.expectConnection('/ws').open();
    expect(await text('state')).toBe('open');
  });

  it('shows the heartbeat round trip once a pong comes back', async () => {
    const { text } = await render();
    const connection = controller.expectConnection('/ws');
    connection.open();
    expect(await text('rtt')).toBe('not measured yet');

    controller.tick(5_000); // the demo pings after 5 s of silence
    connection.expectSent('ping');
    controller.tick(42);
    connection.deliverMessage('pong');
    expect(await text('rtt')).toBe('42 ms');
  });
});
