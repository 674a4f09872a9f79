// The Server-Sent Events text format (the `text/event-stream` body of an HTTP link, docs/protocol.md
// "HTTP transport"). Every event ends with a blank line; a reader joins an event's `data:` lines with "\n".

/** Any line break SSE knows: a reader splits on each of them, so a writer must too. */
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * One event. `data` is split on its line breaks into several `data:` lines, because a raw break would end
 * the field (and an empty line would end the event): the reader gets `data` back with each break as "\n".
 *
 * @param {string} data
 * @param {string} [event] the `event:` name; none for a plain frame (a reader then calls it "message")
 * @returns {string}
 */
export function eventStreamEvent(data, event) {
  if (event !== undefined && LINE_BREAK.test(event)) {
    throw new Error(`an event name cannot hold a line break, got ${JSON.stringify(event)}`);
  }
  const name = event === undefined ? '' : `event: ${event}\n`;
  return `${name}${data.split(LINE_BREAK).map((line) => `data: ${line}\n`).join('')}\n`;
}

/**
 * A comment: readers ignore it, but it is traffic, so idle proxies do not cut the stream.
 *
 * @param {string} text one line
 * @returns {string}
 */
export function eventStreamComment(text) {
  if (LINE_BREAK.test(text)) {
    throw new Error(`a comment is one line, got ${JSON.stringify(text)}`);
  }
  return `: ${text}\n\n`;
}
