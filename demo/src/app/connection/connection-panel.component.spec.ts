import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { type Client, Server } from 'mock-socket';
import { provideWebSocket, withHeartbeat, withReconnect, withWebSocketFactory, ɵWEB_SOCKET_RANDOM } from 'ngx-live-socket';
import { mockSocketFactory } from '../../../../tests/support/mock-socket-factory';
import { ConnectionPanelComponent } from './connection-panel.component';

const URL_ = 'ws://localhost:8082/ws';
/** mock-socket delivers each event after 4 ms. */
const TICK = 10;

describe('ConnectionPanelComponent (against the real WebSocketService and a mock server)', () => {
  let server: Server;
  let serverSockets: Client[];
  let framesFromApp: string[];
  let fixture: ComponentFixture<ConnectionPanelComponent>;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-02T10:00:00Z') });
    serverSockets = [];
    framesFromApp = [];
    server = new Server(URL_);
    server.on('connection', (socket) => {
      serverSockets.push(socket);
      socket.on('message', (data) => {
        const frame = String(data);
        framesFromApp.push(frame);
        if (frame.includes('"ping"')) {
          socket.send(frame.replace('"ping"', '"pong"'));
        }
      });
    });
    TestBed.configureTestingModule({
      providers: [
        provideWebSocket(
          { url: URL_ },
          withWebSocketFactory(mockSocketFactory()),
          withReconnect({ baseDelayMs: 1_000 }),
          withHeartbeat({ intervalMs: 1_000, timeoutMs: 1_000 }),
        ),
        { provide: ɵWEB_SOCKET_RANDOM, useValue: () => 0.5 },
      ],
    });
    fixture = TestBed.createComponent(ConnectionPanelComponent);
    advance(TICK);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    server.stop();
    jest.useRealTimers();
  });

  function advance(ms: number): void {
    jest.advanceTimersByTime(ms);
    fixture.detectChanges();
  }
  const element = (testId: string): HTMLElement => fixture.nativeElement.querySelector(`[data-testid="${testId}"]`);
  const text = (testId: string) => element(testId).textContent?.trim();
  const logLines = () => Array.from(element('reconnect-log').querySelectorAll('li span')).map((line) => line.textContent?.trim());
  const button = (testId: string) => element(testId) as HTMLButtonElement;

  it('shows the state, each heartbeat round trip in the chart, and a log of drops with their close codes', () => {
    expect(text('state')).toBe('open');
    expect(logLines()).toEqual(['connected', 'connecting']);
    expect(text('rtt')).toBe('measuring…');
    expect(element('rtt-sparkline').getAttribute('aria-label')).toBe('Round-trip chart: no heartbeat measured yet');

    advance(1_000 + TICK); // silence -> ping -> pong
    advance(1_000 + TICK);
    expect(text('rtt')).toMatch(/^\d+ ms$/);
    expect(element('rtt-sparkline').getAttribute('aria-label')).toMatch(/^Round-trip chart, last 2: latest \d+ ms/);
    expect(element('rtt-sparkline').querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(2);

    serverSockets[0].close({ code: 1012, reason: 'restart', wasClean: true });
    advance(TICK);
    expect(text('state')).toBe('reconnecting');
    // Full jitter with random 0.5: half of the first ceiling (1 s), less the tick already gone.
    expect(logLines()[0]).toMatch(/^dropped: 1012 "restart"; retry in 0\.\d s$/);

    advance(500 + TICK);
    expect(text('state')).toBe('open');
    expect(logLines()[0]).toBe('reconnected (#1)');
    expect(text('reconnects')).toBe('1');
  });

  it('"Go offline" closes with 4000 and stays closed; "Go online" connects again', () => {
    const toggle = button('offline-toggle');
    expect(toggle.textContent?.trim()).toBe('Go offline');
    toggle.click();
    advance(TICK);
    expect(text('state')).toBe('closed');
    expect(logLines()[0]).toBe('closed: 4000 "offline (demo)"');
    expect(toggle.textContent?.trim()).toBe('Go online');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(button('drop').disabled).toBe(true);

    advance(60_000);
    expect(text('state')).toBe('closed');

    toggle.click();
    advance(TICK);
    expect(text('state')).toBe('open');
    expect(logLines().slice(0, 2)).toEqual(['connected', 'connecting']);
  });

  it('"Drop connection" asks the server to cut the link with debug.drop', () => {
    button('drop').click();
    advance(TICK);
    expect(framesFromApp).toEqual([JSON.stringify({ type: 'debug.drop', payload: {} })]);
  });
});
