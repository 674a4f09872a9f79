/**
 * The size budget `npm test` holds the library to: the gzip bytes ngx-live-socket adds to an app with every
 * feature on (bench/size/consumers/ngx-live-socket.ts, over its rxjs + @angular/core baseline).
 *
 * The target is 4 KB. The library is far above it today, so the budget is today's size plus a small margin:
 * the check stops further growth while the target stays visibly missed in bench/RESULTS.md. Lower the
 * budget as the library slims down; never raise it without saying why in the commit.
 */
export const SIZE_TARGET_GZIP_BYTES = 4 * 1024;
// 11.5 KB: raised from 11 KB for latest(type) (frame-coalesced signals), per-type payload streams on the
// receive path (the throughput target) and refused-message handling; measured 11.03 KB with them.
export const SIZE_BUDGET_GZIP_BYTES = 11.5 * 1024;
