import { TestBed } from '@angular/core/testing';
import type { TestWebSocketConnection, WebSocketTestingController } from 'ngx-live-socket/testing';
import type { ChatJoined, ChatMessage } from '../live/demo-protocol';
import { FIRST_RETRY_MS, HEARTBEAT_INTERVAL_MS, acceptConnection, configureDemoTesting } from '../testing/demo-testing';
import { ChatStore, JOIN_TIMEOUT_MS } from './chat-store';

const message = (id: string, text: string, at = 1): ChatMessage => ({ id, from: 'ada', text, at });
const texts = (messages: readonly ChatMessage[]) => messages.map((m) => m.text);
/** Lets a join the store started by itself (after a reconnect) finish: every pending microtask runs first. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ChatStore', () => {
  let controller: WebSocketTestingController;
  let store: ChatStore;

  beforeEach(() => {
    controller = configureDemoTesting();
    store = TestBed.inject(ChatStore);
  });

  afterEach(() => controller.verify());

  /**
   * The server answers the next chat.join sent on `connection` with `reply`, or refuses it with that
   * message. Returns what the join asked for.
   */
  function answerJoin(connection: TestWebSocketConnection, reply: ChatJoined | string): unknown {
    const request = connection.expectSent('chat.join');
    const { id } = request.json as { id: number };
    connection.deliver(
      JSON.stringify(typeof reply === 'string' ? { type: 'error', re: id, payload: { message: reply } } : { type: 'chat.join', re: id, payload: reply }),
    );
    return request.payload;
  }

  async function joinAs(connection: TestWebSocketConnection, name: string, history: ChatMessage[] = []): Promise<void> {
    const joining = store.join(name);
    expect(store.joining()).toBe(true);
    answerJoin(connection, { name, history, online: [name] });
    await joining;
  }

  /** The server drops the link; the store reconnects after the first backoff delay. */
  function dropAndReconnect(connection: TestWebSocketConnection): TestWebSocketConnection {
    connection.close(1012, 'restart');
    controller.tick(FIRST_RETRY_MS);
    return acceptConnection(controller);
  }

  /** Moves the clock 2 s on an open link: the heartbeat pings after 2 s of silence, and the server answers. */
  function twoQuietSeconds(connection: TestWebSocketConnection): void {
    controller.tick(HEARTBEAT_INTERVAL_MS);
    connection.deliverMessage('pong', connection.expectSent('ping').payload);
  }

  it('joins, shows the history and who is online, and sends under the joined name', async () => {
    const connection = acceptConnection(controller);
    await joinAs(connection, 'ada', [message('1', 'earlier')]);
    expect(store.name()).toBe('ada');
    expect(store.joined()).toBe(true);
    expect(store.joining()).toBe(false);
    expect(texts(store.messages())).toEqual(['earlier']);
    expect(store.online()).toEqual(['ada']);

    expect(store.send('hello')).toBe(true);
    expect(connection.expectSent('chat.send').payload).toEqual({ text: 'hello', name: 'ada' });
    expect(store.queued()).toEqual([]);
  });

  it('says why a join failed and stays out of the room', async () => {
    const connection = acceptConnection(controller);
    const joining = store.join('ada');
    answerJoin(connection, 'the name "ada" is taken by someone online; choose another');
    await joining;
    expect(store.name()).toBeNull();
    expect(store.problem()).toBe('Could not join: the name "ada" is taken by someone online; choose another');
  });

  it(`gives up on a join the server does not answer within ${JOIN_TIMEOUT_MS} ms`, async () => {
    const connection = acceptConnection(controller);
    const joining = store.join('ada');
    connection.expectSent('chat.join');
    twoQuietSeconds(connection);
    twoQuietSeconds(connection);
    controller.tick(JOIN_TIMEOUT_MS - 4_000 - 1);
    expect(store.joining()).toBe(true);
    controller.tick(1);
    await joining;
    expect(store.joining()).toBe(false);
    expect(store.name()).toBeNull();
    expect(store.problem()).toBe('Could not join: the server did not answer in time');
  });

  it('after a reconnect joins again under the same name and merges the history: missed messages once, none twice', async () => {
    const first = acceptConnection(controller);
    await joinAs(first, 'ada', [message('1', 'first')]);
    first.deliverMessage('chat.message', message('2', 'second', 2));

    first.close(1012, 'restart');
    expect(store.joined()).toBe(false);
    controller.tick(FIRST_RETRY_MS);
    const second = acceptConnection(controller);
    expect(store.joined()).toBe(false); // not in the room on the new connection yet
    const history = [message('1', 'first'), message('2', 'second', 2), message('3', 'missed', 3)];
    expect(answerJoin(second, { name: 'ada', history, online: ['ada', 'bob'] })).toEqual({ name: 'ada' });
    await settled();

    expect(texts(store.messages())).toEqual(['first', 'second', 'missed']);
    expect(store.online()).toEqual(['ada', 'bob']);
    expect(store.joined()).toBe(true);
  });

  it('asks for a new name when the old one was taken while it was away', async () => {
    const first = acceptConnection(controller);
    await joinAs(first, 'ada');
    const second = dropAndReconnect(first);
    answerJoin(second, 'the name "ada" is taken by someone online; choose another');
    await settled();
    expect(store.name()).toBeNull();
    expect(store.problem()).toBe('Could not rejoin as ada: the name "ada" is taken by someone online; choose another');
  });

  it('queues what is sent while the link is down and sends it first on the next link, before the rejoin', async () => {
    const first = acceptConnection(controller);
    await joinAs(first, 'ada');
    first.close(1012, 'restart');

    expect(store.send('while you were away')).toBe(true);
    expect(store.send('and another')).toBe(true);
    expect(store.queued()).toEqual(['while you were away', 'and another']);
    expect(store.problem()).toBeNull();

    controller.tick(FIRST_RETRY_MS);
    const second = acceptConnection(controller);
    // The queued messages name their sender, so the server puts this new connection in the room first.
    expect(second.expectSent('chat.send').payload).toEqual({ text: 'while you were away', name: 'ada' });
    expect(second.expectSent('chat.send').payload).toEqual({ text: 'and another', name: 'ada' });
    expect(second.sent.map((frame) => frame.type)).toEqual(['resume', 'chat.send', 'chat.send', 'chat.join']);
    expect(store.queued()).toEqual([]);
    answerJoin(second, { name: 'ada', history: [], online: ['ada'] });
    await settled();
    expect(store.joined()).toBe(true);
  });

  it('counts the messages the server has not confirmed, queued or sent, until it acknowledges them', async () => {
    const connection = acceptConnection(controller);
    await joinAs(connection, 'ada');
    expect(store.unconfirmed()).toBe(0);
    store.send('one');
    store.send('two');
    connection.expectSent('chat.send');
    const { id } = connection.expectSent('chat.send').json as { id: number };
    expect(store.unconfirmed()).toBe(2); // sent, not yet acknowledged: not listed as queued
    expect(store.queued()).toEqual([]);

    connection.close(1012, 'restart');
    store.send('three');
    expect(store.unconfirmed()).toBe(3);
    controller.tick(FIRST_RETRY_MS);
    const reopened = acceptConnection(controller);
    reopened.deliver(JSON.stringify({ type: 'ack', id })); // acks are cumulative: 'one' and 'two'
    expect(store.unconfirmed()).toBe(1);
    const { id: last } = [reopened.expectSent('chat.send'), reopened.expectSent('chat.send'), reopened.expectSent('chat.send')][2].json as { id: number };
    reopened.deliver(JSON.stringify({ type: 'ack', id: last }));
    expect(store.unconfirmed()).toBe(0);
    answerJoin(reopened, { name: 'ada', history: [], online: ['ada'] });
    await settled();
  });

  it("shows the server's refusal of a message it sent", async () => {
    const connection = acceptConnection(controller);
    await joinAs(connection, 'ada');
    store.send('x'.repeat(501));
    const { id } = connection.expectSent('chat.send').json as { id: number };
    connection.deliver(JSON.stringify({ type: 'error', re: id, payload: { message: '"text" is 501 characters long; at most 500 are allowed' } }));
    expect(store.problem()).toBe('Not sent: "text" is 501 characters long; at most 500 are allowed');

    store.send('fine');
    connection.expectSent('chat.send');
    expect(store.problem()).toBeNull();
  });

  it('drops a rejoin still waiting when the link drops again, so its timeout cannot spoil the next one', async () => {
    const first = acceptConnection(controller);
    await joinAs(first, 'ada');
    const second = dropAndReconnect(first);
    second.expectSent('chat.join'); // no answer: the link drops first

    second.close(1012, 'restart');
    controller.tick(1_000); // the second retry comes within the 1 s window of a second attempt
    const third = acceptConnection(controller);
    third.expectSent('chat.join'); // the unanswered one, sent again with its id (acks)
    answerJoin(third, { name: 'ada', history: [], online: ['ada'] });
    await settled();
    expect(store.joined()).toBe(true);

    // Past the deadline of the dropped rejoin (5 s after it was sent, 1 s before this link opened).
    twoQuietSeconds(third);
    twoQuietSeconds(third);
    controller.tick(1_000);
    await settled();
    expect(store.problem()).toBeNull();
    expect(store.joined()).toBe(true);
  });
});
