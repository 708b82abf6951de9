import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { httpOk, type Managed, startProcess, waitFor } from './processes.ts';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const installScript = path.join(repoRoot, 'infra/livekit/install.sh');
const baseConfigFile = path.join(repoRoot, 'infra/livekit/livekit.yaml');

/**
 * Finds the pinned LiveKit server, building it on first use. Fails loudly with the install
 * script's own explanation when it cannot: tests must never quietly run without it.
 */
export async function livekitBinary(): Promise<string> {
  if (process.env.LIVEKIT_BIN) {
    if (!existsSync(process.env.LIVEKIT_BIN)) throw new Error(`LIVEKIT_BIN=${process.env.LIVEKIT_BIN} does not exist`);
    return process.env.LIVEKIT_BIN;
  }
  try {
    const { stdout } = await promisify(execFile)('bash', [installScript], { maxBuffer: 1 << 20, timeout: 20 * 60_000 });
    const bin = stdout.trim().split('\n').pop() ?? '';
    if (!existsSync(bin)) throw new Error(`install script printed "${bin}", which is not a file`);
    return bin;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`LiveKit server is not available.\n${stderr || (error as Error).message}`);
  }
}

export interface LivekitKeys {
  apiKey: string;
  apiSecret: string;
}

/** The key pair in the committed config; the API's defaults match it. */
export async function livekitKeys(): Promise<LivekitKeys> {
  const base = YAML.parse(await readFile(baseConfigFile, 'utf8')) as { keys: Record<string, string> };
  const [entry] = Object.entries(base.keys);
  if (!entry) throw new Error(`${baseConfigFile} has no keys`);
  return { apiKey: entry[0], apiSecret: entry[1] };
}

export interface LivekitOptions {
  port: number;
  tcpPort: number;
  udpPort: number;
  webhookUrl: string;
  /** Folder for the generated config and the server's log. */
  workDir: string;
  output?: 'inherit' | 'file';
}

export interface RunningLivekit extends Managed, LivekitKeys {
  url: string;
}

/** Starts LiveKit from the committed config with this run's ports and webhook target. */
export async function startLivekit(opts: LivekitOptions): Promise<RunningLivekit> {
  const bin = await livekitBinary();
  const config = YAML.parse(await readFile(baseConfigFile, 'utf8')) as {
    rtc?: object;
    webhook?: object;
  } & Record<string, unknown>;
  config.port = opts.port;
  config.rtc = { ...config.rtc, tcp_port: opts.tcpPort, udp_port: opts.udpPort };
  config.webhook = { ...config.webhook, urls: [opts.webhookUrl] };
  await mkdir(opts.workDir, { recursive: true });
  const configFile = path.join(opts.workDir, `livekit-${opts.port}.yaml`);
  await writeFile(configFile, YAML.stringify(config));
  const managed = await startProcess({
    name: 'livekit',
    command: bin,
    args: ['--config', configFile],
    output: opts.output === 'inherit' ? 'inherit' : path.join(opts.workDir, `livekit-${opts.port}.log`),
  });
  const url = `ws://127.0.0.1:${opts.port}`;
  try {
    await waitFor('LiveKit server', () => httpOk(`http://127.0.0.1:${opts.port}/`), 30_000, managed.child);
  } catch (error) {
    await managed.stop();
    throw error;
  }
  return { ...managed, url, ...(await livekitKeys()) };
}
