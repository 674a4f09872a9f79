// Compiled by tsc (npm run test:types), never run: each @ts-expect-error line must stay an error.
// Pins FetchLike: the browser's fetch fits it as it is, and a wrapper around it too, without a cast (Node's
// fetch, without the DOM lib, is pinned by tests/core-in-node/check-core-types.ts); what is not a fetch does not.
import type { FetchLike } from '../../public-api';
import { HttpSocket } from '../../public-api';

export const browserFetch: FetchLike = fetch;
export const wrapped: FetchLike = (url, init) => fetch(url, init);
export const socket = new HttpSocket('wss://example.com/live', { fetch });
export const defaultFetch = new HttpSocket('wss://example.com/live');
export const transport: 'http' = socket.transport;

// @ts-expect-error a fetch must resolve to a response, not its text
export const textOnly: FetchLike = async (url: string) => url;
// @ts-expect-error the socket reads the status, the headers and the body: a response without them does not fit
export const noBody: FetchLike = async () => ({ status: 200, text: async () => '' });
// @ts-expect-error the socket passes the URL as a string
export const urlObject: FetchLike = (url: URL) => fetch(url);
