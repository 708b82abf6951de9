import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export interface Managed {
  readonly name: string;
  readonly child: ChildProcess;
  /** Stops the process (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where output goes: 'inherit' to show it, or a file path to keep it out of the way. */
  output: 'inherit' | string;
}

/** Starts a child that is stopped when this process exits, however it exits. */
export async function startProcess(opts: SpawnOptions): Promise<Managed> {
  let stdio: ('ignore' | 'inherit' | 'pipe')[] = ['ignore', 'inherit', 'inherit'];
  if (opts.output !== 'inherit') {
    await mkdir(path.dirname(opts.output), { recursive: true });
    stdio = ['ignore', 'pipe', 'pipe'];
  }
  const child = spawn(opts.command, opts.args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio });
  if (opts.output !== 'inherit') {
    const log = createWriteStream(opts.output, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    name: opts.name,
    child,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls until `check` resolves, failing with the last error after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<unknown>, timeoutMs = 30_000, child?: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`${what}: the process exited with code ${child.exitCode} before it was ready`);
    }
    try {
      await check();
      return;
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(
    `${what} was not ready within ${timeoutMs} ms: ${last instanceof Error ? last.message : String(last)}`,
  );
}

export async function httpOk(url: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
}

/** A TCP port that is free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
