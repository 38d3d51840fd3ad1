// The entity page: one corpus actor with its name, type, every spelling, how its mentions
// were merged (rule, reason, confidence), the events it takes part in, its quotes, its
// mentions in their documents, its typed links and the actors it appears with.

import { get, documents } from '../api.js';
import { h, replace, link, routes, plural, note, cut } from '../dom.js';
import { docLabel, evidenceItem, dateText } from '../panel.js';

function docOf(localId) {
  const s = String(localId || '');
  const i = s.indexOf(':');
  return i > 0 ? s.slice(0, i) : s;
}

function section(title, ...children) {
  return h('section', { class: 'entity-section' }, h('h2', null, title), ...children);
}

function pct(x) {
  return Number.isFinite(x) ? `${Math.round(x * 100)}%` : '';
}

export async function entityView(main, id) {
  let ent;
  let docs;
  try {
    [ent, docs] = await Promise.all([get('entities/' + encodeURIComponent(id)), documents()]);
  } catch (err) {
    replace(main, note(`Could not load entity ${id}: ${err.message}`, 'error'));
    return {};
  }
  // Spellings: plain strings, or [text, count] pairs / {text, n} objects with their counts.
  const aliases = (ent.aliases || []).map((a) =>
    Array.isArray(a) ? { text: String(a[0]), n: a[1] } : typeof a === 'object' && a ? { text: String(a.text ?? a.alias ?? ''), n: a.n ?? a.count } : { text: String(a) },
  );
  const merges = ent.merges || [];
  const events = ent.events || [];
  const quotes = ent.quotes || [];
  const mentions = ent.mentions || [];
  const links = ent.links || [];
  const related = ent.related || [];

  const byDoc = new Map();
  for (const m of mentions) {
    if (!byDoc.has(m.doc)) byDoc.set(m.doc, []);
    byDoc.get(m.doc).push(m);
  }
  const MAX_MENTIONS = 300;
  let shown = 0;

  replace(
    main,
    h(
      'article',
      { class: 'entity', 'data-entity': ent.id },
      h('h1', { class: 'entity-name' }, ent.name || ent.id, ' ', h('span', { class: `badge type-${ent.type}` }, ent.type || '')),
      h(
        'p',
        { class: 'meta' },
        `${plural(ent.n_mentions ?? mentions.length, 'mention')} in ${plural(ent.n_documents ?? byDoc.size, 'document')}`,
        merges.length ? ` · merge confidence ${pct(ent.confidence)}` : '',
        ` · ${ent.id}`,
      ),
      section(
        'Spellings',
        h('ul', { class: 'aliases' }, aliases.map((a) => h('li', { class: 'alias-item' }, h('span', { class: 'alias' }, a.text), Number.isFinite(a.n) ? h('span', { class: 'alias-n', title: plural(a.n, 'mention') }, String(a.n)) : null))),
      ),
      merges.length
        ? section(
            'Why these were merged',
            h(
              'details',
              { open: merges.length <= 8 },
              h('summary', null, `${plural(merges.length, 'merge')}: ${[...new Set(merges.map((m) => m.rule))].join(', ')}`),
              h(
              'table',
              { class: 'merges' },
              h('thead', null, h('tr', null, h('th', null, 'rule'), h('th', null, 'reason'), h('th', null, 'confidence'), h('th', null, 'documents'))),
              h(
                'tbody',
                null,
                merges.map((m) =>
                  h(
                    'tr',
                    null,
                    h('td', null, m.rule || ''),
                    h('td', null, m.reason || ''),
                    h('td', { class: 'num' }, pct(m.confidence)),
                    h('td', null, link(routes.doc(docOf(m.a)), cut(docLabel(docs, docOf(m.a)), 50)), ' + ', link(routes.doc(docOf(m.b)), cut(docLabel(docs, docOf(m.b)), 50))),
                  ),
                ),
              ),
            ),
            ),
          )
        : null,
      section(
        plural(events.length, 'event'),
        events.length
          ? h('ul', { class: 'entity-events' }, events.map((ev) => h('li', null, h('span', { class: 'date' }, dateText(ev.date)), ' ', link(routes.event(ev.id), ev.summary || ev.id, 'event-link'), ev.type ? ` (${[ev.type, ...(ev.roles || [])].join(', ')})` : '')))
          : note('No coded event names this actor.'),
      ),
      quotes.length
        ? section(
            plural(quotes.length, 'quote'),
            h(
              'ul',
              { class: 'entity-quotes' },
              quotes.map((q) =>
                h(
                  'li',
                  null,
                  h('blockquote', { class: q.direct ? 'direct' : 'reported' }, q.text || ''),
                  h('div', { class: 'source' }, q.direct ? 'quoted in ' : 'reported in ', link(routes.doc(q.doc, q.start, q.end), docLabel(docs, q.doc), 'doc-link')),
                ),
              ),
            ),
          )
        : null,
      links.length
        ? section(
            'Links',
            h('ul', { class: 'entity-links' }, links.map((l) => {
              const other = l.from === ent.id ? l.to : l.from;
              const otherName = (l.from === ent.id ? l.to_name : l.from_name) || other;
              return h('li', null, l.from === ent.id ? `${l.kind} → ` : `← ${l.kind} `, link(routes.entity(other), otherName, 'entity-link'), l.reason ? ` (${l.reason})` : '');
            })),
          )
        : null,
      related.length
        ? section(
            'Appears with',
            h('ul', { class: 'related' }, related.map((r) => {
              const rid = r.id || r.entity;
              const bits = [];
              if (r.n_events) bits.push(plural(r.n_events, 'event'));
              if (r.n_sentences) bits.push(`${plural(r.n_sentences, 'sentence')} together`);
              return h('li', null, link(routes.entity(rid), r.name || rid, 'entity-link'), r.type ? ` (${r.type})` : '', bits.length ? ` · ${bits.join(', ')}` : '');
            })),
          )
        : null,
      section(
        'Mentions',
        [...byDoc.entries()].map(([doc, ms]) => {
          const items = [];
          for (const m of ms) {
            if (shown >= MAX_MENTIONS) break;
            shown++;
            items.push(h('li', null, link(routes.doc(doc, m.start, m.end), m.text || '(mention)', 'mention-link'), m.sentence_text ? h('span', { class: 'sentence' }, ' — ', m.sentence_text) : null));
          }
          if (!items.length) return null;
          return h('div', { class: 'mention-doc' }, h('h3', null, link(routes.doc(doc), docLabel(docs, doc), 'doc-link'), ` (${ms.length})`), h('ul', { class: 'mentions' }, items));
        }),
        shown < mentions.length ? note(`${mentions.length - shown} more mentions not shown.`) : null,
        ent.mentions_complete === false ? note(`Mentions listed from the first ${ent.documents_read ?? byDoc.size} documents only.`) : null,
      ),
      ent.evidence && ent.evidence.length
        ? section('First mention in each source', h('ul', { class: 'evidence-list' }, ent.evidence.slice(0, 100).map((e) => evidenceItem(docs, e))))
        : null,
    ),
  );
  return {};
}
