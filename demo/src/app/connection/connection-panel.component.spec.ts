import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { TestWebSocketConnection, WebSocketTestingController } from 'ngx-live-socket/testing';
import { DEMO_SOCKET } from '../live/demo-socket';
import { FIRST_RETRY_MS, HEARTBEAT_INTERVAL_MS, acceptConnection, configureDemoTesting } from '../testing/demo-testing';
import { ConnectionPanelComponent, DROP_FRAME } from './connection-panel.component';

/** Silence until the heartbeat pings; the server answers `rttMs` later. */
function roundTripOn(controller: WebSocketTestingController, connection: TestWebSocketConnection, rttMs: number): void {
  controller.tick(HEARTBEAT_INTERVAL_MS);
  const ping = connection.expectSent('ping');
  controller.tick(rttMs);
  connection.deliverMessage('pong', ping.payload);
}

describe('ConnectionPanelComponent', () => {
  let controller: WebSocketTestingController;
  let fixture: ComponentFixture<ConnectionPanelComponent>;

  beforeEach(() => {
    controller = configureDemoTesting();
    fixture = TestBed.createComponent(ConnectionPanelComponent);
  });

  afterEach(() => controller.verify());

  const element = (testId: string): HTMLElement => fixture.nativeElement.querySelector(`[data-testid="${testId}"]`);
  const text = async (testId: string) => {
    await fixture.whenStable();
    return element(testId).textContent?.trim();
  };
  const logLines = async () => {
    await fixture.whenStable();
    return Array.from(element('reconnect-log').querySelectorAll('li span'), (line) => line.textContent?.trim());
  };
  const button = (testId: string) => element(testId) as HTMLButtonElement;
  const sparklineLabel = async () => {
    await fixture.whenStable();
    return element('rtt-sparkline').getAttribute('aria-label');
  };

  const roundTrip = (connection: TestWebSocketConnection, rttMs: number) => roundTripOn(controller, connection, rttMs);

  it('shows the state, a log of drops with their close codes, and each heartbeat round trip in the chart', async () => {
    const connection = acceptConnection(controller);
    expect(await text('state')).toBe('open');
    expect(await logLines()).toEqual(['connected', 'connecting']);
    expect(await text('rtt')).toBe('measuring…');
    expect(await sparklineLabel()).toBe('Round-trip chart: no heartbeat measured yet');

    // Dropped before the test clock moves: the panel reads "retry in" against the page's own clock.
    connection.close(1012, 'restart');
    expect(await text('state')).toBe('reconnecting');
    expect((await logLines())[0]).toMatch(/^dropped: 1012 "restart"; retry in 0\.\d s$/);

    controller.tick(FIRST_RETRY_MS);
    const reopened = acceptConnection(controller);
    expect(await text('state')).toBe('open');
    expect((await logLines())[0]).toBe('reconnected (#1)');
    expect(await text('reconnects')).toBe('1');

    roundTrip(reopened, 42);
    expect(await text('rtt')).toBe('42 ms');
    roundTrip(reopened, 43);
    expect(await sparklineLabel()).toMatch(/^Round-trip chart, last 2: latest 43 ms/);
    expect(element('rtt-sparkline').querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(2);
  });

  it('adds a sample to the chart for each round trip only, not for messages sent and acknowledged', async () => {
    const connection = acceptConnection(controller);
    roundTrip(connection, 42);
    expect(await sparklineLabel()).toMatch(/^Round-trip chart, last 1: latest 42 ms/);

    TestBed.inject(DEMO_SOCKET).send('counter.add', { delta: 1 });
    const { id } = connection.expectSent('counter.add').json as { id: number };
    connection.deliver(JSON.stringify({ type: 'ack', id }));
    expect(await sparklineLabel()).toMatch(/^Round-trip chart, last 1: latest 42 ms/);

    roundTrip(connection, 43);
    expect(await sparklineLabel()).toMatch(/^Round-trip chart, last 2: latest 43 ms/);
  });

  it('counts what waits in the queue: messages sent while down, then until the server acks them', async () => {
    const socket = TestBed.inject(DEMO_SOCKET);
    const connection = acceptConnection(controller);
    expect(await text('queue-depth')).toBe('0');

    connection.close(1012, 'restart');
    socket.send('counter.add', { delta: 1 });
    socket.send('counter.add', { delta: -1 });
    expect(await text('queue-depth')).toBe('2');

    controller.tick(FIRST_RETRY_MS);
    const reopened = acceptConnection(controller);
    const { id: lastId } = [reopened.expectSent('counter.add'), reopened.expectSent('counter.add')][1].json as { id: number };
    expect(await text('queue-depth')).toBe('2'); // sent, not yet acknowledged
    reopened.deliver(JSON.stringify({ type: 'ack', id: lastId })); // acks are cumulative
    expect(await text('queue-depth')).toBe('0');
  });

  it('"Go offline" closes with 4000 and stays closed; "Go online" connects again', async () => {
    const connection = acceptConnection(controller);
    await fixture.whenStable();
    const toggle = button('offline-toggle');
    expect(toggle.textContent?.trim()).toBe('Go offline');
    toggle.click();
    expect(connection.closedByApp).toEqual({ code: 4000, reason: 'offline (demo)' });
    expect(await text('state')).toBe('closed');
    expect((await logLines())[0]).toBe('closed: 4000 "offline (demo)"');
    expect(toggle.textContent?.trim()).toBe('Go online');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(button('drop').disabled).toBe(true);

    controller.tick(60_000);
    controller.expectNoConnection();
    expect(await text('state')).toBe('closed');

    toggle.click();
    acceptConnection(controller);
    expect(await text('state')).toBe('open');
    expect((await logLines()).slice(0, 2)).toEqual(['connected', 'connecting']);
  });

  it("shows this tab's part in the shared connection; jsdom has no Web Locks, so the tab holds its own link and says why", async () => {
    acceptConnection(controller);
    expect(await text('tab-role')).toBe('alone');
    expect(await text('shared-tabs')).toBe('1');
    expect(element('tab-role').getAttribute('title')).toMatch(/^not shared: no (Web Locks|BroadcastChannel) in this browser$/);
    expect(fixture.nativeElement.textContent).toContain('The tabs of this browser share one link');
  });

  it('"Drop connection" sends debug.drop raw: never queued, acknowledged or sent again after the reconnect', async () => {
    const connection = acceptConnection(controller);
    await fixture.whenStable();
    button('drop').click();
    const drop = connection.expectSent((frame) => frame.data === DROP_FRAME, 'the raw debug.drop frame');
    expect(drop.json).toEqual({ type: 'debug.drop' }); // no id: nothing waits for an ack
    expect(await text('queue-depth')).toBe('0');

    connection.error(); // the server cuts the link without a close frame
    controller.tick(FIRST_RETRY_MS);
    const reopened = acceptConnection(controller);
    expect(await text('state')).toBe('open');
    expect(reopened.sent.map((frame) => frame.type)).toEqual(['resume']);
  });
});

describe('ConnectionPanelComponent in a tab that keeps its own connection (?shared=0)', () => {
  let controller: WebSocketTestingController;
  let fixture: ComponentFixture<ConnectionPanelComponent>;

  beforeEach(() => {
    controller = configureDemoTesting('?shared=0');
    fixture = TestBed.createComponent(ConnectionPanelComponent);
  });

  afterEach(() => controller.verify());

  it('shows no tab role, no tab count and no word about sharing', async () => {
    acceptConnection(controller);
    await fixture.whenStable();
    const panel = fixture.nativeElement as HTMLElement;
    expect(panel.querySelector('[data-testid="state"]')?.textContent).toBe('open');
    expect(panel.querySelector('[data-testid="tab-role"]')).toBeNull();
    expect(panel.querySelector('[data-testid="shared-tabs"]')).toBeNull();
    expect(panel.textContent).not.toContain('share one link');
  });

});

// A shared tab publishes each word of the leader's stats, as a page's own connection publishes each update.
describe.each(['', '?shared=0'])('ConnectionPanelComponent (page address %j)', (search) => {
  let controller: WebSocketTestingController;
  let fixture: ComponentFixture<ConnectionPanelComponent>;

  beforeEach(() => {
    controller = configureDemoTesting(search);
    fixture = TestBed.createComponent(ConnectionPanelComponent);
  });

  afterEach(() => controller.verify());

  it('counts the same round trip again as a sample of its own', async () => {
    const connection = acceptConnection(controller);
    roundTripOn(controller, connection, 42);
    roundTripOn(controller, connection, 42);
    await fixture.whenStable();
    const sparkline = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="rtt-sparkline"]');
    expect(sparkline?.getAttribute('aria-label')).toMatch(/^Round-trip chart, last 2: latest 42 ms/);
  });
});
