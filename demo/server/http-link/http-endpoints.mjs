import { randomBytes } from 'node:crypto';
import { describeJson } from '../protocol.mjs';
import { sendText } from '../static-files.mjs';
import { HttpLink } from './http-link.mjs';

/** How often an idle stream gets a `: keepalive` comment, so proxies do not cut it for silence. */
export const DEFAULT_KEEPALIVE_MS = 15_000;

/** A POST body may carry this many maximal frames: enough for a flushed offline queue, not for a memory attack. */
const MAX_BODY_FRAMES = 64;

/** Message too big: what `ws` closes with for a frame over maxPayload, and so does an HTTP link. */
const CLOSE_MESSAGE_TOO_BIG = 1009;

/** The query parameter naming the link in a POST (docs/protocol.md, "HTTP transport"). */
const LINK_PARAMETER = 'nls-link';

/** 128 random bits, base64url: the only credential a POST carries, so it must be unguessable. */
const newLinkId = () => randomBytes(16).toString('base64url');

/**
 * A POST whose frames the handlers closed the link over gets the status that says why (a close written on
 * the stream names the same). The reference server closes with 1008 only for its rate limit.
 */
const ANSWER_FOR_CLOSE = new Map([
  [1008, 429],
  [1001, 503],
  [CLOSE_MESSAGE_TOO_BIG, 413],
]);

/**
 * @typedef {object} HttpEndpointsOptions
 * @property {string} socketPath   the WebSocket's path: HTTP links live on the same one
 * @property {(request: import('node:http').IncomingMessage, endpoint: string) => { status: number, message: string } | undefined} refusalOf
 *   the checks a WebSocket handshake gets (shutting down 503, wrong path 404, foreign origin 403), so both
 *   transports refuse alike; `endpoint` names the transport in the 404 text
 * @property {(originHeader: string | undefined) => boolean} acceptsOrigin  the origin policy (for CORS headers)
 * @property {(link: HttpLink, request: import('node:http').IncomingMessage) => void} accept  what the server does
 *   with a new WebSocket, done with the link and the request that opened it (as `ws` gives its 'connection')
 * @property {number} maxPayloadBytes  the largest frame; a POST body may hold 64 of them
 * @property {number} [keepaliveMs]  @default 15000
 * @property {() => string} [linkId]  new link ids (tests may pin them) @default 128 random bits, base64url
 */

/**
 * The HTTP transport's two endpoints on the socket path (docs/protocol.md, "HTTP transport"): `GET` with
 * `Accept: text/event-stream` opens a link (the server -> client stream), `POST ?nls-link=<id>` carries a
 * JSON array of frames the other way. Every refusal is a plain-text answer naming the problem.
 *
 * @param {HttpEndpointsOptions} options
 */
