// End-to-end test of the web workspace in Debian's Chromium (playwright-core).
//
//   node web/tests/e2e.mjs --dossier PATH/TO/dossier --db STORE.db [--screenshots DIR]
//
// The store must hold examples/corpus and web/tests/fixtures/hostile.jsonl, analysed
// (crates/cli/tests/browser.rs prepares it and runs this script). The script starts
// `dossier serve` on a free loopback port, then drives the real UI: the hostile document
// is shown as literal text and nothing in it runs (no dialog, no script, no CSP
// violation); the timeline opens and an event's panel shows its reports; the evidence
// link opens the document reader with the sentence highlighted; a contradiction shows both
// sides' sentences; searching an actor by a spelling variant reaches the entity page.
// Screenshots go to --screenshots (default target/e2e-screenshots/). Exit status 0 when
// every check passed; the last line says "N passed, N failed".

import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

function args() {
  const out = { screenshots: path.join(repo, 'target', 'e2e-screenshots'), chromium: '/usr/bin/chromium' };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--dossier') out.dossier = v;
    else if (k === '--db') out.db = v;
    else if (k === '--screenshots') out.screenshots = v;
    else if (k === '--chromium') out.chromium = v;
    else if (k === '--url') out.url = v;
    else {
      console.error(`unknown argument ${k}`);
      process.exit(2);
    }
    i++;
  }
  if (!out.url && (!out.dossier || !out.db)) {
    console.error('usage: node e2e.mjs --dossier BIN --db STORE [--screenshots DIR] [--chromium PATH] | --url http://127.0.0.1:PORT');
    process.exit(2);
  }
  return out;
}

