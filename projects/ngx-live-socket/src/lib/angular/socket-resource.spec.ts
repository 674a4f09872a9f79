import { ApplicationRef, ChangeDetectionStrategy, Component, EnvironmentInjector, type ResourceStatus, createEnvironmentInjector, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { take } from 'rxjs';
import { TestBed } from '@angular/core/testing';
import { type WebSocketConfig, WebSocketArgumentError, channelResource, createWebSocketToken, messageResource, provideWebSocket, withChannels, withReconnect } from 'ngx-live-socket';
import { WebSocketTestingController, provideWebSocketTesting } from 'ngx-live-socket/testing';

interface MarketProtocol {
  incoming: { tick: { price: number } };
  outgoing: {};
}
const MARKET = createWebSocketToken<MarketProtocol>('market');

describe('messageResource(socket, type) and channelResource(socket, name)', () => {
  let controller: WebSocketTestingController;

  function setUp(config: Partial<WebSocketConfig> = {}) {
    TestBed.configureTestingModule({ providers: [provideWebSocket(MARKET, { url: '/live', ...config }, withReconnect(), withChannels()), provideWebSocketTesting()] });
    controller = TestBed.inject(WebSocketTestingController);
    return TestBed.inject(MARKET);
  }

  afterEach(() => TestBed.resetTestingModule());

  it('is loading until the first message, then resolved with the latest, written once per frame', () => {
    const socket = setUp();
    const tick = TestBed.runInInjectionContext(() => messageResource(socket, 'tick'));
    expect(tick.status()).toBe('loading');
    expect(tick.isLoading()).toBe(true);
    expect(tick.hasValue()).toBe(false);
    const connection = controller.expectConnection('/live');
    connection.open();
    connection.deliverMessage('tick', { price: 1 });
    connection.deliverMessage('tick', { price: 2 });
    expect(tick.status()).toBe('loading'); // the frame has not come yet
    controller.flushFrames();
    expect(tick.snapshot()).toEqual({ status: 'resolved', value: { price: 2 } });
    expect(tick.value()?.price).toBe(2);
    expect(tick.hasValue()).toBe(true);
    expect(tick.isLoading()).toBe(false);
    controller.verify();
  });

  it('subscribes, and with autoConnect: false connects, only when something reads it', () => {
    const socket = setUp({ autoConnect: false });
    const tick = TestBed.runInInjectionContext(() => messageResource(socket, 'tick'));
    const errors: string[] = [];
    socket.errors$.subscribe((error) => errors.push(error.kind));
    controller.expectNoConnection();
    expect(tick.status()).toBe('loading'); // the first read
    const connection = controller.expectConnection('/live');
    connection.open();
    connection.deliverMessage('tick', { price: 3 });
    controller.flushFrames();
    expect(tick.value()).toEqual({ price: 3 });
    expect(errors).toEqual([]); // it was subscribed, so the message was handled
  });

  it('a channel resource sends sub on the first read, unsub and sub on reload, unsub when destroyed', () => {
    const socket = setUp();
    const connection = controller.expectConnection('/live');
    connection.open();
    const room = TestBed.runInInjectionContext(() => channelResource(socket, 'room:1'));
    expect(connection.sent.filter((frame) => frame.type === 'sub')).toEqual([]);
    room.value();
    expect(connection.expectSent('sub').json).toEqual({ type: 'sub', channel: 'room:1' });
    connection.deliver(JSON.stringify({ type: 'chat.message', channel: 'room:1', payload: { text: 'hi' } }));
    controller.flushFrames();
    expect(room.value()).toMatchObject({ type: 'chat.message', channel: 'room:1' });

    expect(room.reload()).toBe(true);
    expect(room.status()).toBe<ResourceStatus>('reloading');
    expect(room.value()).toMatchObject({ payload: { text: 'hi' } }); // kept while reloading
    expect(connection.expectSent('unsub').json).toEqual({ type: 'unsub', channel: 'room:1' });
    connection.expectSent('sub');

    room.destroy();
    expect(room.status()).toBe('idle');
    expect(room.value()).toBeUndefined();
    connection.expectSent('unsub');
    expect(room.reload()).toBe(false);
    controller.verify();
  });

  it('is in error when the connection closes for good; value() throws it; reload() connects again', () => {
    const socket = setUp();
    const tick = TestBed.runInInjectionContext(() => messageResource(socket, 'tick'));
    tick.status();
    const connection = controller.expectConnection('/live');
    connection.open();
    connection.close(4403, 'forbidden'); // a policy code: withReconnect() does not retry it
    expect(tick.status()).toBe('error');
    expect(tick.error()?.message).toMatch(/messageResource\("tick"\): the connection closed \(code 4403, "forbidden"\) and will not reconnect by itself; reload\(\) connects again/);
    expect(() => tick.value()).toThrow(tick.error());
    expect(tick.hasValue()).toBe(false);

    tick.reload();
    expect(tick.status()).toBe('loading');
    const again = controller.expectConnection('/live');
    again.open();
    again.deliverMessage('tick', { price: 5 });
    controller.tick(0);
    expect(tick.value()).toEqual({ price: 5 });
  });

  it('stops with the injector it was made in; outside an injection context it asks for one', () => {
    const socket = setUp();
    expect(() => messageResource(socket, 'tick')).toThrow(/injection context/);
    const child = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    const tick = messageResource(socket, 'tick', { injector: child });
    tick.status();
    child.destroy();
    expect(tick.status()).toBe('idle');
    const connection = controller.expectConnection('/live');
    connection.open();
    connection.deliverMessage('tick', { price: 1 });
    controller.flushFrames();
    expect(tick.value()).toBeUndefined();
  });

  it('names a bad type or channel at once', () => {
    const socket = setUp();
    expect(() => TestBed.runInInjectionContext(() => messageResource(socket, '' as 'tick'))).toThrow(WebSocketArgumentError);
    expect(() => TestBed.runInInjectionContext(() => messageResource(socket, '' as 'tick'))).toThrow(/messageResource type/);
    expect(() => TestBed.runInInjectionContext(() => channelResource(socket, ''))).toThrow(/channel name/);
  });

  @Component({
    selector: 'lib-ticker',
    changeDetection: ChangeDetectionStrategy.OnPush,
    template: `@if (tick.hasValue()) { <p>{{ tick.value().price }}</p> } @else if (tick.error()) { <p>offline</p> } @else { <p>waiting</p> }`,
  })
  class TickerComponent {
    readonly tick = messageResource(inject(MARKET), 'tick');
  }

  @Component({ selector: 'lib-stream-ticker', template: `{{ tick.value()?.price ?? 'waiting' }}` })
  class StreamTickerComponent {
    private readonly socket = inject(MARKET);
    readonly tick = rxResource({ stream: () => this.socket.on('tick') });
  }

  /** Whether the app is stable once rendered, the connection open and no message come. */
  async function stableWhileNoMessageComes(component: typeof TickerComponent | typeof StreamTickerComponent): Promise<boolean> {
    setUp();
    const fixture = TestBed.createComponent(component);
    controller.expectConnection('/live').open();
    fixture.detectChanges(); // renders, and runs the resource's effects
    await new Promise((resolve) => setTimeout(resolve)); // lets the microtasks and the scheduler's task run
    let stable: boolean | undefined;
    TestBed.inject(ApplicationRef).isStable.pipe(take(1)).subscribe((value) => (stable = value));
    return stable!;
  }

  it('the app is stable while no message comes; the control, an rxResource stream, holds it (so this check can fail)', async () => {
    expect(await stableWhileNoMessageComes(TickerComponent)).toBe(true);
    TestBed.resetTestingModule();
    expect(await stableWhileNoMessageComes(StreamTickerComponent)).toBe(false);
  });

  it('in a zoneless component: renders waiting, then the price; never holds the app unstable', async () => {
    setUp();
    const fixture = TestBed.createComponent(TickerComponent);
    await fixture.whenStable(); // a stream resource would wait here for a message that has not come
    expect(fixture.nativeElement.textContent.trim()).toBe('waiting');
    const connection = controller.expectConnection('/live');
    connection.open();
    connection.deliverMessage('tick', { price: 42 });
    controller.flushFrames();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.trim()).toBe('42');
    connection.close(4403);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.trim()).toBe('offline');
  });
});
