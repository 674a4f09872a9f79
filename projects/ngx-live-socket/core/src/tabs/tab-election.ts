import { BehaviorSubject, type Observable } from 'rxjs';
import { type Clock, type TimerHandle, systemClock } from '../platform/clock';
import type { LockHoldOptions, SessionLocks } from '../queue/session-locks';
import type { TabChannelLike } from './tab-channel';
import { type TabMessage, parseTabMessage } from './tab-messages';

/**
 * This tab's part in a shared connection: `electing` until it knows a leader; `leader` while it holds the
 * link for every tab; `follower` while another tab does; `alone` where the browser cannot share (no Web
 * Locks or no `BroadcastChannel`), so this tab keeps a link of its own.
 */
export type TabRole = 'electing' | 'leader' | 'follower' | 'alone';

/** Who shares the link, as this tab knows it. */
export interface TabGroupState {
  readonly role: TabRole;
  /** Tabs sharing the link, this one included: 1 when `alone`. */
  readonly tabs: number;
  /** Their ids, as the leader last listed them (this tab alone while `alone` or `electing`). */
  readonly members: readonly string[];
  /** The leader's tab id; `null` while none is known, and when `alone`. */
  readonly leader: string | null;
  /** The leader's term: 1 for the first leader, one more for each that follows; 0 before any. */
  readonly term: number;
  /** Why this tab is `alone`; `null` otherwise. */
  readonly fallback: 'no-locks' | 'no-channel' | null;
}

export interface TabElectionOptions {
  /** This tab's id, unique among the tabs of the origin (a random one per page). */
  readonly tabId: string;
  /** Locks shared by the tabs and let go when a tab dies (Web Locks); `null` where there are none. */
  readonly locks: SessionLocks | null;
  /** The channel the tabs talk on; `null` where there is none. */
  readonly channel: TabChannelLike | null;
  /** Every message heard on the channel, after the election took what is its own (the relay's way in). */
  readonly heard?: (message: TabMessage) => void;
  /**
   * A leader the browser froze keeps its lock, so nobody would take over: a visible follower that hears no
   * `beat` for this long takes the lock from it (`steal`); the frozen leader, once thawed, finds it lost and
   * steps down. `null` (default): never.
   */
  readonly frozenLeaderAfterMs?: number | null;
  /** Whether the tab is visible: a hidden tab's timers run late, so only a visible one judges the leader. */
  readonly isVisible?: () => boolean;
  readonly clock?: Clock;
}

/** How often the leader says it is alive, when frozen leaders are watched for. */
export const LEADER_BEAT_MS = 1_000;

const LEADER_LOCK = 'leader';
const tabLock = (tab: string) => `tab:${tab}`;

/**
 * Elects one leader among the tabs of an origin, keeps a new one coming when it goes, and counts the tabs
 * (docs/design/shared-connection.md, "Election").
 *
 * Every tab asks for the `leader` lock and holds it, once granted, for as long as it lives: the browser
 * grants it to one tab, and to the next waiting tab as soon as the holder closes, crashes or is discarded,
 * with no timeout to wait out. Every tab also holds a lock named after itself; the leader waits on the lock
 * of each tab that said hello, and is granted it exactly when that tab is gone, crash included: so the count
 * needs no heartbeat either.
 */
export class TabElection {
  readonly state$: Observable<TabGroupState>;

  readonly #state: BehaviorSubject<TabGroupState>;
  readonly #tabId: string;
  readonly #locks: SessionLocks | null;
  readonly #channel: TabChannelLike | null;
  readonly #heardByOwner: ((message: TabMessage) => void) | undefined;
  readonly #frozenLeaderAfterMs: number | null;
  readonly #isVisible: () => boolean;
  readonly #clock: Clock;
  /** Leading: the next beat; following: when the leader, silent since it was last heard, is taken for frozen. */
  #timer: TimerHandle | null = null;
  /** Lets go of the locks this tab holds or waits for: its own, the leader's, and (leading) the other tabs'. */
  readonly #releases: Array<() => void> = [];
  /** Leading: the tabs sharing the link, each with the function that stops waiting on its lock. */
  readonly #roster = new Map<string, () => void>();
  #started = false;
  #disposed = false;

