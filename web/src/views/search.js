// Search: actors by name or any spelling (/api/entities?q=) and the articles' full text
// (/api/search, SQLite FTS5). Snippets come as plain-text pieces with a `hit` flag, so
// matches are marked without any markup from the server.

import { get } from '../api.js';
import { h, replace, link, routes, plural, note } from '../dom.js';

export async function searchView(main, _arg, params) {
  const q = (params.get('q') || '').trim();
  const input = h('input', { type: 'search', name: 'q', value: q, placeholder: 'a name, a spelling, words from the articles', 'aria-label': 'Search', autocomplete: 'off' });
  const form = h('form', { class: 'filters search-form', role: 'search' }, input, h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (v) location.hash = routes.search(v);
  });
  const actors = h('section', { class: 'search-actors' });
  const articles = h('section', { class: 'search-articles' });
  replace(main, h('h1', null, 'Search'), form, actors, articles);
  const quick = document.getElementById('quick-q');
  if (quick) quick.value = q;
  if (!q) {
    replace(actors, note('Type a name (any spelling: an alias finds the actor) or words from the articles.'));
    return {};
  }

  const [ents, hits] = await Promise.allSettled([get('entities', { q, limit: 50 }), get('search', { q, limit: 50 })]);

  if (ents.status === 'fulfilled') {
    const items = ents.value.items || [];
    replace(
      actors,
      h('h2', null, `Actors (${ents.value.total ?? items.length})`),
      items.length
        ? h(
            'ul',
            { class: 'entity-results' },
            items.map((e) => {
              const lower = q.toLowerCase();
              const via = (e.aliases || [])
                .map((a) => (Array.isArray(a) ? String(a[0]) : a && typeof a === 'object' ? String(a.text ?? '') : String(a)))
                .find((a) => a.toLowerCase().includes(lower) && a !== e.name);
              return h(
                'li',
                null,
                link(routes.entity(e.id), e.name || e.id, 'entity-link'),
                ` · ${e.type || ''} · ${plural(e.n_mentions ?? 0, 'mention')} in ${plural(e.n_documents ?? 0, 'document')}`,
                via && !String(e.name || '').toLowerCase().includes(lower) ? h('span', { class: 'via' }, ` (written “${via}”)`) : null,
              );
            }),
          )
        : note('No actor by that name or spelling.'),
    );
  } else {
    replace(actors, note(`Actor search failed: ${ents.reason.message}`, 'error'));
  }

  if (hits.status === 'fulfilled') {
    const items = hits.value.items || [];
    replace(
      articles,
      h('h2', null, `Articles (${articleCount(hits.value, items.length)})`),
      hits.value.order === 'newest'
        ? note('More matches than are worth ranking: the newest stored are shown first. Add a word to narrow the search.')
        : null,
      items.length
        ? h(
            'ol',
            { class: 'search-results' },
            items.map((d) =>
              h(
                'li',
                null,
                link(routes.doc(d.id), d.title || d.id, 'doc-link'),
                h('span', { class: 'meta' }, ' · ', [d.outlet, d.published].filter(Boolean).join(' · ')),
                h('p', { class: 'snippet' }, (d.snippet || []).map((p) => (p.hit ? h('mark', null, p.text) : p.text))),
              ),
            ),
          )
        : note('No article contains these words.'),
    );
  } else {
    replace(articles, note(`Full-text search failed: ${hits.reason.message}`, 'error'));
  }
  return {};
}

/** "12", or "1,000+" when the server stopped counting at its cap. */
export function articleCount(page, shown) {
  const n = page.total ?? shown;
  return page.capped ? `${n.toLocaleString('en-US')}+` : String(n);
}
