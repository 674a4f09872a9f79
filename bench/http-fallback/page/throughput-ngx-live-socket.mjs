// The throughput page of bench/throughput (one `on(type)` subscriber per type), with the HTTP fallback on:
// through a proxy that refuses WebSockets the link is HTTP, otherwise WebSocket. The upgrade probe is set
// beyond the run, so no probe lands inside a measured flood.
import { exposeContender } from '../../throughput/page/harness.mjs';
import { ngxLiveSocketContender } from '../../throughput/page/ngx-live-socket-contender.mjs';

const contender = ngxLiveSocketContender({ httpFallback: { upgradeProbeMs: 3_600_000 } });
exposeContender(contender);
/** The transport of the open link, as the client's stats tell it (`unknown` in a build without the fallback). */
window.transportInUse = () => contender.client().stats.transport ?? 'unknown';
