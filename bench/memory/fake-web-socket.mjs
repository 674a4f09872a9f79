/**
 * A WebSocket stand-in for Node, enough for both contenders: ngx-live-socket listens with
 * `addEventListener`, rxjs assigns `onopen`/`onmessage`/`onclose`. Nothing touches the network; the test
 * opens it when it wants the link up. The most recent one is `FakeWebSocket.last` (one reference only,
 * so the memory figures do not include a list of sockets).
 */
export class FakeWebSocket extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static last = null;

  readyState = FakeWebSocket.CONNECTING;
  protocol = '';
  binaryType = 'blob';
  bufferedAmount = 0;
  framesSent = 0;
  onopen = null;
  onmessage = null;
  onerror = null;
  onclose = null;

  constructor(url) {
    super();
    this.url = url;
    FakeWebSocket.last = this;
  }

  open() {
    this.readyState = FakeWebSocket.OPEN;
    this.emit('open', new Event('open'));
  }

  send() {
    if (this.readyState !== FakeWebSocket.OPEN) {
      throw new Error('the fake socket is not open');
    }
    this.framesSent++;
  }

  close(code = 1000, reason = '') {
    if (this.readyState >= FakeWebSocket.CLOSING) {
      return;
    }
    this.readyState = FakeWebSocket.CLOSED;
    this.emit('close', Object.assign(new Event('close'), { code, reason, wasClean: true }));
  }

  emit(type, event) {
    this.dispatchEvent(event);
    this[`on${type}`]?.(event);
  }
}
