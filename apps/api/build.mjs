// Bundles the API for production: src/server.ts -> dist/server.mjs (+ dist/migrations).
//
//   node build.mjs            (from apps/api; or `pnpm --filter @peer-support/api build`)
//
// What goes into the bundle and what stays outside it:
//   - workspace packages (@peer-support/*) are bundled: they ship TypeScript source, which
//     Node cannot run as is, and no registry provides them;
//   - every third-party package stays external and is loaded from node_modules at run time.
//     Several read their own files when running (PGlite's WebAssembly and data bundle, the
//     swagger-ui assets), so bundling them would break them. Only packages listed under
//     `dependencies` of this package or of a bundled workspace package may be imported;
//     anything else (a devDependency, an undeclared package) fails the build.
//
// Migrations: packages/db/src/client.ts finds them with new URL('../migrations', import.meta.url).
// Inside the bundle import.meta.url is dist/server.mjs, so that would mean apps/api/migrations.
// The plugin below rewrites that one expression to './migrations' and the folder is copied to
// dist/migrations, so dist/ is self-contained: dist/ + production node_modules is the whole app.
// (apps/api/src/config.ts also uses import.meta.url, for '../../../' = the repo root; dist/ is as
// deep as src/, so that keeps meaning the repo root in a checkout. In the image there is no repo
// root, so the Dockerfile sets DATA_DIR and WEB_DIST explicitly.)
//
// dist/externals.json lists every third-party import specifier the bundle keeps; the Dockerfile
// checks each one resolves in the runtime image, so a missing module fails the image build
// instead of the container at start-up. This script runs the same check against the checkout.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const apiDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(apiDir, '../..');
const outDir = path.join(apiDir, 'dist');
const WORKSPACE_SCOPE = '@peer-support/';

/** @param {string} file */
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Every workspace package under apps/ and packages/: name -> folder. */
function findWorkspacePackages() {
  const found = new Map();
  for (const parent of ['apps', 'packages']) {
    for (const entry of readdirSync(path.join(repoRoot, parent), { withFileTypes: true })) {
      const manifest = path.join(repoRoot, parent, entry.name, 'package.json');
      if (entry.isDirectory() && existsSync(manifest)) {
        found.set(readJson(manifest).name, path.join(repoRoot, parent, entry.name));
      }
    }
  }
  return found;
}

/**
 * Walks `dependencies` (never devDependencies) from this package through the workspace
 * packages it uses. Workspace ones are bundled; everything else becomes the external set.
 */
/** @param {Map<string, string>} workspace name -> folder */
function collectDependencies(workspace) {
  const bundled = new Map(); // workspace package name -> folder
  const external = new Map(); // third-party package name -> the package.json that declares it
  /** @param {string} dir */
  const visit = (dir) => {
    const manifest = readJson(path.join(dir, 'package.json'));
    for (const [name, spec] of Object.entries(manifest.dependencies ?? {})) {
      if (String(spec).startsWith('workspace:')) {
        const wsDir = workspace.get(name);
        if (!wsDir) throw new Error(`${manifest.name} depends on ${name} (${spec}), which is not in the workspace`);
        if (!bundled.has(name)) {
          bundled.set(name, wsDir);
          visit(wsDir);
        }
      } else if (!external.has(name)) {
        external.set(name, path.relative(repoRoot, path.join(dir, 'package.json')));
      }
    }
  };
  visit(apiDir);
  return { bundled, external };
}

/** 'a/b/c' -> 'a', '@s/a/b' -> '@s/a'. */
/** @param {string} specifier */
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const builtins = new Set(builtinModules);
/** @param {string} specifier */
const isBuiltin = (specifier) => specifier.startsWith('node:') || builtins.has(packageName(specifier));

/** Bundles declared workspace packages, keeps declared third-party packages external, refuses the rest. */
/**
 * @param {{ bundled: Map<string, string>; external: Map<string, string> }} deps
 * @returns {esbuild.Plugin}
 */
function dependencyPlugin({ bundled, external }) {
  return {
    name: 'peer-support-dependencies',
    setup(build) {
      // Bare specifiers only; relative and absolute paths are the bundle's own files.
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const name = packageName(args.path);
        if (name.startsWith(WORKSPACE_SCOPE)) {
          if (bundled.has(name)) return undefined; // esbuild resolves it (package exports -> src/*.ts)
          return { errors: [{ text: `${name} is imported but is not a workspace: dependency of the API` }] };
        }
        if (external.has(name)) return { path: args.path, external: true };
        return {
          errors: [
            {
              text: `${name} is imported by ${path.relative(repoRoot, args.importer)} but is not in the dependencies of apps/api or of a workspace package it uses`,
            },
          ],
        };
      });
    },
  };
}

