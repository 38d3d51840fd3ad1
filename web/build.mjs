// Builds the web workspace into web/dist/: index.html, app.js (one bundle: our code in src/
// plus vis-timeline, vis-data and cytoscape from node_modules) and app.css (the libraries'
// CSS followed by ours). No file is fetched at run time from anywhere but the dossier server
// itself (no CDN, no fonts), and the bundle never needs eval (the server's CSP forbids it).
//
// Usage: node build.mjs          (run by `cargo xtask web` after `npm ci`)

import { readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const src = path.join(here, 'src');

/** CSS the libraries need, inlined (in this order) before ours. */
const libraryCss = [
  'node_modules/vis-timeline/styles/vis-timeline-graph2d.min.css',
];

async function main() {
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });

  await esbuild.build({
    entryPoints: [path.join(src, 'main.js')],
    outfile: path.join(dist, 'app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    sourcemap: false,
    legalComments: 'eof',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });

  const pieces = [];
  for (const rel of libraryCss) {
    pieces.push(`/* ${rel} */\n` + (await readFile(path.join(here, rel), 'utf8')));
  }
  pieces.push(await readFile(path.join(src, 'app.css'), 'utf8'));
  const css = await esbuild.transform(pieces.join('\n'), { loader: 'css', minify: true });
  await writeFile(path.join(dist, 'app.css'), css.code);

  await writeFile(path.join(dist, 'index.html'), await readFile(path.join(src, 'index.html'), 'utf8'));

  // The CSP is script-src 'self' without 'unsafe-eval': fail the build if a bundled library
  // would call eval or the Function constructor.
  const js = await readFile(path.join(dist, 'app.js'), 'utf8');
  const evalLike = /\beval\s*\(|new\s+Function\s*\(/;
  if (evalLike.test(js)) {
    throw new Error('the bundle contains eval or new Function, which the CSP forbids');
  }
  console.log(`web/dist: index.html, app.js (${Math.round(js.length / 1024)} KiB), app.css (${Math.round(css.code.length / 1024)} KiB)`);
}

main().catch((err) => {
  console.error(`web build failed: ${err.message || err}`);
  process.exit(1);
});
