import { HISTORY_SIZE } from '../../demo/server/chat.mjs';
import { useReferenceServer } from '../support/in-process-reference-server';
import { TestClient } from '../support/server-test-client';

describe('reference server: chat', () => {
  let lastId = 0;
  const { connect } = useReferenceServer();
  const join = (client: TestClient, name: unknown) => client.request('chat.join', ++lastId, { name });
  const joined = async (name: string) => {
    const client = await connect();
    const reply = await join(client, name);
    expect(reply.type).toBe('chat.join');
    return client;
  };

  it('answers chat.join with the name, the history and who is online, and tells members who joined', async () => {
    const alice = await joined('alice');
    await alice.next('chat.presence', (presence) => presence.payload.online.length === 1);
    const bob = await connect();
    const reply = await join(bob, '  bob ');
    expect(reply.payload).toEqual({ name: 'bob', history: [], online: ['alice', 'bob'] });
    expect((await alice.next('chat.presence')).payload).toEqual({ online: ['alice', 'bob'] });

    await bob.close();
    expect((await alice.next('chat.presence')).payload).toEqual({ online: ['alice'] });
  });

  it('broadcasts a message to every member with id, sender, text and time; non-members get nothing', async () => {
    const alice = await joined('alice');
    const bob = await joined('bob');
    const lurker = await connect();
    const before = Date.now();

    alice.send({ type: 'chat.send', payload: { text: 'hello everyone' } });

    const toBob = (await bob.next('chat.message')).payload;
    expect(toBob).toEqual({ id: expect.any(String), from: 'alice', text: 'hello everyone', at: expect.any(Number) });
    expect(toBob.at).toBeGreaterThanOrEqual(before);
    expect((await alice.next('chat.message')).payload).toEqual(toBob);
    await lurker.sync();
    expect(lurker.waiting('chat.message')).toEqual([]);
  });

  it('flags a message mentionsYou only in the copy for the @named user (case-insensitive)', async () => {
    const alice = await joined('alice');
    const bob = await joined('Bob');
    const carol = await joined('carol');

    alice.send({ type: 'chat.send', payload: { text: 'ping @bob, and not @caro or carol@example.com' } });

    expect((await bob.next('chat.message')).payload.mentionsYou).toBe(true);
    expect((await carol.next('chat.message')).payload).not.toHaveProperty('mentionsYou');
    expect((await alice.next('chat.message')).payload).not.toHaveProperty('mentionsYou');
  });

  it(`gives a newcomer the last ${HISTORY_SIZE} messages, oldest first, flagged where they mention the newcomer`, async () => {
    const alice = await joined('alice');
    for (let i = 1; i <= HISTORY_SIZE + 5; i++) {
      alice.send({ type: 'chat.send', payload: { text: i === HISTORY_SIZE ? `number ${i} for @dave` : `number ${i}` } });
    }
    await alice.next('chat.message', (message) => message.payload.text === `number ${HISTORY_SIZE + 5}`);

    const { payload } = await join(await connect(), 'dave');
    expect(payload.history).toHaveLength(HISTORY_SIZE);
    expect(payload.history[0].text).toBe('number 6');
    expect(payload.history.at(-1).text).toBe(`number ${HISTORY_SIZE + 5}`);
    expect(payload.history.filter((message: { mentionsYou?: true }) => message.mentionsYou)).toEqual([
      expect.objectContaining({ text: `number ${HISTORY_SIZE} for @dave` }),
    ]);
  });

  it('refuses a name someone online already has (ignoring case), and frees it when they leave', async () => {
    const alice = await joined('alice');
    const impostor = await connect();
    const refused = await join(impostor, 'ALICE');
    expect(refused.type).toBe('error');
    expect(refused.payload.message).toMatch(/"ALICE" is taken/);

    await alice.close();
    expect((await join(impostor, 'ALICE')).payload.name).toBe('ALICE');
  });

  it('keeps one name per connection: joining again with it is answered again, another name is refused', async () => {
    const alice = await joined('alice');
    expect((await join(alice, 'alice')).payload.online).toEqual(['alice']);
    expect((await join(alice, 'alicia')).payload.message).toMatch(/already joined as "alice"/);
  });

  it.each([
    ['', /"name" must not be empty/],
    ['x'.repeat(25), /"name" is 25 characters long; at most 24/],
    ['two words', /only letters, digits/],
    ['<b>', /only letters, digits/],
    [42, /"name" must be a string, got 42/],
  ])('refuses the name %j with an error reply naming the problem', async (name, message) => {
    const reply = await join(await connect(), name);
    expect(reply).toEqual({ type: 'error', re: lastId, payload: { message: expect.stringMatching(message) } });
  });

  it('counts characters, not UTF-16 units: a name of 24 letters in any script and a text of 500 emoji pass', async () => {
    const alice = await joined('Ωμέγα'.repeat(4) + 'ΩΩΩΩ');
    alice.send({ type: 'chat.send', payload: { text: '🎉'.repeat(500) } });
    expect((await alice.next('chat.message')).payload.text).toHaveLength(1000);
  });

  it.each([
    ['a 501-character text', { text: 'x'.repeat(501) }, /"text" is 501 characters long; at most 500/],
    ['a blank text', { text: '   ' }, /"text" must not be empty/],
    ['no text', {}, /"text" must be a string, got nothing/],
  ])('refuses chat.send with %s: an error naming the cause, and nothing broadcast', async (_, payload, message) => {
    const alice = await joined('alice');
    alice.send({ type: 'chat.send', payload });
    expect((await alice.next('error')).payload).toEqual({ message: expect.stringMatching(message), cause: 'chat.send' });
    await alice.sync();
    expect(alice.waiting('chat.message')).toEqual([]);
  });

  it('refuses chat.send before chat.join', async () => {
    const stranger = await connect();
    stranger.send({ type: 'chat.send', payload: { text: 'hi' } });
    expect((await stranger.next('error')).payload.message).toMatch(/join the chat first/);
  });

  it('keeps text as text: markup comes back byte for byte, for the client to render as text', async () => {
    const alice = await joined('alice');
    const text = '<img src=x onerror="window.__xss=1">';
    alice.send({ type: 'chat.send', payload: { text } });
    expect((await alice.next('chat.message')).payload.text).toBe(text);
  });
});

describe('chat: a message queued offline arrives on a new connection before the client joins again', () => {
  const fixture = useReferenceServer();

  it('joins with the name it carries, then is delivered to everyone, once', async () => {
    const reader = await fixture.connect();
    await reader.request('chat.join', 1, { name: 'bea' });
    const writer = await fixture.connect(); // a fresh connection that never sent chat.join
    writer.send({ type: 'chat.send', payload: { text: 'sent while offline', name: 'ada' } });
    expect((await reader.next('chat.presence', (e) => e.payload.online.length === 2)).payload.online).toEqual(['ada', 'bea']);
    expect((await reader.next('chat.message')).payload).toMatchObject({ from: 'ada', text: 'sent while offline' });
    writer.send({ type: 'chat.send', payload: { text: 'as someone else', name: 'cy' } });
    expect((await writer.next('error')).payload.message).toBe('this connection joined as "ada", not "cy"');
    await writer.close();
    await reader.close();
  });

  it('refuses a name taken by someone online', async () => {
    const ada = await fixture.connect();
    await ada.request('chat.join', 1, { name: 'ada' });
    const impostor = await fixture.connect();
    impostor.send({ type: 'chat.send', payload: { text: 'hi', name: 'ADA' } });
    expect((await impostor.next('error')).payload.message).toContain('the name "ADA" is taken');
    await impostor.close();
    await ada.close();
  });
});
