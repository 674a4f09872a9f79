import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built demo app from `root`. A path without a file extension that names no file is one of the
 * app's routes, so it gets index.html and the app's router handles the deep link; a missing asset is a 404.
 * A path with a `..` segment (raw or percent-encoded) or a NUL byte is refused before the file system is
 * asked anything.
 */
export function createStaticHandler(root) {
  const rootWithSep = root.endsWith(sep) ? root : root + sep;
  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = decodedPath(request.url ?? '/');
    if (pathname === null) {
      sendText(response, 400, 'The request path is not a valid percent-encoded path.');
      return;
    }
    const candidate = normalize(join(root, pathname));
    if (climbsOut(pathname) || (candidate !== root && !candidate.startsWith(rootWithSep))) {
      sendText(response, 403, 'The path leaves the app folder.');
      return;
    }
    const isRoute = extname(pathname) === '';
    const file = (await isFile(candidate)) ? candidate : isRoute ? join(root, 'index.html') : null;
    if (file === null) {
      sendText(response, 404, `Not found: ${pathname}`);
      return;
    }
    if (!(await isFile(file))) {
      sendText(response, 404, 'The demo app is not built: run npm start.');
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      // Angular's build puts a content hash in every asset name; only index.html changes under its name.
      'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file).pipe(response);
  };
}

/**
 * The request's path, percent-decoded, taken from the raw request target: `new URL()` would quietly
 * resolve `..` segments and hide a traversal attempt. `null` when the encoding is broken.
 */
function decodedPath(target) {
  try {
    const rawPath = target.startsWith('/') ? target.split(/[?#]/, 1)[0] : new URL(target).pathname;
    return decodeURIComponent(rawPath);
  } catch {
    return null;
  }
}

function climbsOut(pathname) {
  return pathname.includes('\0') || pathname.split(/[/\\]/).includes('..');
}

/** A plain-text answer (a refusal that names the problem), with any further headers. */
export function sendText(response, status, text, headers = {}) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers }).end(text);
}

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