/** Points packages/db's migrations folder next to the bundle (see the top of this file). */
/**
 * @param {string} dbDir
 * @returns {esbuild.Plugin}
 */
function migrationsFolderPlugin(dbDir) {
  const clientFile = path.join(dbDir, 'src', 'client.ts');
  const pattern = /new URL\(\s*(['"])\.\.\/migrations\1\s*,\s*import\.meta\.url\s*\)/g;
  return {
    name: 'peer-support-migrations-folder',
    setup(build) {
      build.onLoad({ filter: /[\\/]client\.ts$/ }, (args) => {
        if (path.resolve(args.path) !== clientFile) return undefined;
        const source = readFileSync(args.path, 'utf8');
        const matches = source.match(pattern)?.length ?? 0;
        if (matches !== 1) {
          return {
            errors: [
              {
                text: `expected exactly one new URL('../migrations', import.meta.url) in ${path.relative(repoRoot, clientFile)}, found ${matches}; update apps/api/build.mjs to match`,
              },
            ],
          };
        }
        return { contents: source.replace(pattern, "new URL('./migrations', import.meta.url)"), loader: 'ts' };
      });
    },
  };
}

/** Checks each specifier resolves from dist/, the way Node will resolve it at run time. */
/**
 * @param {string[]} specifiers
 * @param {string} fromDir
 * @returns {string[]}
 */
function unresolvable(specifiers, fromDir) {
  const check = `
    const missing = [];
    for (const s of ${JSON.stringify(specifiers)}) {
      try { import.meta.resolve(s); } catch (error) { missing.push(s + ' (' + error.code + ')'); }
    }
    process.stdout.write(JSON.stringify(missing));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', check], { cwd: fromDir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`resolution check failed to run:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

const workspace = findWorkspacePackages();
const deps = collectDependencies(workspace);
const dbDir = deps.bundled.get('@peer-support/db');
if (!dbDir) throw new Error('@peer-support/db is not a dependency of the API any more; update apps/api/build.mjs');

rmSync(outDir, { recursive: true, force: true });

const result = await esbuild.build({
  absWorkingDir: apiDir,
  entryPoints: { server: 'src/server.ts' },
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Readable output: stack traces in production logs should point at real names.
  minify: false,
  metafile: true,
  logLevel: 'warning',
  // Bundled code is ESM, but if anything bundled ever calls require() (a CJS helper, a JSON
  // file), esbuild's shim needs a real require to delegate to; ESM has none, so make one.
  banner: {
    js: "import { createRequire as __peerSupportCreateRequire } from 'node:module';\nconst require = __peerSupportCreateRequire(import.meta.url);",
  },
  plugins: [dependencyPlugin(deps), migrationsFolderPlugin(dbDir)],
});

const migrationsSource = path.join(dbDir, 'migrations');
if (!existsSync(path.join(migrationsSource, 'meta', '_journal.json'))) {
  throw new Error(`${path.relative(repoRoot, migrationsSource)}/meta/_journal.json is missing; run pnpm db:generate`);
}
cpSync(migrationsSource, path.join(outDir, 'migrations'), { recursive: true });

// The third-party specifiers the bundle really imports (a subset of what is declared).
const output = result.metafile.outputs[path.relative(apiDir, path.join(outDir, 'server.mjs'))];
if (!output) throw new Error('esbuild wrote no dist/server.mjs');
const externals = [
  ...new Set(output.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path)),
].sort();
writeFileSync(path.join(outDir, 'externals.json'), `${JSON.stringify(externals, null, 2)}\n`);

const sizeKb = Math.round(output.bytes / 1024);
console.log(`built dist/server.mjs (${sizeKb} kB) and dist/migrations`);
console.log(`bundled: ${[...deps.bundled.keys()].join(', ')}`);
console.log(`external at run time: ${[...new Set(externals.map(packageName))].join(', ')}`);

const missing = unresolvable(externals, outDir);
if (missing.length > 0) {
  console.warn(
    [
      '',
      `warning: from apps/api/dist these imports do not resolve, so node dist/server.mjs would fail here:`,
      ...missing.map((m) => `  ${m}`),
      'They are dependencies of a bundled workspace package, which pnpm installs for that package only.',
      'The bundle imports them directly, so declare them in apps/api/package.json "dependencies" too.',
      '(The Docker image is unaffected: its node_modules comes from pnpm deploy with node-linker=hoisted, which is flat.)',
    ].join('\n'),
  );
}
