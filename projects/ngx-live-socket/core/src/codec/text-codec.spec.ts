import { TEXT_MESSAGE_TYPE, textCodec } from './text-codec';

describe('textCodec', () => {
  it('maps a text frame to a "text" message and a "text" message back to the bare string', () => {
    expect(textCodec.decode('hello {"not":"json"}')).toEqual({ type: TEXT_MESSAGE_TYPE, payload: 'hello {"not":"json"}' });
    expect(textCodec.encode({ type: 'text', payload: 'hi there' })).toBe('hi there');
  });

  it.each([
    [{ type: 'chat.send', payload: 'hi' }, 'got type "chat.send"'],
    [{ type: 'ping', payload: { t: 1 } }, 'got type "ping"'],
    [{ type: 'text', payload: { text: 'hi' } }, 'got a payload of type object'],
    [{ type: 'text' }, 'got a payload of type undefined'],
  ])('refuses to invent a text form for %j', (envelope, problem) => {
    expect(() => textCodec.encode(envelope)).toThrow(problem);
  });

  it('refuses binary frames', () => {
    expect(() => textCodec.decode(new ArrayBuffer(2))).toThrow('binary frame');
  });
});
