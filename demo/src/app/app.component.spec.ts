import { TestBed } from '@angular/core/testing';
import type { WebSocketTestingController } from 'ngx-live-socket/testing';
import { AppComponent } from './app.component';
import { FIRST_RETRY_MS, HEARTBEAT_INTERVAL_MS, acceptConnection, configureDemoTesting } from './testing/demo-testing';

describe('AppComponent', () => {
  let controller: WebSocketTestingController;

  beforeEach(() => {
    controller = configureDemoTesting();
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

    const connection = acceptConnection(controller);
    expect(await text('state')).toBe('open');

    connection.close(1012, 'server restart');
    expect(await text('state')).toBe('reconnecting');

    controller.tick(FIRST_RETRY_MS);
    acceptConnection(controller);
    expect(await text('state')).toBe('open');
  });

  it('shows the heartbeat round trip once a pong comes back', async () => {
    const { text } = await render();
    const connection = acceptConnection(controller);
    expect(await text('rtt')).toBe('measuring…');

    controller.tick(HEARTBEAT_INTERVAL_MS);
    const ping = connection.expectSent('ping');
    controller.tick(42);
    connection.deliverMessage('pong', ping.payload);
    expect(await text('rtt')).toBe('42 ms');
  });
});
