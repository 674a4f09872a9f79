import { useReferenceServer } from '../support/in-process-reference-server';

describe('reference server: envelopes, errors, ping and debug.drop', () => {
  const { connect } = useReferenceServer();

  it('answers ping with pong carrying the same payload', async () => {
    const a = await connect();
    a.send({ type: 'ping', payload: { t: 1234 } });
    expect(await a.next('pong')).toEqual({ type: 'pong', payload: { t: 1234 } });
  });

  it.each([
    ['text that is not JSON', '{"type": nope', /^the frame is not valid JSON \(.+\); expected \{"type": "\.\.\.", "payload": \.\.\.\}$/],
    ['a JSON array', '[1,2]', /^expected a JSON object \{"type": "\.\.\.", "payload": \.\.\.\}, got an array$/],
    ['an object without type', '{"payload":{}}', /^"type" must be a non-empty string of at most 64 characters, got nothing$/],
    ['an id that is not an integer', '{"type":"echo","id":"7"}', /^"id" must be a non-negative integer when present, got "7"$/],
    ['a binary frame', Buffer.from([1, 2, 3]), /^binary frames are not supported/],
  ])('answers %s with an error naming the problem, and keeps the connection', async (_, frame, message) => {
    const a = await connect();
    a.send(frame);
    expect(await a.next('error')).toEqual({ type: 'error', payload: { message: expect.stringMatching(message) } });
    await a.sync(); // still connected and served
  });

  it('names an unknown type as the cause and lists the types it knows', async () => {
    const a = await connect();
    a.send({ type: 'counter.reset' });
    const { payload } = await a.next('error');
    expect(payload.cause).toBe('counter.reset');
    expect(payload.message).toMatch(/^unknown message type "counter\.reset"; this server understands: .*chat\.join.*counter\.add/);
  });

  it('answers an unknown type sent with an id by an error correlated with re', async () => {
    const a = await connect();
    expect(await a.request('nope', 9, {})).toEqual({ type: 'error', re: 9, payload: { message: expect.stringMatching(/unknown message type "nope"/) } });
  });

  it('refuses a request sent without an id, because its reply could not be matched', async () => {
    const a = await connect();
    a.send({ type: 'chat.join', payload: { name: 'alice' } });
    expect((await a.next('error')).payload).toEqual({ message: expect.stringMatching(/"chat\.join" is a request: send it with an "id"/), cause: 'chat.join' });
  });

  it('debug.drop cuts the sender\'s TCP connection without a close frame (1006), and only the sender\'s', async () => {
    const [dropped, bystander] = await Promise.all([connect(), connect()]);
    dropped.send({ type: 'debug.drop' });
    expect(await dropped.closed).toEqual({ code: 1006, reason: '' });
    expect((await bystander.next('presence.count', (count) => count.payload.users === 1)).payload).toEqual({ users: 1 });
  });
});
