// The page the handoff measurement opens in each tab: a TabElection on the browser's own Web Locks and
// BroadcastChannel, and, once this tab leads, the one WebSocket of the group. What happens is logged with
// wall-clock times (the same clock as the Node process that reads the log).
import { webLocks, type LockManagerLike } from '../../projects/ngx-live-socket/core/src/queue/session-locks';
import { defaultTabChannel } from '../../projects/ngx-live-socket/core/src/tabs/tab-channel';
import { TabElection } from '../../projects/ngx-live-socket/core/src/tabs/tab-election';

interface LogEntry {
  readonly at: number;
  readonly role?: string;
  readonly tabs?: number;
  readonly term?: number;
  readonly event?: string;
}

const params = new URLSearchParams(location.search);
const tabId = params.get('tab') ?? 'unnamed';
const log: LogEntry[] = [];
(globalThis as { handoffLog?: LogEntry[] }).handoffLog = log;

const manager = (navigator as { locks?: LockManagerLike }).locks;
const election = new TabElection({
  tabId,
  locks: manager === undefined ? null : webLocks(manager, 'nls-handoff'),
  channel: defaultTabChannel('nls-handoff'),
});
let socket: WebSocket | null = null;
election.state$.subscribe(({ role, tabs, term }) => {
  log.push({ at: Date.now(), role, tabs, term });
  if (role === 'leader' && socket === null) {
    socket = new WebSocket(`${params.get('ws')}?tab=${encodeURIComponent(tabId)}`);
    socket.onopen = () => log.push({ at: Date.now(), event: 'socket-open' });
  }
});
election.start();
