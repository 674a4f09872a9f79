#!/usr/bin/env node
// Starts the reference server: the built demo app and its WebSocket endpoint on one port.
// Environment: PORT (default 4300; 0 picks a free one), HOST (default 127.0.0.1), ALLOWED_ORIGINS
// (comma-separated origins that may open a WebSocket; default: this server's own origin and pages on
// localhost/127.0.0.1), LIMITS (JSON overriding limits.mjs, e.g. '{"messagesPerSecond":500}'), STATE_FILE
// (journal of delivery sessions: they then survive restarts and crashes), ENABLE_TEST_STREAMS=1 (the test.*
// traffic generators of test-streams.mjs), REDIS_URL (redis://host:port: share state with other instances
// through Redis instead of keeping it in this process; see README "Several instances"). SIGINT/SIGTERM shut it down gracefully: clients get 1001, exit 0.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveLimits } from './limits.mjs';
import { parseAllowedOrigins } from './origin-policy.mjs';
import { startReferenceServer } from './reference-server.mjs';

const staticDir = join(dirname(fileURLToPath(import.meta.url)), '../../dist/demo/browser');
const port = Number(process.env.PORT ?? 4300);
const host = process.env.HOST ?? '127.0.0.1';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be an integer in 0-65535, got "${process.env.PORT}".`);
  process.exit(2);
}
let allowedOrigins = null;
if (process.env.ALLOWED_ORIGINS !== undefined) {
  try {
    allowedOrigins = parseAllowedOrigins(process.env.ALLOWED_ORIGINS);
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}
let limits;
if (process.env.LIMITS !== undefined) {
  try {
    limits = resolveLimits(JSON.parse(process.env.LIMITS));
  } catch (error) {
    console.error(`LIMITS must be a JSON object of limits.mjs options: ${error.message}`);
    process.exit(2);
  }
}
if (!existsSync(staticDir)) {
  console.warn(`The demo app is not built (${staticDir} is missing): serving the WebSocket endpoint only.`);
}

if (process.env.REDIS_URL && process.env.STATE_FILE) {
  console.error('Set REDIS_URL (delivery sessions in Redis) or STATE_FILE (in a local journal), not both.');
  process.exit(2);
}
if (process.env.REDIS_URL && !/^rediss?:\/\//.test(process.env.REDIS_URL)) {
  console.error(`REDIS_URL must be a redis:// or rediss:// URL, got "${process.env.REDIS_URL}".`);
  process.exit(2);
}

const server = await startReferenceServer({
  host,
  port,
  staticDir,
  allowedOrigins,
  limits,
  stateFile: process.env.STATE_FILE || undefined,
  testStreams: process.env.ENABLE_TEST_STREAMS === '1',
  redisUrl: process.env.REDIS_URL || undefined,
});
const { backplane, instance } = server.health();
console.log(
  `ngx-live-socket demo: ${server.url} (WebSocket at ${server.socketUrl}) state in ${backplane}${backplane === 'redis' ? `, instance ${instance}` : ''}`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) {
      console.log('Stopping at once.');
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: closing ${server.connectionCount} connection(s) and stopping...`);
    await server.close();
    process.exit(0);
  });
}
