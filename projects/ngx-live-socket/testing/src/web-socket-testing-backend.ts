import { Injectable } from '@angular/core';
import { WebSocketArgumentError, type WebSocketFactory } from 'ngx-live-socket';
import { ManualClock } from './manual-clock';
import { ManualFrames } from './manual-frames';
import { type SentFrameMatch, describeFrame } from './sent-frame';
import { TestRequest } from './test-request';
import { TestWebSocketConnection, ɵsocketOf, ɵunexpectedFramesOf } from './test-web-socket-connection';
import { type ConnectionMatch, WebSocketTestingController } from './web-socket-testing-controller';

/**
 * Implements {@link WebSocketTestingController}, and is what the app's connection uses instead of the real
 * seams: its `factory` makes fake sockets it keeps track of, and its `clock` is the one `tick()` moves.
 */
@Injectable()
export class WebSocketTestingBackend extends WebSocketTestingController {
  readonly clock = new ManualClock(Date.now());
  readonly frames = new ManualFrames();
  readonly factory: WebSocketFactory = (url, protocols) => {
    const connection = new TestWebSocketConnection(url, protocols);
    this.connections.push(connection);
    return ɵsocketOf(connection);
  };

  private readonly connections: TestWebSocketConnection[] = [];
  private readonly claimed = new Set<TestWebSocketConnection>();

  expectConnection(match?: ConnectionMatch, description?: string): TestWebSocketConnection {
    const found = this.unclaimed(match);
    if (found.length !== 1) {
      const what = describeConnectionMatch(match, description);
      const list = found.length === 0 ? this.describeConnections() : `:\n${found.map((connection) => `  - ${connection}`).join('\n')}`;
      throw new Error(`Expected one connection ${what}, found ${found.length}${list}`);
    }
    this.claimed.add(found[0]);
    return found[0];
  }

  expectNoConnection(match?: ConnectionMatch, description?: string): void {
    const found = this.unclaimed(match);
    if (found.length > 0) {
      const what = describeConnectionMatch(match, description);
      throw new Error(`Expected no connection ${what}, found ${found.length}:\n${found.map((connection) => `  - ${connection}`).join('\n')}`);
    }
  }

  match(match?: ConnectionMatch): TestWebSocketConnection[] {
    const found = this.unclaimed(match);
    found.forEach((connection) => this.claimed.add(connection));
    return found;
  }

  tick(ms: number): void {
    this.clock.advance(ms);
    this.frames.flush();
  }

  flushFrames(): void {
    this.frames.flush();
  }

  expectRequest<Request = unknown, Reply = unknown>(match: SentFrameMatch, description?: string): TestRequest<Request, Reply> {
    const open = this.connections.filter((connection) => connection.state === 'open');
    if (open.length !== 1) {
      const list = this.connections.map((connection) => `  - ${connection}`).join('\n');
      throw new Error(
        `expectRequest() on the controller needs exactly one open connection, found ${open.length}${list === '' ? '' : `:\n${list}`}\n` +
          'Open one with expectConnection(...).open(), or call expectRequest() on the connection you mean.',
      );
    }
    return open[0].expectRequest<Request, Reply>(match, description);
  }

  now(): number {
    return this.clock.now();
  }

  verify(): void {
    const problems: string[] = [];
    for (const connection of this.connections) {
      if (!this.claimed.has(connection)) {
        problems.push(`  - a connection to ${connection} that no expectConnection() claimed`);
      }
      for (const frame of ɵunexpectedFramesOf(connection)) {
        problems.push(`  - a frame sent on ${connection.url} that no expectSent() claimed: ${describeFrame(frame.data)}`);
      }
    }
    if (problems.length > 0) {
      throw new Error(`WebSocketTestingController.verify() found ${problems.length} the test did not expect:\n${problems.join('\n')}`);
    }
  }

  private unclaimed(match: ConnectionMatch | undefined): TestWebSocketConnection[] {
    if (match !== undefined && typeof match !== 'string' && typeof match !== 'function') {
      throw new WebSocketArgumentError('connection match', `expected a URL, a path starting with "/" or a predicate, got ${typeof match}.`);
    }
    return this.connections.filter((connection) => !this.claimed.has(connection) && connectionMatches(connection, match));
  }

  private describeConnections(): string {
    if (this.connections.length === 0) {
      return '. The app attempted no connection at all.';
    }
    const lines = this.connections.map((connection) => `  - ${connection}${this.claimed.has(connection) ? ', claimed already' : ''}`);
    return `. Connections so far:\n${lines.join('\n')}`;
  }
}

function connectionMatches(connection: TestWebSocketConnection, match: ConnectionMatch | undefined): boolean {
  if (match === undefined) {
    return true;
  }
  if (typeof match === 'function') {
    return match(connection);
  }
  if (connection.url === match) {
    return true;
  }
  const url = new URL(connection.url);
  return match.startsWith('/') && url.pathname + url.search === match;
}

function describeConnectionMatch(match: ConnectionMatch | undefined, description: string | undefined): string {
  if (description !== undefined) {
    return `matching ${JSON.stringify(description)}`;
  }
  if (match === undefined) {
    return 'at all';
  }
  return typeof match === 'string' ? `to ${JSON.stringify(match)}` : 'matching the predicate';
}
