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
// 12.75 KB: raised for the client's checks of what the server says (the seq reorder buffer with mid-link
// replay and resume-gap ranges, acks checked against the highest id sent), the byte-bounded early-error
// buffer with its dev-mode warning, and redaction of every URL form in every message; measured 12.64 KB.
// 15 KB: raised for one delivery session per page (per-page queue records, Web Locks or storage leases, the
// adoption of a dead page's queue), failover among several URLs, and the trust fixes (textCodec is not in the
// every-feature consumer; the ping/codec check, socket error details, the negotiated subprotocol); measured
// 14.71 KB. The features still ship whether used or not: making each one tree-shake away is the next step.
export const SIZE_BUDGET_GZIP_BYTES = 15 * 1024;
