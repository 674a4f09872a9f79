/**
 * A token bucket: holds up to `burst` tokens, refills `perSecond` tokens a second, and each message takes
 * one. So a client may send `perSecond` messages a second for ever, and `burst` at once after a quiet spell.
 */
export class TokenBucket {
  /**
   * @param {{ perSecond: number, burst: number, now?: () => number }} options `now` in ms; tests pass a fake
   */
  constructor({ perSecond, burst, now = Date.now }) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.now = now;
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Takes a token if there is one; `false` means the caller is over the limit. */
  take() {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
    if (this.tokens < 1) {
      return false;
    }
    this.tokens -= 1;
    return true;
  }
}
