// The README's quick start and testing example, run as written: if this fails, the README is wrong.
import { Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { TestBed } from '@angular/core/testing';
import { createWebSocketToken, provideWebSocket, withHeartbeat, withReconnect } from 'ngx-live-socket';
import { WebSocketTestingController, provideWebSocketTesting } from 'ngx-live-socket/testing';
import { scan } from 'rxjs';

// chat-protocol.ts
export interface ChatMessage { from: string; text: string; at: number }
export interface ChatProtocol {
  incoming: { 'chat.message': ChatMessage; 'chat.presence': { online: string[] } };
  outgoing: { 'chat.send': { text: string }; 'chat.typing': void };
  requests: { 'chat.join': { request: { name: string }; reply: { history: ChatMessage[] } } };
}
export const CHAT_SOCKET = createWebSocketToken<ChatProtocol>('chat');

// chat.component.ts
@Component({
  selector: 'app-chat',
  template: `
    <p>{{ socket.state() }} · {{ socket.stats().queuedMessages }} queued</p>
    @for (message of messages(); track message.at) { <p>{{ message.from }}: {{ message.text }}</p> }
    <input #text /> <button (click)="send(text.value)">Send</button>
  `,
})
export class ChatComponent {
  protected readonly socket = inject(CHAT_SOCKET); // WebSocketService<ChatProtocol>
  protected readonly messages = toSignal(
    this.socket.on('chat.message').pipe(scan((all, message) => [...all, message], [] as ChatMessage[])),
    { initialValue: [] },
  );

  send(text: string): void {
    this.socket.send('chat.send', { text }); // checked against ChatProtocol; queued while offline
  }
}

// chat.component.spec.ts
describe('ChatComponent', () => {
  let controller: WebSocketTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideWebSocket(CHAT_SOCKET, { url: '/live' }, withReconnect(), withHeartbeat()),
        provideWebSocketTesting(), // after provideWebSocket: it replaces the socket, the clock and the jitter
      ],
    });
    controller = TestBed.inject(WebSocketTestingController);
  });

  afterEach(() => controller.verify()); // fails on any connection or sent frame the test did not expect

  it('shows incoming messages and sends what is typed', async () => {
    const fixture = TestBed.createComponent(ChatComponent);
    const connection = controller.expectConnection('/live'); // its url and protocols are there to check
    connection.open(); // the server accepts the handshake
    connection.deliverMessage('chat.message', { from: 'ada', text: 'hello', at: 1 });
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('open');
    expect(fixture.nativeElement.textContent).toContain('ada: hello');

    fixture.nativeElement.querySelector('input').value = 'hi ada';
    fixture.nativeElement.querySelector('button').click();
    expect(connection.expectSent('chat.send').payload).toEqual({ text: 'hi ada' });
  });

  it('pings after 10 s of silence and drops a link that stays silent', async () => {
    const fixture = TestBed.createComponent(ChatComponent);
    const connection = controller.expectConnection('/live');
    connection.open();
    controller.tick(10_000); // 10 s of silence: the heartbeat pings
    connection.expectSent('ping');
    controller.tick(5_000); // no answer within 5 s: the link is dead, reconnect starts
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('reconnecting');
    controller.tick(375); // the first retry: half of the 750 ms jitter window
    controller.expectConnection('/live').open();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('open');
  });
});
