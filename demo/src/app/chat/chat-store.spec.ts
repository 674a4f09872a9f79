import { TestBed } from '@angular/core/testing';
import { WebSocketService } from 'ngx-live-socket';
import { FakeWebSocketService } from '../../../../tests/support/fake-web-socket-service';
import type { ChatMessage } from '../live/demo-protocol';
import { ChatStore } from './chat-store';

const message = (id: string, text: string, at = 1): ChatMessage => ({ id, from: 'ada', text, at });
/** Lets a join the store started by itself (after a reconnect) finish: every pending microtask runs first. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ChatStore', () => {
  let connection: FakeWebSocketService;
  let store: ChatStore;

  beforeEach(() => {
    connection = new FakeWebSocketService();
    TestBed.configureTestingModule({ providers: [{ provide: WebSocketService, useValue: connection }] });
    store = TestBed.inject(ChatStore);
  });

  afterEach(() => TestBed.resetTestingModule());

  /** Answers the last chat.join sent with `payload` (or an error message). */
  const answerJoin = (payload: object | string) => {
    const { id } = connection.sent.filter((frame) => frame['type'] === 'chat.join').at(-1) as { id: number };
    connection.receive(typeof payload === 'string' ? { type: 'error', re: id, payload: { message: payload } } : { type: 'chat.join', re: id, payload });
  };

  async function joinAs(name: string, history: ChatMessage[] = []): Promise<void> {
    const joining = store.join(name);
    expect(store.joining()).toBe(true);
    answerJoin({ name, history, online: [name] });
    await joining;
  }

  it('joins, shows the history and who is online, and can send', async () => {
    await joinAs('ada', [message('1', 'earlier')]);
    expect(store.name()).toBe('ada');
    expect(store.joining()).toBe(false);
    expect(store.messages().map((m) => m.text)).toEqual(['earlier']);
    expect(store.online()).toEqual(['ada']);
    expect(store.canSend()).toBe(true);
    expect(store.send('hello')).toBe(true);
    expect(connection.sent.at(-1)).toEqual({ type: 'chat.send', payload: { text: 'hello' } });
  });

  it('says why a join failed and stays out of the room', async () => {
    const joining = store.join('ada');
    answerJoin('the name "ada" is taken by someone online; choose another');
    await joining;
    expect(store.name()).toBeNull();
    expect(store.problem()).toBe('Could not join: the name "ada" is taken by someone online; choose another');
  });

  it('after a reconnect joins again under the same name and merges the history: missed messages once, none twice', async () => {
    await joinAs('ada', [message('1', 'first')]);
    connection.receive({ type: 'chat.message', payload: message('2', 'second', 2) });

    connection.setState('reconnecting');
    expect(store.canSend()).toBe(false);
    connection.setState('open');
    expect(store.canSend()).toBe(false); // not joined on the new connection yet
    expect(connection.sent.at(-1)).toMatchObject({ type: 'chat.join', payload: { name: 'ada' } });
    answerJoin({ name: 'ada', history: [message('1', 'first'), message('2', 'second', 2), message('3', 'missed', 3)], online: ['ada', 'bob'] });
    await settled();

    expect(store.messages().map((m) => m.text)).toEqual(['first', 'second', 'missed']);
    expect(store.online()).toEqual(['ada', 'bob']);
    expect(store.canSend()).toBe(true);
  });

  it('asks for a new name when the old one was taken while it was away', async () => {
    await joinAs('ada');
    connection.setState('reconnecting');
    connection.setState('open');
    answerJoin('the name "ada" is taken by someone online; choose another');
    await settled();
    expect(store.name()).toBeNull();
    expect(store.problem()).toBe('Could not rejoin as ada: the name "ada" is taken by someone online; choose another');
  });

  it('keeps the text when a message cannot go out, and shows the server\'s refusal of one that did', async () => {
    await joinAs('ada');
    connection.setState('reconnecting');
    expect(store.send('lost?')).toBe(false);
    expect(store.problem()).toMatch(/^Not sent: the connection is reconnecting\. Your text is kept/);

    connection.setState('open');
    answerJoin({ name: 'ada', history: [], online: ['ada'] });
    await settled();
    connection.receive({ type: 'error', payload: { message: '"text" is 501 characters long; at most 500 are allowed', cause: 'chat.send' } });
    expect(store.problem()).toBe('Not sent: "text" is 501 characters long; at most 500 are allowed');
  });
});
