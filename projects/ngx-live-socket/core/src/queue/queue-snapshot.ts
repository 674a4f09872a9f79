import type { Envelope } from '../messaging/envelope';

/** The format version of a persisted queue; a snapshot of another version is dropped, never misread. */
export const QUEUE_SNAPSHOT_VERSION = 1;

/** What a persisted queue keeps across page loads. */
export interface QueueSnapshot {
  readonly version: typeof QUEUE_SNAPSHOT_VERSION;
  /** The delivery session, so the server can recognise resent ids after the reload. */
  readonly session: string;
  readonly nextId: number;
  readonly lastSeq: number | null;
  readonly entries: ReadonlyArray<{ readonly envelope: Envelope; readonly enqueuedAt: number }>;
}

/** Reads a stored snapshot back; throws an Error saying what is wrong with it. */
export function parseQueueSnapshot(text: string): QueueSnapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('it is not valid JSON');
  }
  const snapshot = value as Partial<Record<keyof QueueSnapshot, unknown>> | null;
  if (typeof snapshot !== 'object' || snapshot === null) {
    throw new Error('it is not an object');
  }
  if (snapshot.version !== QUEUE_SNAPSHOT_VERSION) {
    throw new Error(`it has version ${JSON.stringify(snapshot.version)}, this library reads version ${QUEUE_SNAPSHOT_VERSION}`);
  }
  if (typeof snapshot.session !== 'string' || !Number.isSafeInteger(snapshot.nextId)) {
    throw new Error('its session or nextId is missing');
  }
  if (snapshot.lastSeq !== null && !Number.isSafeInteger(snapshot.lastSeq)) {
    throw new Error('its lastSeq is not an integer');
  }
  if (!Array.isArray(snapshot.entries)) {
    throw new Error('its entries are not a list');
  }
  for (const entry of snapshot.entries as unknown[]) {
    const { envelope, enqueuedAt } = (entry ?? {}) as { envelope?: Partial<Envelope>; enqueuedAt?: unknown };
    if (typeof envelope !== 'object' || envelope === null || typeof envelope.type !== 'string' || typeof enqueuedAt !== 'number') {
      throw new Error('an entry is not {envelope: {type, ...}, enqueuedAt}');
    }
  }
  return snapshot as QueueSnapshot;
}
