import type { LockManagerLike } from '../../projects/ngx-live-socket/core/src/queue/session-locks';
import type { TabChannelLike } from '../../projects/ngx-live-socket/core/src/tabs/tab-channel';
import type { TabMessage } from '../../projects/ngx-live-socket/core/src/tabs/tab-messages';

/** One tab of a {@link fakeBrowser}: its view of the origin's locks and channels, and its death. */
export interface FakeTab {
  readonly locks: LockManagerLike;
  channel(name: string): TabChannelLike;
  /**
   * The tab dies as in a crash: its locks are let go, its waits and channels vanish, nothing runs in it.
   * `losePendingPosts`: its posts not yet delivered are lost too, as Chromium can lose a crashing renderer's
   * last posts while frames it sent after them still leave (docs/design/shared-connection.md).
   */
  kill(options?: { losePendingPosts?: boolean }): void;
}

interface Waiter {
  readonly tab: string;
  readonly grant: () => void;
}

/**
 * The tabs of one browser profile as the Web Locks API and `BroadcastChannel` see them: locks exclusive per
 * name, granted in request order, withdrawable by an AbortSignal, let go when their tab dies; a post reaches
 * every other open channel of the same name, a task later (`flushTabs()` lets it arrive), never the sender.
 */
export function fakeBrowser(): { tab(id: string): FakeTab; holder(name: string): string | null } {
  const holders = new Map<string, { tab: string; release: () => void }>();
  const queues = new Map<string, Waiter[]>();
  const dead = new Set<string>();
  const postsLost = new Set<string>();
  const channels: Array<{ tab: string; name: string; channel: TabChannelLike; open: boolean }> = [];

  const grantNext = (name: string) => {
    const queue = queues.get(name) ?? [];
    if (!holders.has(name) && queue.length > 0) {
      queue.shift()!.grant();
    }
  };

  const locksOf = (tab: string): LockManagerLike => ({
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        if (dead.has(tab)) {
          return;
        }
        const waiter: Waiter = {
          tab,
          grant: () => {
            let released = false;
            const release = () => {
              if (!released) {
                released = true;
                holders.delete(name);
                resolve(undefined);
                grantNext(name);
              }
            };
            holders.set(name, { tab, release });
            void Promise.resolve(callback()).then(release);
          },
        };
        options.signal?.addEventListener('abort', () => {
          const queue = queues.get(name) ?? [];
          const index = queue.indexOf(waiter);
          if (index >= 0) {
            queue.splice(index, 1);
            reject(new DOMException('aborted', 'AbortError'));
          }
        });
        queues.set(name, [...(queues.get(name) ?? []), waiter]);
        grantNext(name);
      });
    },
  });

  return {
    holder: (name) => holders.get(name)?.tab ?? null,
    tab(id) {
      return {
        locks: locksOf(id),
        channel(name) {
          const entry = { tab: id, name, open: true, channel: null as unknown as TabChannelLike };
          entry.channel = {
            onmessage: null,
            postMessage(message: TabMessage) {
              if (!entry.open) {
                throw new DOMException('the channel is closed', 'InvalidStateError');
              }
              const data: unknown = JSON.parse(JSON.stringify(message)); // a copy, as structured clone makes
              for (const other of channels) {
                if (other !== entry && other.name === name) {
                  setTimeout(() => other.open && !postsLost.has(id) && other.channel.onmessage?.({ data }));
                }
              }
            },
            close() {
              entry.open = false;
            },
          };
          channels.push(entry);
          return entry.channel;
        },
        kill(options = {}) {
          dead.add(id);
          if (options.losePendingPosts) {
            postsLost.add(id);
          }
          channels.filter((entry) => entry.tab === id).forEach((entry) => (entry.open = false));
          for (const [name, queue] of queues) {
            queues.set(name, queue.filter((waiter) => waiter.tab !== id));
          }
          for (const { tab, release } of [...holders.values()]) {
            if (tab === id) {
              release();
            }
          }
        },
      };
    },
  };
}

/** Lets every post and lock grant made so far arrive, and what they set off in turn (fake timers). */
export async function flushTabs(): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await Promise.resolve();
    jest.runOnlyPendingTimers();
    await Promise.resolve();
  }
}
