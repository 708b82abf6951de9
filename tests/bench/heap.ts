/**
 * What a Node process holds in memory, read through its inspector (`--inspect`): full garbage
 * collections first, so the figure is what is live rather than what the collector has not
 * reached yet, and several samples, so the spread shows whether the figure means anything.
 * RSS alone cannot do this: V8 keeps freed pages, and a run's RSS growth read 41.6 KiB one time
 * and 0.0 the next.
 */
import { once } from 'node:events';
import WebSocket from 'ws';

export interface HeapSample {
  /** Median of the samples: V8 heap in use plus memory held outside it (buffers, sockets' JS side). */
  bytes: number;
  min: number;
  max: number;
}

export interface Inspector {
  /** Collects garbage fully and reads heap plus external memory, `samples` times. */
  sample(samples?: number): Promise<HeapSample>;
  close(): void;
}

/** Connects to the inspector a process opened with `--inspect=127.0.0.1:<port>`. */
export async function inspect(port: number): Promise<Inspector> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`No inspector target on 127.0.0.1:${port}`);
  const ws = new WebSocket(url);
  await once(ws, 'open');
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: { message: string } };
    const p = m.id === undefined ? undefined : pending.get(m.id);
    if (!p || m.id === undefined) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error.message));
    else p.resolve(m.result);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });

  const once_ = async () => {
    // Twice: the first pass can leave objects whose finalisers free more on the second.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const result = (await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result: { value: string } };
    const usage = JSON.parse(result.result.value) as { heapUsed: number; external: number };
    return usage.heapUsed + usage.external;
  };

  return {
    async sample(samples = 7) {
      const xs: number[] = [];
      for (let i = 0; i < samples; i++) {
        xs.push(await once_());
        await new Promise((r) => setTimeout(r, 150));
      }
      xs.sort((a, b) => a - b);
      return {
        bytes: xs[Math.floor(xs.length / 2)] ?? Number.NaN,
        min: xs[0] ?? Number.NaN,
        max: xs.at(-1) ?? Number.NaN,
      };
    },
    close: () => ws.close(),
  };
}

/** Bytes per item between two samples, with the widest and narrowest reading the spread allows. */
export function perItem(before: HeapSample, after: HeapSample, items: number) {
  return {
    bytes: (after.bytes - before.bytes) / items,
    low: (after.min - before.max) / items,
    high: (after.max - before.min) / items,
  };
}
