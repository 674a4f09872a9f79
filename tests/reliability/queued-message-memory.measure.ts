// Run by queued-message-memory.node.spec.ts in a fresh `node`: what each message queued while offline holds,
// read from a V8 heap snapshot (object by object, so deterministic, unlike a heap growth), next to controls
// that show the reading sees what it looks for. Writes the snapshot in the folder given as its argument and
// prints one line of JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { MessagingClient } from '../../projects/ngx-live-socket/core/internal';
import { ScriptedSocket } from '../support/scripted-socket';

const MESSAGES = 1000;

/** Controls of a known size: the same object header with two and with three fields. */
class TwoFields {
  constructor(readonly a: unknown, readonly b: unknown) {}
}
class ThreeFields {
  constructor(readonly a: unknown, readonly b: unknown, readonly c: number) {}
}
/** Control: frames as `JSON.stringify` returns them, read once (which flattens a rope in place). */
class HeldFrame {
  constructor(readonly frame: string) {}
}

/**
 * A client holding MESSAGES messages queued while its link is down: one that never opened, or (`afterDrop`)
 * one whose link took a message and then dropped.
 */
function queueOffline(queue: { maxMessages: number; maxAgeMs?: number }, afterDrop = false): MessagingClient {
  const socket = new ScriptedSocket();
  const client = new MessagingClient({ url: 'ws://127.0.0.1:9/ws', webSocketFactory: () => socket, queue });
  client.connect();
  if (afterDrop) {
    socket.open();
    client.send('chat.send', { text: 'sent at once' });
    socket.close();
    socket.dispatchEvent(Object.assign(new Event('close'), { code: 1006, reason: '', wasClean: false }));
    if (socket.sent.length !== 1 || client.stats.queuedMessages !== 0) throw new Error('the first message did not go out at once');
  }
  for (let index = 0; index < MESSAGES; index++) {
    client.send('chat.send', { text: `message ${index}` });
  }
  return client;
}

interface SnapshotNode {
  type: string;
  name: string;
  selfSize: number;
  /** Property name to target node index. */
  properties: Map<string, number>;
}

function readHeap(): SnapshotNode[] {
  const snapshot = JSON.parse(readFileSync(writeHeapSnapshot(join(process.argv[2], 'queued.heapsnapshot')), 'utf8')) as never as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const { node_fields, node_types, edge_fields, edge_types } = snapshot.snapshot.meta;
  const field = (name: string) => node_fields.indexOf(name);
  const [type, name, selfSize, edgeCount] = ['type', 'name', 'self_size', 'edge_count'].map(field);
  const nodes: SnapshotNode[] = [];
  let edge = 0;
  for (let at = 0; at < snapshot.nodes.length; at += node_fields.length) {
    const properties = new Map<string, number>();
    for (let count = snapshot.nodes[at + edgeCount]; count > 0; count--, edge += edge_fields.length) {
      if (edge_types[0][snapshot.edges[edge]] === 'property') {
        properties.set(snapshot.strings[snapshot.edges[edge + 1]], snapshot.edges[edge + 2] / node_fields.length);
      }
    }
    nodes.push({ type: node_types[0][snapshot.nodes[at + type]], name: snapshot.strings[snapshot.nodes[at + name]], selfSize: snapshot.nodes[at + selfSize], properties });
  }
  return nodes;
}

/**
 * Sizes of the instances of the class `name` (objects of that name with the property `field`: its prototype has
 * the same name), and the kinds of string their `frame` points to.
 */
function describe(nodes: SnapshotNode[], name: string, field = 'frame') {
  const objects = nodes.filter((node) => node.type === 'object' && node.name === name && node.properties.has(field));
  const frameKinds: Record<string, number> = {};
  for (const object of objects) {
    const frame = object.properties.get('frame');
    const kind = frame === undefined ? 'none' : nodes[frame].type;
    frameKinds[kind] = (frameKinds[kind] ?? 0) + 1;
  }
  return { count: objects.length, selfSizes: [...new Set(objects.map((object) => object.selfSize))], frameKinds };
}

const byDefault = queueOffline({ maxMessages: MESSAGES });
const afterDrop = queueOffline({ maxMessages: MESSAGES }, true);
const withMaxAge = queueOffline({ maxMessages: MESSAGES, maxAgeMs: 60_000 });
const controls = {
  // As many as the entries: V8 sizes a class's instances once it has seen a few (slack tracking).
  two: Array.from({ length: MESSAGES }, (_, index) => new TwoFields({ index }, 'b')),
  three: Array.from({ length: MESSAGES }, (_, index) => new ThreeFields({ index }, 'b', 3)),
  frames: Array.from({ length: MESSAGES }, (_, index) => {
    const frame = JSON.stringify({ type: 'chat.send', payload: { text: `message ${index}` } });
    frame.charCodeAt(0);
    return new HeldFrame(frame);
  }),
};
const nodes = readHeap();
process.stdout.write(
  JSON.stringify({
    queued: [byDefault.stats.queuedMessages, afterDrop.stats.queuedMessages, withMaxAge.stats.queuedMessages],
    // Both clients without maxAgeMs: the one whose link never opened and the one whose link dropped.
    byDefault: describe(nodes, 'OutboxEntry'),
    withMaxAge: describe(nodes, 'DatedOutboxEntry'),
    twoFields: describe(nodes, 'TwoFields', 'b').selfSizes,
    threeFields: describe(nodes, 'ThreeFields', 'b').selfSizes,
    controlFrames: describe(nodes, 'HeldFrame'),
  }),
);
// Alive until the snapshot was taken.
byDefault.dispose();
afterDrop.dispose();
withMaxAge.dispose();
void controls;
