/**
 * Just enough of a WebSocket for the client, with no network: the test opens it, delivers frames as the
 * server, and reads what the client sent. Events fire synchronously.
 */
export class ScriptedSocket extends EventTarget {
  readyState = 0;
  protocol = '';
  binaryType: BinaryType = 'blob';
  /** Text frames the client sent, in order. */
  readonly sent: string[] = [];

  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }

  deliver(data: string): void {
    this.dispatchEvent(Object.assign(new Event('message'), { data }));
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(): void {
    this.readyState = 3;
  }
}
