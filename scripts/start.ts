/**
 * Brings the whole app up on loopback: LiveKit, then the API (which serves the built web
 * client on http://localhost:3000). With --dev, Vite serves the client with hot reload on
 * http://localhost:5173 instead. Ctrl-C stops every child.
 */
import path from 'node:path';
import { repoRoot, startLivekit } from '@peer-support/stack/livekit';
import { httpOk, type Managed, startProcess, waitFor } from '@peer-support/stack/processes';

const dev = process.argv.includes('--dev');
const apiPort = Number(process.env.PORT ?? 3000);
const livekitPort = Number(process.env.LIVEKIT_PORT ?? 7880);
const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(repoRoot, 'data'));
const children: Managed[] = [];

async function stopAll(code: number) {
  for (const child of children.reverse()) await child.stop().catch(() => {});
  process.exit(code);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

try {
  const livekit = await startLivekit({
    port: livekitPort,
    tcpPort: livekitPort + 1,
    udpPort: livekitPort + 2,
    webhookUrl: `http://127.0.0.1:${apiPort}/api/livekit/webhook`,
    workDir: path.join(dataDir, 'livekit'),
  });
  children.push(livekit);
  console.log(`LiveKit server on ${livekit.url} (log: ${path.join(dataDir, 'livekit', `livekit-${livekitPort}.log`)})`);

  const api = await startProcess({
    name: 'api',
    command: path.join(repoRoot, 'node_modules/.bin/tsx'),
    args: [path.join(repoRoot, 'apps/api/src/server.ts')],
    env: {
      ...process.env,
      HOST: process.env.HOST ?? 'localhost',
      PORT: String(apiPort),
      DATA_DIR: dataDir,
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
    },
    output: 'inherit',
  });
  children.push(api);
  await waitFor('API', () => httpOk(`http://127.0.0.1:${apiPort}/api/health`), 60_000, api.child);

  if (dev) {
    const vite = await startProcess({
      name: 'vite',
      command: path.join(repoRoot, 'apps/web/node_modules/.bin/vite'),
      args: [],
      cwd: path.join(repoRoot, 'apps/web'),
      env: { ...process.env, API_PORT: String(apiPort) },
      output: 'inherit',
    });
    children.push(vite);
  }
  const appUrl = dev ? 'http://localhost:5173' : `http://localhost:${apiPort}`;
  console.log(
    `\n  Peer support is running at ${appUrl}   (API docs: http://localhost:${apiPort}/api/docs)\n  Press Ctrl-C to stop.\n`,
  );
  for (const child of children) {
    child.child.once('exit', (code) => {
      console.error(`${child.name} stopped (exit code ${code}); stopping the rest.`);
      void stopAll(code ?? 1);
    });
  }
} catch (error) {
  console.error(`Could not start: ${(error as Error).message}`);
  await stopAll(1);
}
