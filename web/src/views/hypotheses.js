// The competing-explanations page (analysis of competing hypotheses): each explanation the
// corpus argues about with every source's position and sentence, then the evidence matrix
// (rows: events, quotes, figures; columns: explanations; cells consistent / inconsistent /
// neutral, each non-neutral cell with the sentence linking it). Reads GET /api/hypotheses,
// which returns engine::claims::hypotheses as JSON ({hypotheses, evidence, cells}).

import { get, documents } from '../api.js';
import { h, replace, link, routes, plural, note, list, cut } from '../dom.js';

/** The outlet or title of document `id`; `docs` is api.js's id -> document Map. */
function docLabel(docs, id) {
  const d = docs instanceof Map ? docs.get(id) : undefined;
  return d ? d.outlet || d.title || id : id;
}

function positionItem(docs, p) {
  const first = list(p.evidence)[0];
  const who =
    p.holder_kind === 'author' ? `${p.holder} (author)` : p.holder_kind === 'reported' ? `${p.holder}` : `${p.holder} (quoted)`;
  return h(
    'li',
    { class: ['position', 'position-' + p.position] },
    h('span', { class: 'badge' }, p.position + (p.hedged ? ', hedged' : '')),
    ' ',
    who,
    ' · ',
    link(routes.doc(p.doc), docLabel(docs, p.doc), 'doc-link'),
    first ? h('blockquote', { class: 'sentence' }, first.text || '') : null,
  );
}

function matrixTable(m) {
  const ids = list(m.hypotheses).map((x) => x.id);
  const cell = (e, hid) => list(m.cells).find((c) => c.evidence === e.id && c.hypothesis === hid);
  return h(
    'table',
    { class: 'matrix' },
    h('thead', null, h('tr', null, h('th', null, 'Evidence'), ids.map((id) => h('th', null, id)))),
    h(
      'tbody',
      null,
      list(m.evidence).map((e) =>
        h(
          'tr',
          null,
          h('td', null, cut(e.label, 100), ' ', h('span', { class: 'meta' }, e.kind)),
          ids.map((id) => {
            const c = cell(e, id);
            if (!c) return h('td', { class: 'cell neutral' }, '·');
            return h('td', { class: ['cell', c.value], title: c.link && c.link.text }, c.value);
          }),
        ),
      ),
    ),
  );
}

export async function hypothesesView(main) {
  const status = note('Loading competing explanations…');
  const box = h('div', { class: 'hypotheses' });
  replace(main, h('h1', null, 'Competing explanations'), status, box);
  let m;
  let docs;
  try {
    [m, docs] = await Promise.all([get('hypotheses'), documents()]);
  } catch (err) {
    status.textContent = `Could not load hypotheses: ${err.message}`;
    status.className = 'error';
    return;
  }
  status.className = 'note';
  const hs = list(m.hypotheses);
  status.textContent = hs.length
    ? plural(hs.length, 'explanation') + ' argued in the corpus'
    : 'No competing explanations found: none is argued by more than a single hedged sentence.';
  replace(
    box,
    hs.map((x) =>
      h(
        'section',
        { class: 'hypothesis', id: 'h-' + x.id },
        h('h2', null, `${x.id}: ${x.label}`),
        h('p', { class: 'meta' }, `${plural(x.n_claims, 'claim')} in ${plural(x.n_documents, 'document')}`),
        h('ul', { class: 'positions' }, list(x.positions).map((p) => positionItem(docs, p))),
      ),
    ),
    list(m.evidence).length ? h('h2', null, 'Evidence against the explanations') : null,
    list(m.evidence).length ? matrixTable(m) : null,
  );
}
