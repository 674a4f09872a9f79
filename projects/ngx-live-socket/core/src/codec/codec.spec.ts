import { jsonEnvelopeCodec } from './codec';

describe('jsonEnvelopeCodec', () => {
  it('round-trips an envelope', () => {
    const envelope = { type: 'chat.send', payload: { text: 'hi', n: [1, 2] }, id: 17, channel: 'room:1' };
    expect(jsonEnvelopeCodec.decode(jsonEnvelopeCodec.encode(envelope) as string)).toEqual(envelope);
  });

  it.each([
    ['{nope', 'not valid JSON'],
    ['[1,2]', 'not a JSON object envelope'],
    ['"text"', 'not a JSON object envelope'],
    ['null', 'not a JSON object envelope'],
    ['{"payload":1}', 'no "type" string'],
    ['{"type":""}', 'no "type" string'],
    ['{"type":5}', 'no "type" string'],
    ['{"type":"x","seq":-1}', '"seq" is not a non-negative integer'],
    ['{"type":"x","id":"7"}', '"id" is not a non-negative integer'],
    ['{"type":"x","re":1.5}', '"re" is not a non-negative integer'],
    ['{"type":"x","channel":7}', '"channel" is not a string'],
  ])('rejects %s: %s', (frame, problem) => {
    expect(() => jsonEnvelopeCodec.decode(frame)).toThrow(problem);
  });

  it('rejects binary frames and deeply nested JSON without crashing', () => {
    expect(() => jsonEnvelopeCodec.decode(new ArrayBuffer(3))).toThrow('binary frame');
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(() => jsonEnvelopeCodec.decode(deep)).toThrow();
  });
});
