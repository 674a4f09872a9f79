import fc from 'fast-check';
import { EventStreamReader, type EventStreamEvent } from './event-stream-reader';

/** Feeds the chunks one by one and collects every event, as the HTTP socket does. */
function readAll(chunks: readonly string[]): EventStreamEvent[] {
  const reader = new EventStreamReader();
  return chunks.flatMap((chunk) => reader.read(chunk));
}

/** Every way of cutting `text` into two or three chunks (empty chunks included). */
function splits(text: string): string[][] {
  const result: string[][] = [];
  for (let first = 0; first <= text.length; first++) {
    for (let second = first; second <= text.length; second++) {
      result.push([text.slice(0, first), text.slice(first, second), text.slice(second)]);
    }
    result.push([text.slice(0, first), text.slice(first)]);
  }
  return result;
}

const SAMPLE =
  'event: open\r\ndata: {"link":"abc"}\r\n\r\n' +
  ': keepalive\n\n' +
  'data: {"type":"a"}\n\n' +
  'data: line one\rdata: line two\r\r' +
  'id: 7\nretry: 100\nunknown: x\ndata:no space\n\n' +
  'data\n\n' +
  'event: close\ndata: {"code":1001,"reason":"bye"}\n\n' +
  'data: never dispatched';

const SAMPLE_EVENTS: EventStreamEvent[] = [
  { event: 'open', data: '{"link":"abc"}' },
  { event: 'message', data: '{"type":"a"}' },
  { event: 'message', data: 'line one\nline two' },
  { event: 'message', data: 'no space' },
  { event: 'message', data: '' },
  { event: 'close', data: '{"code":1001,"reason":"bye"}' },
];

describe('EventStreamReader', () => {
  it('reads the sample stream in one chunk', () => {
    expect(readAll([SAMPLE])).toEqual(SAMPLE_EVENTS);
  });

  it('gives the same events for every split of the sample into two or three chunks', () => {
    const all = splits(SAMPLE);
    expect(all.length).toBeGreaterThan(SAMPLE.length * SAMPLE.length / 2);
    for (const chunks of all) {
      expect(readAll(chunks)).toEqual(SAMPLE_EVENTS);
    }
  });

  it('gives the same events one character at a time', () => {
    expect(readAll([...SAMPLE])).toEqual(SAMPLE_EVENTS);
  });

  it('gives the same events for any chunking of generated streams with any line ends', () => {
    const line = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', ' ', ':', 'é', '{', '"') }).map((text) => `data: ${text}`),
      fc.constantFrom('event: open', 'event: close', 'event:', ': comment', 'id: 3', 'data', ''),
    );
    const lineEnd = fc.constantFrom('\n', '\r', '\r\n');
    const stream = fc.array(fc.tuple(line, lineEnd), { maxLength: 30 }).map((lines) => lines.map(([text, end]) => text + end).join(''));
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((from, index) => text.slice(from, [...points, text.length][index]));
        expect(readAll(chunks)).toEqual(readAll([text]));
      }),
    );
  });

  it('joins several data lines with \\n and keeps spaces after the first', () => {
    expect(readAll(['data:  two spaces\ndata: \ndata: end\n\n'])).toEqual([{ event: 'message', data: ' two spaces\n\nend' }]);
  });

  it('ignores comments and unknown fields, and dispatches nothing without data', () => {
    expect(readAll([': keepalive\n\nretry: 5\nfoo: bar\n\nevent: open\n\n'])).toEqual([]);
  });

  it('resets the event name after each event', () => {
    expect(readAll(['event: open\ndata: 1\n\ndata: 2\n\n'])).toEqual([
      { event: 'open', data: '1' },
      { event: 'message', data: '2' },
    ]);
  });

  it('does not dispatch an event whose blank line never came', () => {
    const reader = new EventStreamReader();
    expect(reader.read('data: a\n')).toEqual([]);
    expect(reader.read('data: b\r\n')).toEqual([]);
    expect(reader.read('\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('treats a \\r\\n split across chunks as one line break, not two', () => {
    const reader = new EventStreamReader();
    expect(reader.read('data: a\r')).toEqual([]);
    // Were the \n a second line break, this would be the blank line that dispatches "a".
    expect(reader.read('\ndata: b\r')).toEqual([]);
    expect(reader.read('\n\r\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('treats a lone \\r followed by another line as a line break', () => {
    const reader = new EventStreamReader();
    expect(reader.read('data: a\r')).toEqual([]);
    expect(reader.read('\r')).toEqual([{ event: 'message', data: 'a' }]);
  });
});
