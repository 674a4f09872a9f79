import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';

/**
 * An append-only log of JSON events, one per line, so delivery state survives a crash (SIGKILL) as well as
 * a restart. Each append is a synchronous write: once `append` returns, the event is in the OS's hands and
 * outlives the process, so an ack sent after it is never a lie. (It does not fsync: it guards against the
 * process dying, not the machine.)
 */
export class Journal {
  #fd;

  /** @param {string} path @param {number} fd */
  constructor(path, fd) {
    this.path = path;
    this.#fd = fd;
  }

  /**
   * Opens (or creates) the journal and returns it with the events already in it. A torn last line (the
   * process died mid-write) is dropped; the file is rewritten compacted by `compact` when given.
   *
   * @param {string} path
   * @param {(events: any[]) => any[]} [compact] returns the events worth keeping
   * @returns {{ journal: Journal, events: any[] }}
   */
  static open(path, compact = (events) => events) {
    const events = [];
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          events.push(JSON.parse(line));
        } catch {
          break; // a torn write can only be the last line
        }
      }
    }
    const kept = compact(events);
    const temporary = `${path}.tmp`;
    writeFileSync(temporary, kept.map((event) => `${JSON.stringify(event)}\n`).join(''));
    renameSync(temporary, path);
    return { journal: new Journal(path, openSync(path, 'a')), events: kept };
  }

  /** @param {object} event */
  append(event) {
    writeSync(this.#fd, `${JSON.stringify(event)}\n`);
  }

  close() {
    closeSync(this.#fd);
  }
}

/** A journal that keeps nothing: delivery state then lives as long as the process. */
export const NO_JOURNAL = { append() {}, close() {} };