export function createHttpEndpoints({ socketPath, refusalOf, acceptsOrigin, accept, maxPayloadBytes, keepaliveMs = DEFAULT_KEEPALIVE_MS, linkId = newLinkId }) {
  /** The live links by id; a link leaves once its stream is over. @type {Map<string, HttpLink>} */
  const links = new Map();
  const maxBodyBytes = MAX_BODY_FRAMES * maxPayloadBytes;

  /** Cross-origin pages the origin policy allows may read our answers (errors included, so they see why). */
  const corsHeaders = (request) => {
    const origin = request.headers.origin;
    return origin !== undefined && acceptsOrigin(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
  };
  const answer = (request, response, status, message, headers = {}) =>
    sendText(response, status, message, { 'cache-control': 'no-store', ...corsHeaders(request), ...headers });
  const refuse = (request, response) => {
    const refusal = refusalOf(request, 'HTTP link');
    if (refusal !== undefined) {
      answer(request, response, refusal.status, refusal.message);
    }
    return refusal !== undefined;
  };

  const openLink = (request, response) => {
    if (!acceptsEventStream(request)) {
      answer(request, response, 406, `${socketPath} opens an HTTP link only for a GET with "Accept: text/event-stream" (or a WebSocket); got Accept: ${request.headers.accept ?? 'none'}`);
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // nginx buffers responses unless told not to; other proxies know text/event-stream as a stream.
      'x-accel-buffering': 'no',
      ...corsHeaders(request),
    });
    const link = new HttpLink(response, { id: linkId(), keepaliveMs });
    links.set(link.id, link);
    link.once('close', () => links.delete(link.id));
    accept(link, request);
  };

  const unknownLink = (id) => `there is no open link "${id}": it was closed, never existed, or the server restarted; open a new one with GET`;
  /** Links with a POST being read or handled: a link has one at a time, so its frames are handled in the order sent. */
  const posting = new Set();

  const receiveFrames = async (request, response, id) => {
    if (id === null) {
      answer(request, response, 400, `a POST needs ${LINK_PARAMETER}=<id> in the query: the id of the stream's open event`);
      return;
    }
    if (!links.has(id)) {
      answer(request, response, 404, unknownLink(id));
      return;
    }
    if (posting.has(id)) {
      // Two POSTs at once could be handled in either order: refused whole, as a 400 is, and the link stays open.
      answer(request, response, 409, `another POST to link "${id}" is still being handled; send one POST at a time, the next once this one is answered`);
      return;
    }
    posting.add(id);
    try {
      await handleBody(request, response, id);
    } finally {
      posting.delete(id);
    }
  };

  /** Reads a POST's body and hands its frames to the link, in order; answers with what became of them. */
  const handleBody = async (request, response, id) => {
    const body = await readBody(request, maxBodyBytes);
    if (body.aborted) {
      return; // the client went away: nobody to answer
    }
    // Reading took time: the server may have started shutting down, the link may be gone.
    if (refuse(request, response)) {
      return;
    }
    const link = links.get(id);
    if (link === undefined) {
      answer(request, response, 404, unknownLink(id));
      return;
    }
    if (body.tooLarge) {
      const message = `the body is over ${maxBodyBytes} bytes (${MAX_BODY_FRAMES} x maxPayloadBytes)`;
      link.close(CLOSE_MESSAGE_TOO_BIG, 'POST body too large');
      answer(request, response, 413, message, { connection: 'close' }); // the rest of the upload is not read
      return;
    }
    const frames = framesOf(body.bytes);
    if (typeof frames === 'string') {
      answer(request, response, 400, frames); // the link stays open: nothing of this POST was handled
      return;
    }
    // Checked before any frame is handled: a POST is refused whole or handed over in order.
    const oversized = frames.findIndex((frame) => Buffer.byteLength(frame) > maxPayloadBytes);
    if (oversized !== -1) {
      const message = `frame ${oversized} is ${Buffer.byteLength(frames[oversized])} bytes; at most ${maxPayloadBytes} are allowed (maxPayloadBytes)`;
      link.close(CLOSE_MESSAGE_TOO_BIG, 'frame too large');
      answer(request, response, 413, message);
      return;
    }
    for (const frame of frames) {
      if (link.readyState !== HttpLink.OPEN) {
        break;
      }
      link.receive(frame);
    }
    if (link.readyState !== HttpLink.OPEN) {
      // A handler closed the link (the rate limit, a session that moved) or cut it: later frames were not handled.
      const { code, reason } = link.closedWith ?? { code: 1006, reason: 'cut by the server' };
      answer(request, response, ANSWER_FOR_CLOSE.get(code) ?? 404, `the link was closed while handling this POST: ${code} ${reason}`);
      return;
    }
    response.writeHead(204, { 'cache-control': 'no-store', ...corsHeaders(request) }).end();
  };

  return {
    /** How many links are open now. */
    get size() {
      return links.size;
    },

    /**
     * Whether a plain (non-upgrade) request is meant for these endpoints: anything on the socket path, and an
     * event-stream GET or a link POST on another path, so that those get a 404 naming the right path.
     *
     * @param {import('node:http').IncomingMessage} request
     */
    handles(request) {
      const url = new URL(request.url ?? '/', 'http://localhost');
      return url.pathname === socketPath || url.searchParams.has(LINK_PARAMETER) || acceptsEventStream(request);
    },

    /**
     * Answers one request {@link handles} took. Never throws: a failure is logged and answered with 500.
     *
     * @param {import('node:http').IncomingMessage} request @param {import('node:http').ServerResponse} response
     */
    async handle(request, response) {
      try {
        if (refuse(request, response)) {
          return;
        }
        if (request.method === 'GET') {
          openLink(request, response);
        } else if (request.method === 'POST') {
          await receiveFrames(request, response, new URL(request.url ?? '/', 'http://localhost').searchParams.get(LINK_PARAMETER));
        } else {
          answer(request, response, 405, `${socketPath} takes GET (open an HTTP link) and POST (send frames on one), not ${request.method}`, { allow: 'GET, POST' });
        }
      } catch (error) {
        console.error('reference server: an HTTP link request failed:', error);
        response.headersSent ? response.destroy() : answer(request, response, 500, 'the server failed to handle this request');
      }
    },
  };
}

/** Whether a request asks for an event stream (a browser navigating to the URL does not). */
function acceptsEventStream(request) {
  return (request.headers.accept ?? '').toLowerCase().includes('text/event-stream');
}

/**
 * The frames of a POST body, or the text of a 400 naming what is wrong with it.
 *
 * @param {Buffer} bytes @returns {string[] | string}
 */
function framesOf(bytes) {
  const expected = 'the body must be a JSON array of strings (the frames, in order)';
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return `${expected}; it is not valid UTF-8`;
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `${expected}; it is not JSON (${error.message})`;
  }
  if (!Array.isArray(value)) {
    return `${expected}; got ${describeJson(value)}`;
  }
  const index = value.findIndex((item) => typeof item !== 'string');
  return index === -1 ? value : `${expected}; item ${index} (from 0) is ${describeJson(value[index])}, not a string`;
}

/**
 * Reads a request body of at most `maxBytes`. Past that it stops keeping bytes and says so (the caller
 * answers 413 at once); a client that goes away mid-body gives `aborted`.
 *
 * @returns {Promise<{ bytes: Buffer, tooLarge?: false, aborted?: false } | { tooLarge: true, aborted?: false } | { aborted: true, tooLarge?: false }>}
 */
function readBody(request, maxBytes) {
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) {
    return Promise.resolve({ tooLarge: true });
  }
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve({ tooLarge: true }); // later chunks are dropped; the answer closes the connection
      } else {
        chunks.push(chunk);
      }
    });
    request.once('end', () => resolve({ bytes: Buffer.concat(chunks) }));
    request.once('close', () => resolve({ aborted: true })); // after 'end' this changes nothing
  });
}
