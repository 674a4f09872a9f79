import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { TestWebSocketConnection, WebSocketTestingController } from 'ngx-live-socket/testing';
import { FIRST_RETRY_MS, acceptConnection, configureDemoTesting } from '../testing/demo-testing';
import { ChatPageComponent } from './chat-page.component';

describe('ChatPageComponent', () => {
  let controller: WebSocketTestingController;
  let fixture: ComponentFixture<ChatPageComponent>;
  let connection: TestWebSocketConnection;

  beforeEach(async () => {
    controller = configureDemoTesting();
    fixture = TestBed.createComponent(ChatPageComponent);
    connection = acceptConnection(controller);
    await fixture.whenStable();
  });

  afterEach(() => controller.verify());

  const page = () => fixture.nativeElement as HTMLElement;
  const byTestId = (testId: string) => page().querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const input = (testId: string) => byTestId(testId) as HTMLInputElement;

  /** Types into the field and presses Enter, as a visitor would. */
  async function submit(testId: string, text: string): Promise<void> {
    input(testId).value = text;
    input(testId).form?.requestSubmit();
    await fixture.whenStable();
  }

  function answerJoin(on: TestWebSocketConnection, name: string): void {
    const { id } = on.expectSent('chat.join').json as { id: number };
    on.deliver(JSON.stringify({ type: 'chat.join', re: id, payload: { name, history: [], online: [name] } }));
  }

  async function join(name: string): Promise<void> {
    await submit('chat-name', name);
    answerJoin(connection, name);
    await fixture.whenStable();
    expect(byTestId('chat-me')?.textContent).toBe(name);
  }

  it('queues a message sent while the link is down, says so, and sends it once the link is back', async () => {
    await join('ada');
    connection.close(1012, 'restart');
    await fixture.whenStable();
    expect(byTestId('chat-rejoining')?.textContent?.trim()).toBe('Rejoining the room once the connection is back. What you send meanwhile is queued.');
    expect((byTestId('chat-send') as HTMLButtonElement).disabled).toBe(false);

    await submit('chat-input', 'sent while away');
    expect(input('chat-input').value).toBe('');
    expect(document.activeElement).toBe(input('chat-input'));
    expect(byTestId('chat-queued')?.textContent).toContain('Queued — will be sent when the connection is back');
    expect(byTestId('chat-queued')?.querySelector('li')?.textContent).toBe('sent while away');
    expect(byTestId('chat-problem')).toBeNull();

    controller.tick(FIRST_RETRY_MS);
    const reopened = acceptConnection(controller);
    expect(reopened.expectSent('chat.send').payload).toEqual({ text: 'sent while away', name: 'ada' });
    answerJoin(reopened, 'ada');
    reopened.deliverMessage('chat.message', { id: 'm1', from: 'ada', text: 'sent while away', at: 1 });
    await fixture.whenStable();

    expect(byTestId('chat-queued')).toBeNull();
    expect(byTestId('chat-rejoining')).toBeNull();
    expect(Array.from(page().querySelectorAll('[data-testid="chat-text"]'), (text) => text.textContent)).toEqual(['sent while away']);
  });

  it('keeps the Join button off while the link is down: a name needs the server to accept it', async () => {
    expect((page().querySelector('[data-testid="chat-join"]') as HTMLButtonElement).disabled).toBe(false);
    connection.close(1012, 'restart');
    await fixture.whenStable();
    expect((page().querySelector('[data-testid="chat-join"]') as HTMLButtonElement).disabled).toBe(true);
    controller.tick(FIRST_RETRY_MS);
    acceptConnection(controller);
  });
});
