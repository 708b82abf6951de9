/**
 * What the browser downloads, gzipped, for the two pages whose size matters most: the join
 * flow (someone on a cheap phone and a poor connection opening a session link) and the call.
 * Reads Vite's manifest from a built `apps/web/dist`, follows static imports only (a lazy
 * import is not part of the page until it is opened) and counts each file once.
 *
 * `pnpm exec tsx tests/bench/bundle-size.ts [distDir]` prints the figures; the bench imports
 * bundleSizes(). Build first: `pnpm --filter @peer-support/web build`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** One entry of `dist/.vite/manifest.json`, as Vite writes it. */
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface ChunkSize {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Which of the two measured pages load it. */
  usedBy: ('join' | 'call')[];
}

export interface BundleSizes {
  joinFlowGzipBytes: number;
  callGzipBytes: number;
  chunks: ChunkSize[];
}

/** The session visit (join flow and the provider the call page sits under); the call's code is a lazy chunk of it. */
export const JOIN_PAGE = 'src/pages/LiveSessionPage.tsx';
export const CALL_PAGE = 'src/pages/CallPage.tsx';
/** The budget for the join flow, JavaScript and CSS together. */
export const JOIN_FLOW_BUDGET_GZIP_BYTES = 90 * 1024;

/** Every file (JS and CSS) a page needs before it can show: the app entry, the page, and their static imports. */
export function staticClosure(manifest: Manifest, roots: string[]): string[] {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The Vite manifest has no entry for ${key}; was it built from this source?`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const root of roots) visit(root);
  return [...files];
}

function entryKey(manifest: Manifest): string {
  const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
  const entry = entries.find(([key]) => key === 'index.html') ?? entries[0];
  if (!entry) throw new Error('The Vite manifest has no entry chunk.');
  return entry[0];
}

export async function bundleSizes(distDir: string): Promise<BundleSizes> {
  const manifestPath = path.join(distDir, '.vite', 'manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(
      `Could not read ${manifestPath} (${(error as Error).message}). Build the web app first, with build.manifest on.`,
    );
  }
  const entry = entryKey(manifest);
  const join = staticClosure(manifest, [entry, JOIN_PAGE]);
  const call = staticClosure(manifest, [entry, JOIN_PAGE, CALL_PAGE]);

  const chunks: ChunkSize[] = [];
  for (const file of new Set([...join, ...call])) {
    const content = await readFile(path.join(distDir, file));
    const usedBy: ChunkSize['usedBy'] = [];
    if (join.includes(file)) usedBy.push('join');
    if (call.includes(file)) usedBy.push('call');
    chunks.push({ file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length, usedBy });
  }
  chunks.sort((a, b) => b.gzipBytes - a.gzipBytes);
  const total = (page: 'join' | 'call') =>
    chunks.filter((c) => c.usedBy.includes(page)).reduce((sum, c) => sum + c.gzipBytes, 0);
  return { joinFlowGzipBytes: total('join'), callGzipBytes: total('call'), chunks };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  const distDir = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../../apps/web/dist'));
  const sizes = await bundleSizes(distDir);
  const width = Math.max(...sizes.chunks.map((c) => c.file.length));
  console.log(`${'file'.padEnd(width)}  ${'raw'.padStart(9)}  ${'gzip'.padStart(9)}  used by`);
  for (const c of sizes.chunks) {
    console.log(
      `${c.file.padEnd(width)}  ${kb(c.bytes).padStart(9)}  ${kb(c.gzipBytes).padStart(9)}  ${c.usedBy.join(', ')}`,
    );
  }
  const within = sizes.joinFlowGzipBytes <= JOIN_FLOW_BUDGET_GZIP_BYTES;
  console.log(
    `\njoin flow: ${kb(sizes.joinFlowGzipBytes)} gzip (budget ${kb(JOIN_FLOW_BUDGET_GZIP_BYTES)}: ${within ? 'within' : 'OVER'})`,
  );
  console.log(`call:      ${kb(sizes.callGzipBytes)} gzip`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
