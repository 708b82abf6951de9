import type { ClientMessage, ServerMessage } from '@peer-support/contracts/live';
import { backoffDelay, isFinal, type LiveConnection, parseServerMessage } from './live-reducer.ts';

export const PING_INTERVAL_MS = 20_000;

/** The parts of the browser's WebSocket this uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LiveSocketOptions {
  url: string;
  auth: { entryId: string; key: string };
  onMessage(message: ServerMessage): void;
  onConnection(connection: LiveConnection): void;
  createSocket?: (url: string) => SocketLike;
  random?: () => number;
}

const OPEN = 1;

/**
 * One live connection that keeps itself up: hello on every open, a ping every 20 s, and on a
 * drop a new attempt after a growing, jittered delay, until the session ends, the server says
 * the entry is no good, or close() is called. Framework-free so the hook on top stays small.
 */
export class LiveSocket {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private readonly createSocket: (url: string) => SocketLike;

  constructor(private readonly options: LiveSocketOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.connect();
  }

  /** Closes for good: no more reconnects and no more callbacks. */
  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.teardown();
    this.options.onConnection('closed');
  }

  /** Skips the rest of a backoff wait, say when the browser reports it is online again. */
  retryNow(): void {
    if (this.stopped || this.retryTimer === undefined) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.connect();
  }

  private connect(): void {
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.attempt = 0;
      this.send({ type: 'hello', entryId: this.options.auth.entryId, key: this.options.auth.key });
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_INTERVAL_MS);
      this.options.onConnection('open');
    };
    socket.onmessage = (event) => {
      if (socket !== this.socket) return;
      const message = parseServerMessage(event.data);
      if (!message) return;
      this.options.onMessage(message);
      if (isFinal(message)) this.finish();
    };
    // The browser fires `error` then `close`; the close handler does the one reconnect.
    socket.onerror = () => {};
    socket.onclose = () => {
      if (socket !== this.socket) return;
      this.dropSocket();
      if (!this.stopped) this.scheduleRetry();
    };
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private scheduleRetry(): void {
    this.options.onConnection('reconnecting');
    const delay = backoffDelay(this.attempt, this.options.random);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.stopped) this.connect();
    }, delay);
  }

  /** The server said this is over (ended, or an entry it will never accept): stop without retrying. */
  private finish(): void {
    this.stopped = true;
    this.teardown();
    this.options.onConnection('closed');
  }

  private teardown(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    this.dropSocket();
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      socket.close(1000, 'done');
    }
  }

  private dropSocket(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    this.socket = null;
  }
}
