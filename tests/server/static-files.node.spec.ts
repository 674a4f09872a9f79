import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer } from '../../demo/server/reference-server.mjs';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with the path sent exactly as written (like curl --path-as-is): no client-side normalisation. */
function rawGet(port: number, path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('reference server: static files', () => {
  let folder: string;
  let server: Awaited<ReturnType<typeof startReferenceServer>>;
  const get = (path: string, method?: string) => rawGet(server.port, path, method);

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'ngx-live-socket-static-'));
    await mkdir(join(folder, 'app/media'), { recursive: true });
    await writeFile(join(folder, 'app/index.html'), '<app-root></app-root>');
    await writeFile(join(folder, 'app/main-ABC123.js'), 'console.log(1)');
    await writeFile(join(folder, 'app/media/logo.svg'), '<svg/>');
    await writeFile(join(folder, 'secret.txt'), 'TOP SECRET');
    server = await startReferenceServer({ staticDir: join(folder, 'app') });
  });

  afterAll(async () => {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('serves the app with its content type, long caching for hashed assets and none for index.html', async () => {
    const index = await get('/');
    expect(index).toMatchObject({ status: 200, body: '<app-root></app-root>' });
    expect(index.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });

    const script = await get('/main-ABC123.js?v=1');
    expect(script).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(script.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' });
    expect((await get('/media/logo.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('answers the app routes (deep links) with index.html, and a missing asset with 404', async () => {
    expect(await get('/chat')).toMatchObject({ status: 200, body: '<app-root></app-root>' });
    expect(await get('/counter/')).toMatchObject({ status: 200, body: '<app-root></app-root>' });
    expect(await get('/missing-XYZ.js')).toMatchObject({ status: 404, body: 'Not found: /missing-XYZ.js' });
  });

  it.each([
    '/../secret.txt',
    '/media/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/media/..%2F..%2Fsecret.txt',
    '/media/%2E%2E%5C..%5Csecret.txt',
    '/%00index.html',
  ])('refuses the raw path %s with 403 and never leaks what lies outside', async (path) => {
    const answer = await get(path);
    expect(answer).toMatchObject({ status: 403, body: 'The path leaves the app folder.' });
  });

  it('answers a broken percent-encoding with 400 and a method other than GET/HEAD with 405', async () => {
    expect(await get('/%E0%A4%A')).toMatchObject({ status: 400 });
    const post = await get('/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
  });

  it('answers HEAD with the headers and no body', async () => {
    expect(await get('/main-ABC123.js', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });
});
