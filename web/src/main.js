// The dossier web workspace: hash routing between the views and the header's corpus stats.
//
// Routes: #/timeline[?event=V…], #/actors, #/entity/E…, #/doc/ID[?span=S-E],
// #/contradictions[?id=C…], #/hypotheses, #/search?q=, #/ingest, #/map[?from=&to=].

import { refreshStats } from './stats.js';
import { h, replace, note, routes } from './dom.js';
import { closePanel } from './panel.js';
import { timelineView } from './views/timeline.js';
import { networkView } from './views/network.js';
import { docView } from './views/doc.js';
import { entityView } from './views/entity.js';
import { contradictionsView } from './views/contradictions.js';
import { searchView } from './views/search.js';
import { ingestView } from './views/ingest.js';
import { mapView } from './views/map.js';
import { hypothesesView } from './views/hypotheses.js';

const views = {
  timeline: timelineView,
  actors: networkView,
  doc: docView,
  entity: entityView,
  contradictions: contradictionsView,
  search: searchView,
  ingest: ingestView,
  map: mapView,
  hypotheses: hypothesesView,
};

/** Parses `#/name/arg?k=v` into {name, arg, params}. */
export function parseHash(hash) {
  const raw = String(hash || '').replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const [name, ...rest] = path.split('/');
  let arg = rest.join('/');
  try {
    arg = decodeURIComponent(arg);
  } catch {
    /* keep as is */
  }
  return { name: name || 'timeline', arg, params };
}

let current = null; // { name, cleanup }
let seq = 0;

async function route() {
  const { name, arg, params } = parseHash(location.hash);
  const view = views[name];
  const main = document.getElementById('view');
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', a.dataset.view === name || (name === 'entity' && a.dataset.view === 'actors'));
  }
  // Same view, new parameters (e.g. the timeline's selected event): let the view update
  // itself when it can instead of being rebuilt.
  if (current && current.name === name && current.arg === arg && current.update) {
    current.update(params);
    return;
  }
  if (current && current.cleanup) current.cleanup();
  current = null;
  closePanel();
  const mine = ++seq;
  if (!view) {
    replace(main, note(`Unknown page “${name}”.`, 'error'));
    return;
  }
  main.dataset.view = name;
  replace(main, note('Loading…'));
  try {
    const handle = (await view(main, arg, params)) || {};
    if (mine !== seq) {
      if (handle.cleanup) handle.cleanup();
      return;
    }
    current = { name, arg, ...handle };
  } catch (err) {
    if (mine === seq) replace(main, note(`Could not load this page: ${err.message}`, 'error'));
  }
}

function start() {
  document.getElementById('quick-search').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = document.getElementById('quick-q').value.trim();
    if (q) location.hash = routes.search(q);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closePanel();
  });
  window.addEventListener('hashchange', route);
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    history.replaceState(null, '', routes.timeline());
  }
  refreshStats();
  route();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
