// The contradictions page: each disagreement between sources (dates of one event,
// incompatible figures) with every side's claim, its documents and sentences side by side.
// `?id=C…` scrolls to and marks one.

import { getAll, documents } from '../api.js';
import { h, replace, link, routes, plural, note, list } from '../dom.js';
import { evidenceItem } from '../panel.js';

function claimColumn(docs, claim) {
  return h(
    'div',
    { class: 'claim' },
    h('div', { class: 'claim-value' }, String(claim.value ?? '?')),
    h(
      'div',
      { class: 'meta' },
      plural(claim.n_sources ?? (claim.docs || []).length, 'independent source'),
      claim.as_of ? ` · as of ${claim.as_of}` : '',
    ),
    h('ul', { class: 'evidence-list' }, list(claim.evidence).map((e) => evidenceItem(docs, e))),
  );
}

export async function contradictionsView(main, _arg, params) {
  const all = h('input', { type: 'checkbox', name: 'all', checked: params.get('all') === 'true' });
  const status = note('Loading contradictions…');
  const box = h('div', { class: 'contradictions' });
  replace(
    main,
    h('h1', null, 'Where sources disagree'),
    h('p', { class: 'filters' }, h('label', null, all, ' include updates (a later toll revising an earlier one)')),
    status,
    box,
  );

  async function load() {
    let res;
    let docs;
    try {
      [res, docs] = await Promise.all([getAll('contradictions', { all: all.checked ? 'true' : '' }, 2000), documents()]);
    } catch (err) {
      status.textContent = `Could not load contradictions: ${err.message}`;
      status.className = 'error';
      return;
    }
    status.className = 'note';
    status.textContent = res.items.length ? plural(res.total, 'contradiction') : 'No contradictions found.';
    replace(
      box,
      res.items.map((c) =>
        h(
          'section',
          { class: ['contradiction', c.status === 'update' ? 'update' : ''], id: 'c-' + c.id, 'data-contradiction': c.id },
          h('h2', null, c.topic || c.id, ' ', h('span', { class: 'badge' }, c.status === 'update' ? 'update' : c.kind || 'contradiction')),
          c.note ? h('p', { class: 'meta' }, c.note) : null,
          c.event ? h('p', { class: 'meta' }, link(routes.event(c.event), 'the event on the timeline', 'event-link')) : null,
          h('div', { class: 'claims' }, (c.claims || []).map((cl) => claimColumn(docs, cl))),
        ),
      ),
    );
    update(params);
  }

  function update(p) {
    const id = p.get('id');
    for (const el of box.querySelectorAll('.contradiction.selected')) el.classList.remove('selected');
    if (!id) return;
    const el = [...box.querySelectorAll('.contradiction')].find((s) => s.dataset.contradiction === id);
    if (el) {
      el.classList.add('selected');
      el.scrollIntoView({ block: 'start' });
    }
  }

  all.addEventListener('change', load);
  await load();
  return { update };
}
