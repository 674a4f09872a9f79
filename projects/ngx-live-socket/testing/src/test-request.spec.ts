import { TestBed } from '@angular/core/testing';
import { Component, inject, signal } from '@angular/core';
import { WebSocketRequestError, WebSocketService, createWebSocketToken, messageResource, provideWebSocket, withDelivery, withRequests } from 'ngx-live-socket';
import { WebSocketTestingController, provideWebSocketTesting } from 'ngx-live-socket/testing';

interface ChatProtocol {
  incoming: { 'chat.message': { text: string } };
  outgoing: { 'chat.send': { text: string } };
  requests: { 'chat.join': { request: { name: string }; reply: { history: string[] } } };
}
const CHAT = createWebSocketToken<ChatProtocol>('chat');

describe('expectRequest(): a request answered in one line', () => {
  let controller: WebSocketTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideWebSocket(CHAT, { url: '/live' }, withRequests()), provideWebSocketTesting()] });
    controller = TestBed.inject(WebSocketTestingController);
    TestBed.inject(CHAT); // the service connects when first injected
  });

  afterEach(() => TestBed.resetTestingModule());

  function join(): { replies: unknown[]; failures: unknown[] } {
    const replies: unknown[] = [];
    const failures: unknown[] = [];
    TestBed.inject(CHAT).request('chat.join', { name: 'ada' }).subscribe({ next: (reply) => replies.push(reply), error: (error) => failures.push(error) });
    return { replies, failures };
  }

  it('reply(payload) reaches the app as the reply, with the request id as re', () => {
    controller.expectConnection('/live').open();
    const { replies, failures } = join();
    const request = controller.expectRequest<{ name: string }, { history: string[] }>('chat.join');
    expect(request.payload.name).toBe('ada'); // typed: no cast
    expect(request.frame.json).toEqual({ type: 'chat.join', payload: { name: 'ada' }, id: request.id });
    request.reply({ history: ['hi'] });
    expect(replies).toEqual([{ history: ['hi'] }]);
    expect(failures).toEqual([]);
    controller.verify();
  });

  it('error(text) refuses it: the app gets a WebSocketRequestError of kind error-reply', () => {
    const connection = controller.expectConnection('/live');
    connection.open();
    const { replies, failures } = join();
    connection.expectRequest('chat.join').error('name taken');
    expect(replies).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(WebSocketRequestError);
    expect((failures[0] as WebSocketRequestError).kind).toBe('error-reply');
    expect(String((failures[0] as Error).message)).toContain('name taken');
  });

  it('answers once: a second reply fails and names the request', () => {
    controller.expectConnection('/live').open();
    join();
    const request = controller.expectRequest('chat.join');
    request.reply({ history: [] });
    expect(() => request.error('late')).toThrow(/"chat\.join" #\d+ was answered already \(with reply\(\)\)/);
  });

  it('fails when the app sent no such request, listing what it sent; a plain send is no request', () => {
    controller.expectConnection('/live').open();
    TestBed.inject(CHAT).send('chat.send', { text: 'hi' });
    expect(() => controller.expectRequest('chat.send')).toThrow(/Expected a request of type "chat\.send" \(a frame with an "id"\) sent on .*found none[\s\S]*chat\.send/);
    expect(() => controller.expectRequest(42 as never)).toThrow(/expectRequest\(\) match/);
  });

  it('on the controller, needs exactly one open connection', () => {
    expect(() => controller.expectRequest('chat.join')).toThrow(/needs exactly one open connection, found 0[\s\S]*\(connecting\)/);
  });

  it('with withDelivery() every message has an id: sent frames expose it, typed payload included', () => {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [provideWebSocket(CHAT, { url: '/live' }, withDelivery(), withRequests()), provideWebSocketTesting()] });
    controller = TestBed.inject(WebSocketTestingController);
    TestBed.inject(CHAT);
    const connection = controller.expectConnection('/live');
    connection.open();
    connection.expectSent('resume');
    TestBed.inject(CHAT).send('chat.send', { text: 'hi' });
    const frame = connection.expectSent<{ text: string }>('chat.send');
    expect(frame.payload.text).toBe('hi');
    expect(typeof frame.id).toBe('number');
  });
});

describe('latest(type) under the testing provider: frames come when the test flushes them', () => {
  @Component({ selector: 'lib-price', template: `<p>{{ price() ?? 'none' }}</p>` })
  class PriceComponent {
    readonly price = inject(WebSocketService).latest('price');
    readonly unused = signal(0);
  }

  beforeEach(() => TestBed.configureTestingModule({ providers: [provideWebSocket({ url: '/live' }), provideWebSocketTesting()] }));
  afterEach(() => TestBed.resetTestingModule());

  it('shows the last of a burst after flushFrames(), not before, with no real frame or sleep', async () => {
    const controller = TestBed.inject(WebSocketTestingController);
    const fixture = TestBed.createComponent(PriceComponent);
    const connection = controller.expectConnection('/live');
    connection.open();
    for (let i = 1; i <= 3; i++) {
      connection.deliverMessage('price', i);
    }
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('none'); // written in a frame, which has not come
    controller.flushFrames();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('3');
  });

  it('tick() flushes frames too', () => {
    const controller = TestBed.inject(WebSocketTestingController);
    const price = TestBed.runInInjectionContext(() => TestBed.inject(WebSocketService).latest('price'));
    const connection = controller.expectConnection('/live');
    connection.open();
    connection.deliverMessage('price', 7);
    expect(price()).toBeUndefined();
    controller.tick(0);
    expect(price()).toBe(7);
  });
});

describe("the README's request and resource example", () => {
  interface LobbyProtocol {
    incoming: { tick: { price: number } };
    outgoing: {};
    requests: { 'room.join': { request: { name: string }; reply: { members: number } } };
  }
  const LOBBY_SOCKET = createWebSocketToken<LobbyProtocol>('lobby');

  @Component({
    selector: 'app-lobby',
    template: `<button (click)="join()">Join</button> {{ members() }} members · {{ tick.value()?.price ?? '…' }}`,
  })
  class LobbyComponent {
    private readonly socket = inject(LOBBY_SOCKET);
    protected readonly tick = messageResource(this.socket, 'tick');
    protected readonly members = signal(0);
    join(): void {
      this.socket.request('room.join', { name: 'ada' }).subscribe((reply) => this.members.set(reply.members));
    }
  }

  let controller: WebSocketTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideWebSocket(LOBBY_SOCKET, { url: '/live' }, withRequests()), provideWebSocketTesting()] });
    controller = TestBed.inject(WebSocketTestingController);
  });
  afterEach(() => {
    controller.verify();
    TestBed.resetTestingModule();
  });

  it('joins, and shows the latest price', async () => {
    const fixture = TestBed.createComponent(LobbyComponent);
    await fixture.whenStable(); // the first render reads the resource, which subscribes it
    const connection = controller.expectConnection('/live');
    connection.open();

    fixture.nativeElement.querySelector('button').click();
    controller.expectRequest<{ name: string }, { members: number }>('room.join').reply({ members: 3 });

    connection.deliverMessage('tick', { price: 42 });
    controller.flushFrames();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('3 members · 42');
  });

  /** Never called: the lines below are checked by the compiler (ts-jest type-checks specs). */
  function typedAnswers(): void {
    const request = controller.expectRequest<{ name: string }, { members: number }>('room.join');
    // @ts-expect-error the reply payload is typed by the test
    request.reply({ members: 'three' });
    // @ts-expect-error the request payload is typed by the test
    const count: number = request.payload.name;
    void count;
  }
  void typedAnswers;
});
