// ngx-live-socket as an app uses it: reconnect and heartbeat on, one `on(type)` subscriber per type.
import { exposeContender } from './harness.mjs';
import { ngxLiveSocketContender } from './ngx-live-socket-contender.mjs';

exposeContender(ngxLiveSocketContender());