/** A free loopback port (the server is then started on it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The write token the test server is started with (the ingest page needs it). */
const TOKEN = 'e2e-token-' + process.pid;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer(opts) {
  const port = await freePort();
  const env = { ...process.env, DOSSIER_TOKEN: TOKEN };
  const child = spawn(opts.dossier, ['--db', opts.db, 'serve', '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dossier serve exited (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(base + '/api/stats');
      if (res.ok) return { base, child, log: () => log };
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  child.kill();
  throw new Error(`dossier serve did not answer on ${base} within 20 s:\n${log}`);
}

let passed = 0;
let failed = 0;
const failures = [];
async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    failed++;
    failures.push(name);
    console.log(`FAIL ${name}: ${err && err.stack ? err.stack : err}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
const norm = (s) => String(s || '').replace(/\s+/g, ' ').trim();

async function main() {
  const opts = args();
  await mkdir(opts.screenshots, { recursive: true });
  const server = opts.url ? { base: opts.url.replace(/\/$/, ''), child: null, log: () => '' } : await startServer(opts);
  const api = async (p) => {
    const res = await fetch(server.base + '/api/' + p);
    if (!res.ok) throw new Error(`GET /api/${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const browser = await chromium.launch({
    executablePath: opts.chromium,
    headless: true,
    // No connection anywhere but the server: the machine's network is closed, and the
    // workspace must work offline.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const dialogs = [];
  const pageErrors = [];
  const cspViolations = [];
  const requests = [];
  page.on('dialog', async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => pageErrors.push(String(e && e.message)));
  page.on('console', (m) => {
    const t = m.text();
    if (/Content.Security.Policy|Refused to/i.test(t)) cspViolations.push(t);
  });
  page.on('request', (r) => requests.push(r.url()));
  // Every CSP violation, including those not logged to the console.
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const shot = (name) => page.screenshot({ path: path.join(opts.screenshots, name + '.png'), fullPage: false });
  const xssFlag = () => page.evaluate(() => window.__dossierXss);
  const goto = async (hash) => {
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
  };

  try {
    // Which document is the hostile one.
    const docs = await api('documents?limit=500');
    const hostile = docs.items.find((d) => /Leaflets in Liberty Square/.test(d.title || ''));

    await check('workspace loads with the corpus stats in the header', async () => {
      const res = await page.goto(server.base + '/', { waitUntil: 'domcontentloaded' });
      assert(res && res.ok(), `GET / answered ${res && res.status()}`);
      const csp = res.headers()['content-security-policy'] || '';
      assert(/script-src 'self'/.test(csp), `no script-src 'self' CSP on /: ${csp}`);
      const built = await page.locator('#view').count();
      assert(built === 1, 'this dossier binary was built without web/dist: run `cargo xtask web`, then rebuild');
      await page.waitForFunction(() => /\d+ documents/.test(document.getElementById('stats').textContent), null, { timeout: 10000 });
      assert(page.url().endsWith('#/timeline'), `start page is ${page.url()}`);
    });

    let eventId = null;
    let panelSentence = '';
    await check('timeline shows events; clicking one opens its reports', async () => {
      await page.waitForSelector('.vis-item .tl-item[data-event]', { timeout: 15000 });
      const n = await page.locator('.vis-item .tl-item[data-event]').count();
      assert(n > 0, 'no event on the timeline');
      await page.waitForSelector('.event-list .event-link');
      await shot('01-timeline');
      // Prefer an event several sources report, visible on the timeline (not clustered).
      const target = await page.evaluate(() => {
        // Items inside the timeline's visible window (it scrolls vertically by itself).
        const win = document.querySelector('.vis-panel.vis-center').getBoundingClientRect();
        const inside = (el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.top >= win.top && r.bottom <= win.bottom && r.left >= win.left && r.right <= win.right;
        };
        const els = [...document.querySelectorAll('.vis-item:not(.vis-cluster) .tl-item[data-event]')].filter(inside);
        const best = els.sort((a, b) => Number(b.querySelector('.tl-n').textContent) - Number(a.querySelector('.tl-n').textContent))[0];
        return best ? best.dataset.event : null;
      });
      assert(target, 'no clickable (unclustered) event item');
      eventId = target;
      await page.locator(`.vis-item .tl-item[data-event="${target}"]`).first().click();
      await page.waitForSelector(`#panel .event-panel[data-event="${target}"]`, { timeout: 10000 });
      assert(page.url().includes(`#/timeline?event=${target}`), `URL after click: ${page.url()}`);
      const nReports = await page.locator('#panel .report').count();
      assert(nReports > 0, 'event panel lists no report');
      panelSentence = norm(await page.locator('#panel .evidence blockquote').first().textContent());
      assert(panelSentence.length > 10, 'the first evidence sentence is empty');
      await shot('02-event-panel');
    });

    await check('evidence link opens the reader with the sentence highlighted', async () => {
      assert(eventId, 'no event was opened');
      await page.locator('#panel .evidence .doc-link').first().click();
      await page.waitForSelector('.reader .evidence-mark', { timeout: 10000 });
      assert(/#\/doc\/[0-9a-f]+\?span=\d+-\d+$/.test(page.url()), `reader URL ${page.url()}`);
      const marked = norm(await page.evaluate(() => [...document.querySelectorAll('.evidence-mark')].map((e) => e.textContent).join('')));
      assert(marked === panelSentence, `highlighted text differs from the evidence sentence:\n  marked:   ${marked}\n  evidence: ${panelSentence}`);
      const inView = await page.evaluate(() => {
        const r = document.querySelector('.evidence-mark').getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;
      });
      assert(inView, 'the highlighted evidence was not scrolled into view');
      const layers = await page.evaluate(() => ['ent', 'time', 'event'].map((k) => document.querySelectorAll('.doc-text .hl-' + k).length));
      assert(layers.every((n) => n > 0), `reader is missing a highlight layer (entities, dates, events): ${layers}`);
      await shot('03-reader-evidence');
    });

    await check('an entity highlight in the reader links to its entity page', async () => {
      const href = await page.locator('.doc-text a.hl-ent[href^="#/entity/"]').first().getAttribute('href');
      assert(href, 'no linked entity highlight');
      await goto(href);
      await page.waitForSelector('.entity .entity-name', { timeout: 10000 });
    });

    await check('a contradiction shows both sides with their sentences', async () => {
      await page.locator('#nav a[data-view="contradictions"]').click();
      await page.waitForSelector('.contradiction', { timeout: 10000 });
      const found = await page.evaluate(() => {
        const out = [];
        for (const c of document.querySelectorAll('.contradiction')) {
          const claims = [...c.querySelectorAll('.claim')].map((cl) => ({
            value: cl.querySelector('.claim-value').textContent,
            sentences: [...cl.querySelectorAll('.sentence')].map((s) => s.textContent),
          }));
          out.push({ id: c.dataset.contradiction, topic: c.querySelector('h2').textContent, claims });
        }
        return out;
      });
      assert(found.length > 0, 'no contradiction listed');
      const arrest = found.find((c) => /Darvel/.test(c.topic) && c.claims.length >= 2);
      assert(arrest, `no contradiction about Darvel's arrest among: ${found.map((c) => c.topic).join(' | ')}`);
      const all = arrest.claims.map((c) => c.sentences.join(' ')).join(' ');
      assert(arrest.claims.every((c) => c.sentences.length > 0), 'a side of the contradiction has no sentence');
      assert(/arrested on January 6/.test(all) && /arrested on January 8/.test(all), `both dates' sentences should be shown: ${all.slice(0, 400)}`);
      await goto(`#/contradictions?id=${arrest.id}`);
      await page.waitForSelector('.contradiction.selected');
      await shot('04-contradiction');
    });

    await check('searching an actor by a spelling variant (Reker) reaches Tomas Rekker', async () => {
      await page.fill('#quick-q', 'Reker');
      await page.press('#quick-q', 'Enter');
      await page.waitForSelector('.entity-results .entity-link', { timeout: 10000 });
      const names = await page.locator('.entity-results .entity-link').allTextContents();
      const i = names.findIndex((n) => /Rekker/.test(n));
      assert(i >= 0, `no Rekker among the actors found for "Reker": ${names.join(', ')}`);
      await shot('05-search-alias');
      await page.locator('.entity-results .entity-link').nth(i).click();
      await page.waitForSelector('.entity .entity-name', { timeout: 10000 });
      const name = await page.locator('.entity .entity-name').textContent();
      assert(/Rekker/.test(name), `entity page shows ${name}`);
      const aliases = await page.locator('.entity .alias').allTextContents();
      assert(aliases.includes('Reker'), `aliases do not list Reker: ${aliases.join(', ')}`);
      assert((await page.locator('.entity .mentions li').count()) > 0, 'no mention listed');
      await shot('06-entity');
    });

    await check('actor network draws', async () => {
      await page.locator('#nav a[data-view="actors"]').click();
      await page.waitForSelector('#network canvas', { timeout: 10000 });
      await page.waitForSelector('.actors .entity-link');
      await shot('07-network');
    });

    await check('map draws the offline base map; the example corpus has no real place, so no point', async () => {
      await goto('#/map');
      await page.waitForSelector('#map svg .countries path', { timeout: 15000 });
      const n = await page.locator('#map svg .countries path').count();
      assert(n > 100, `only ${n} country outlines`);
      // The example corpus is about a fictional country: nothing may be placed on a real map.
      await page.waitForFunction(() => /No event with a resolved place|point/.test(document.getElementById('view').textContent), null, { timeout: 10000 });
      const points = await page.locator('#map svg .cluster').count();
      assert(points === 0, `${points} points for fictional places`);
      await shot('07b-map');
    });

    await check('competing explanations: each with its sources\' positions', async () => {
      await page.locator('#nav a[data-view="hypotheses"]').click();
      await page.waitForSelector('.hypotheses .hypothesis', { timeout: 15000 });
      const n = await page.locator('.hypotheses .hypothesis').count();
      assert(n >= 2, `only ${n} explanations`);
      assert((await page.locator('.hypotheses .hypothesis .positions li').count()) >= n, 'an explanation without positions');
      await shot('07c-hypotheses');
    });

    await check('full-text search marks hits from plain-text snippets', async () => {
      await goto('#/search?q=' + encodeURIComponent('peacekeepers'));
      await page.waitForSelector('.search-results li', { timeout: 10000 });
      const marks = await page.locator('.search-results mark').allTextContents();
      assert(marks.some((m) => /peacekeeper/i.test(m)), `no marked hit: ${marks.join(', ')}`);
    });

    await check('hostile document: shown as literal text, nothing runs', async () => {
      assert(hostile, 'the hostile fixture (Leaflets in Liberty Square) is not in the store');
      await goto(`#/doc/${hostile.id}`);
      await page.waitForSelector(`.reader[data-doc="${hostile.id}"] .doc-text`, { timeout: 10000 });
      await sleep(300);
      const text = await page.locator('.doc-text').textContent();
      for (const s of ["<script>window.__dossierXss = 'script'", '<img src=x onerror=', '<svg onload=', 'javascript:window.__dossierXss', '{{constructor.constructor']) {
        assert(text.includes(s), `literal text missing from the reader: ${s}`);
      }
      const title = await page.locator('.doc-title').textContent();
      assert(title.includes('<img src=x onerror='), `title not literal: ${title}`);
      const bad = await page.evaluate(() => document.querySelectorAll('#view script, #view img, #view svg, #view iframe, #view object, #panel img, #stats img').length);
      assert(bad === 0, `${bad} element(s) created from document text`);
      const hrefs = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !h.startsWith('#/')));
      assert(hrefs.length === 0, `links outside our routes: ${hrefs.join(', ')}`);
      const ctrls = await page.locator('.doc-text .ctrl').count();
      assert(ctrls >= 3, `bidi-override and zero-width characters are not marked (${ctrls})`);
      // Offsets are code points: after the astral emoji, an entity highlight still covers
      // exactly its words.
      const ents = await page.locator('.doc-text .hl-ent').allTextContents();
      assert(ents.some((e) => e === 'Corvinsk' || e === 'Tomas Rekker' || e === 'Rekker'), `entity highlights misaligned after astral characters: ${ents.slice(0, 8).join(' | ')}`);
      await shot('08-hostile-document');
      // Its text in search results and lists stays literal too.
      await goto('#/search?q=' + encodeURIComponent('leaflet'));
      await page.waitForSelector('.search-results li', { timeout: 10000 });
      await sleep(200);
      assert((await page.evaluate(() => document.querySelectorAll('#view img, #view script').length)) === 0, 'markup from a snippet became elements');
      await shot('09-hostile-search');
    });

    await check('ingest page: a wrong token is refused, the right one analyses pasted text', async () => {
      if (!server.child) return; // --url: the token is unknown
      const before = (await api('stats')).n_documents;
      await goto('#/ingest');
      await page.waitForSelector('.ingest-paste textarea');
      await page.fill('.token input', 'not-the-token');
      await page.fill('.ingest-paste input[name="title"]', 'Pasted <b>report</b> from Dranmoor');
      await page.fill('.ingest-paste textarea', "DRANMOOR, Jan 12 - Oil workers in Dranmoor returned to work on Sunday, the regional administration said. <script>window.__dossierXss='ingest'</script> Tomas Rekker thanked them in a televised address.");
      await page.click('.ingest-paste button[type="submit"]');
      await page.waitForSelector('.job .error');
      const refused = await page.locator('.job .error').textContent();
      assert(/token/.test(refused), `wrong token message: ${refused}`);
      await page.fill('.token input', TOKEN);
      await page.click('.ingest-paste button[type="submit"]');
      await page.waitForFunction(() => /: (done|failed)$/.test((document.querySelector('.job h2') || {}).textContent || ''), null, { timeout: 30000 });
      const state = await page.locator('.job h2').textContent();
      await shot('10-ingest');
      assert(/done$/.test(state), `job ended ${state}: ${await page.locator('.job').textContent()}`);
      const after = (await api('stats')).n_documents;
      assert(after === before + 1, `documents ${before} -> ${after}`);
      await page.waitForFunction((n) => document.getElementById('stats').textContent.includes(`${n} documents`), after);
    });

    await check('no dialog, no injected script, no CSP violation, no page error, nothing fetched elsewhere', async () => {
      await sleep(200);
      assert(dialogs.length === 0, `dialogs fired: ${dialogs.join('; ')}`);
      const flag = await xssFlag();
      assert(flag === undefined, `payload ran: window.__dossierXss = ${flag}`);
      const csp = (await page.evaluate(() => window.__csp)).concat(cspViolations);
      assert(csp.length === 0, `CSP violations: ${csp.join('; ')}`);
      assert(pageErrors.length === 0, `page errors: ${pageErrors.join('; ')}`);
      const foreign = requests.filter((u) => !u.startsWith(server.base) && !u.startsWith('data:'));
      assert(foreign.length === 0, `requests outside the server: ${foreign.join(', ')}`);
    });
  } finally {
    await browser.close().catch(() => {});
    if (server.child) server.child.kill();
  }
  if (failed) {
    const log = server.log();
    if (log) console.log('--- dossier serve output ---\n' + log.slice(-4000));
  }
  console.log(`screenshots: ${opts.screenshots}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(`e2e: ${err && err.stack ? err.stack : err}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