  constructor(options: TabElectionOptions) {
    this.#tabId = options.tabId;
    this.#locks = options.locks;
    this.#channel = options.channel;
    this.#heardByOwner = options.heard;
    this.#frozenLeaderAfterMs = options.frozenLeaderAfterMs ?? null;
    this.#isVisible = options.isVisible ?? (() => true);
    this.#clock = options.clock ?? systemClock;
    const fallback = this.#locks === null ? 'no-locks' : this.#channel === null ? 'no-channel' : null;
    this.#state = new BehaviorSubject<TabGroupState>({
      role: fallback === null ? 'electing' : 'alone',
      tabs: 1,
      members: [options.tabId],
      leader: null,
      term: 0,
      fallback,
    });
    this.state$ = this.#state.asObservable();
  }

  get state(): TabGroupState {
    return this.#state.value;
  }

  /** Joins the group: says hello, and queues for the leader's lock. Does nothing when `alone`. */
  start(): void {
    const locks = this.#locks;
    const channel = this.#channel;
    if (this.#started || this.#disposed || locks === null || channel === null) {
      return;
    }
    this.#started = true;
    channel.onmessage = (event) => {
      const message = parseTabMessage(event.data);
      this.#heard(message);
      if (message !== null && !this.#disposed) {
        this.#heardByOwner?.(message);
      }
    };
    this.#releases.push(locks.hold(tabLock(this.#tabId), () => undefined));
    this.#post({ kind: 'hello', tab: this.#tabId });
    this.#queueForLead(locks, {});
  }

  /** Waits for the leader's lock (or takes it, `steal`); a lock taken away later deposes this tab. */
  #queueForLead(locks: SessionLocks, options: LockHoldOptions): void {
    this.#releases.push(locks.hold(LEADER_LOCK, () => this.#elected(), { ...options, lost: () => this.#deposed(locks) }));
  }

  /** Leaves the group: lets go of every lock (a waiting tab becomes leader), closes the channel. */
  dispose(): void {
    if (this.#disposed) {
      return;
    }
    this.#disposed = true;
    this.#stopTimer();
    for (const stopWaiting of this.#roster.values()) {
      stopWaiting();
    }
    this.#roster.clear();
    this.#releases.splice(0).forEach((release) => release());
    if (this.#channel !== null) {
      this.#channel.onmessage = null;
      this.#channel.close();
    }
    this.#state.complete();
  }

  #elected(): void {
    if (this.#disposed) {
      return;
    }
    this.#stopTimer(); // no longer watching a leader
    this.#roster.clear();
    this.#roster.set(this.#tabId, () => undefined);
    this.#publish({ role: 'leader', leader: this.#tabId, term: this.state.term + 1 });
    this.#postRoster(); // the followers answer with hello, and each joins the roster then
    if (this.#frozenLeaderAfterMs !== null) {
      this.#beat();
    }
  }

  /** Another tab took the lock while this one was frozen: it steps down, and queues for the lead again. */
  #deposed(locks: SessionLocks): void {
    if (this.#disposed) {
      return;
    }
    this.#stopTimer();
    this.#roster.forEach((stopWaiting, tab) => tab !== this.#tabId && stopWaiting());
    this.#roster.clear();
    this.#publish({ role: 'electing', leader: null, tabs: 1, members: [this.#tabId] });
    this.#queueForLead(locks, {});
  }

  #beat(): void {
    this.#post({ kind: 'beat', tab: this.#tabId, term: this.state.term });
    this.#timer = this.#clock.setTimeout(() => this.#beat(), LEADER_BEAT_MS);
  }

  /**
   * Following: the leader was heard now. A visible tab that then hears nothing more for `frozenLeaderAfterMs`
   * takes its lock. The tabs take turns, a beat apart in roster order, counted from the same word of the
   * leader: the first to steal posts its roster a beat before the next would, so only one steals.
   */
  #watchLeader(delayMs?: number): void {
    this.#stopTimer();
    const turn = Math.max(0, this.state.members.indexOf(this.#tabId) - 1) * LEADER_BEAT_MS;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      if (this.state.role !== 'follower') {
        return;
      }
      if (this.#isVisible()) {
        this.#queueForLead(this.#locks as SessionLocks, { steal: true });
      } else {
        this.#watchLeader(LEADER_BEAT_MS); // a hidden tab's timers run late: it judges once visible
      }
    }, delayMs ?? (this.#frozenLeaderAfterMs as number) + turn);
  }

  #stopTimer(): void {
    if (this.#timer !== null) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  #heard(message: TabMessage | null): void {
    if (message === null || this.#disposed) {
      return;
    }
    const { role, term } = this.state;
    if (message.kind === 'hello') {
      if (role === 'leader') {
        this.#join(message.tab);
      }
      return;
    }
    if ((message.kind !== 'roster' && message.kind !== 'beat') || role === 'leader' || message.term < term) {
      return; // a word from an earlier leader, late: the lock says who leads now
    }
    if (message.kind === 'roster') {
      // Hello first, then what this tab's owner forwards on hearing of the leader: the leader counts a tab (and
      // waits on its lock) before it takes that tab's calls.
      if (!message.tabs.includes(this.#tabId)) {
        this.#post({ kind: 'hello', tab: this.#tabId }); // a new leader, or one that has not heard of this tab
      }
      this.#publish({ role: 'follower', leader: message.leader, term: message.term, tabs: message.tabs.length, members: message.tabs });
    }
    if (this.#frozenLeaderAfterMs !== null) {
      this.#watchLeader();
    }
  }

  #join(tab: string): void {
    if (!this.#roster.has(tab)) {
      // Granted only once that tab is gone. A task later, so that the function letting go is stored by then.
      const stopWaiting = this.#locks!.hold(tabLock(tab), () => queueMicrotask(() => this.#left(tab)));
      this.#roster.set(tab, stopWaiting);
    }
    this.#postRoster(); // also when known: the tab may have missed the last roster
  }

  #left(tab: string): void {
    const stopWaiting = this.#roster.get(tab);
    if (stopWaiting === undefined || this.#disposed) {
      return;
    }
    this.#roster.delete(tab);
    stopWaiting();
    this.#postRoster();
  }

  #postRoster(): void {
    const tabs = [...this.#roster.keys()];
    this.#publish({ tabs: tabs.length, members: tabs });
    this.#post({ kind: 'roster', leader: this.#tabId, term: this.state.term, tabs });
  }

  #post(message: TabMessage): void {
    this.#channel!.postMessage(message);
  }

  /** Publishes only real changes: the state is read by signals, and a no-op write would look like news. */
  #publish(patch: Partial<TabGroupState>): void {
    const current = this.#state.value;
    // The member list is compared by its ids: each roster is a new array.
    if ((Object.keys(patch) as Array<keyof TabGroupState>).some((key) => String(patch[key]) !== String(current[key]))) {
      this.#state.next({ ...current, ...patch });
    }
  }
}
