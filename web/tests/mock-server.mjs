// A stand-in for `dossier serve` when developing the front end without the Rust server:
// serves web/dist and a rough version of the /api routes (docs/api contract) computed from
// a `dossier export --format json` file. Not used by the tests, which run the real server.
//
//   node web/tests/mock-server.mjs EXPORT.json [PORT]

import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist');
const [file, portArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node mock-server.mjs EXPORT.json [PORT]');
  process.exit(2);
}
const ex = JSON.parse(await readFile(file, 'utf8'));
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const docsById = new Map(ex.documents.map((d) => [d.id, d]));
const memberToEntity = new Map();
for (const e of ex.entities) for (const m of e.members || []) memberToEntity.set(m, e.id);

function page(items, q) {
  const limit = Math.min(Number(q.get('limit') || 50), 500);
  const offset = Number(q.get('offset') || 0);
  return { items: items.slice(offset, offset + limit), total: items.length, limit, offset };
}
const light = (e) => ({ id: e.id, name: e.name, type: e.type, aliases: e.aliases, n_mentions: e.n_mentions, n_documents: e.n_documents, confidence: e.confidence });
const involves = (ev, id) => [ev.source, ev.target, ev.location].some((r) => r && r.entity === id);

function docFull(d) {
  const byDoc = (arr) => (arr || []).filter((x) => x.doc === d.id);
  const entities = [];
  for (const e of ex.entities) {
    const mentions = (e.mentions || []).filter((m) => m.doc === d.id);
    if (mentions.length) entities.push({ id: e.id, name: e.name, type: e.type, n_mentions: mentions.length, mentions, corpus_entity: e.id });
  }
  return { ...d, entities, times: byDoc(ex.times), quotes: byDoc(ex.quotes), quantities: byDoc(ex.quantities), events: byDoc(ex.event_reports) };
}

function route(url) {
  const q = url.searchParams;
  const p = url.pathname.replace(/^\/api\//, '').split('/').map(decodeURIComponent);
  switch (p[0]) {
    case 'stats':
      return {
        n_documents: ex.documents.length, n_entities: ex.entities.length, n_events: ex.events.length,
        n_contradictions: ex.contradictions.length, n_quotes: ex.quotes.length, n_quantities: ex.quantities.length,
        outlets: [], first_date: '2031-01-05', last_date: '2031-01-21',
      };
    case 'documents':
      if (p[1]) {
        const d = docsById.get(p[1]) || ex.documents.find((x) => x.id.startsWith(p[1]));
        return d ? docFull(d) : null;
      }
      return page(ex.documents.map(({ text, sentences, ...rest }) => ({ ...rest, n_chars: Array.from(text).length })), q);
    case 'entities': {
      if (p[1]) {
        const e = ex.entities.find((x) => x.id === p[1]);
        if (!e) return null;
        return {
          ...e,
          events: ex.events.filter((ev) => involves(ev, e.id)).map((ev) => ({ id: ev.id, summary: ev.summary, date: ev.date, type: ev.type })),
          quotes: ex.quotes.filter((x) => x.speaker && memberToEntity.get(x.speaker.entity) === e.id),
          links: ex.links.filter((l) => l.from === e.id || l.to === e.id),
          related: [],
        };
      }
      const s = (q.get('q') || '').toLowerCase();
      const hits = ex.entities.filter((e) => !s || e.name.toLowerCase().includes(s) || (e.aliases || []).some((a) => a.toLowerCase().includes(s)));
      return page(hits.map(light), q);
    }
    case 'events':
    case 'timeline': {
      if (p[1]) {
        const ev = ex.events.find((x) => x.id === p[1]);
        return ev ? { ...ev, contradictions: ex.contradictions.filter((c) => (ev.disputed || []).includes(c.id)) } : null;
      }
      const evs = ex.events.filter((ev) => p[0] === 'events' || ev.date).map((ev) => ({ ...ev, start: ev.date && ev.date.value.slice(0, 10), end: ev.date && ev.date.value.slice(0, 10) }));
      return page(evs.filter((ev) => !ev.start || /^\d{4}-\d{2}-\d{2}$/.test(ev.start)), q);
    }
    case 'contradictions':
      return page(ex.contradictions, q);
    case 'search': {
      const s = (q.get('q') || '').toLowerCase();
      const hits = ex.documents.filter((d) => d.text.toLowerCase().includes(s)).map((d) => {
        const i = d.text.toLowerCase().indexOf(s);
        return { id: d.id, title: d.title, published: d.published, outlet: d.outlet, rank: 1, snippet: [{ text: d.text.slice(Math.max(0, i - 60), i), hit: false }, { text: d.text.slice(i, i + s.length), hit: true }, { text: d.text.slice(i + s.length, i + s.length + 60), hit: false }] };
      });
      return page(hits, q);
    }
    case 'network': {
      const nodes = ex.entities.slice().sort((a, b) => b.n_mentions - a.n_mentions).slice(0, 60).map(({ id, name, type, n_mentions }) => ({ id, name, type, n_mentions }));
      const ids = new Set(nodes.map((n) => n.id));
      const w = new Map();
      for (const ev of ex.events) {
        const a = ev.source && ev.source.entity;
        const b = ev.target && ev.target.entity;
        if (a && b && a !== b && ids.has(a) && ids.has(b)) w.set(a + '|' + b, (w.get(a + '|' + b) || 0) + 1);
      }
      return { nodes, edges: [...w].map(([k, n]) => ({ source: k.split('|')[0], target: k.split('|')[1], weight: n, n_events: n, types: [] })) };
    }
    default:
      return null;
  }
}

http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (url.pathname.startsWith('/api/')) {
    const body = route(url);
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body || { error: { code: 'not_found', message: 'not found' } }));
    return;
  }
  const name = url.pathname === '/' ? 'index.html' : url.pathname.replace(/^\/assets\//, '');
  if (!['index.html', 'app.js', 'app.css'].includes(name)) {
    res.writeHead(404).end();
    return;
  }
  const type = { html: 'text/html', js: 'text/javascript', css: 'text/css' }[name.split('.').pop()];
  res.writeHead(200, { 'Content-Type': type + '; charset=utf-8' });
  res.end(await readFile(path.join(dist, name)));
}).listen(Number(portArg || 8099), '127.0.0.1', () => console.log(`mock on http://127.0.0.1:${portArg || 8099}/`));
