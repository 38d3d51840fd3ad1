// The side panel: one corpus event with its reports and their evidence sentences, each
// linking to the document reader at that span, and the contradictions about it.

import { get, documents } from './api.js';
import { h, replace, link, routes, plural, note, list } from './dom.js';

const panel = () => document.getElementById('panel');

/** Closes the side panel. */
export function closePanel() {
  const p = panel();
  p.hidden = true;
  replace(p);
  document.body.classList.remove('with-panel');
}

function openPanel(...children) {
  const p = panel();
  replace(
    p,
    h('button', { class: 'close', type: 'button', 'aria-label': 'Close panel', onclick: closePanel }, '×'),
    ...children,
  );
  p.hidden = false;
  document.body.classList.add('with-panel');
  return p;
}

/** A label for a document id: its title and outlet when known. */
export function docLabel(docs, id) {
  const d = docs.get(id);
  if (!d) return String(id);
  const bits = [d.title || d.source || id];
  if (d.outlet) bits.push(d.outlet);
  if (d.published) bits.push(d.published);
  return bits.join(' · ');
}

/** One evidence sentence, linking to the reader at its span. */
export function evidenceItem(docs, ev) {
  return h(
    'li',
    { class: 'evidence' },
    h('blockquote', { class: 'sentence' }, ev.text || ''),
    h('div', { class: 'source' }, link(routes.doc(ev.doc, ev.start, ev.end), docLabel(docs, ev.doc), 'doc-link')),
  );
}

/** A role of an event ("Tomas Rekker (GOV)") with a link to the entity when resolved. */
export function actor(role) {
  if (!role) return null;
  const name = role.name || role.text || '?';
  const label = role.sector ? `${name} (${role.sector})` : name;
  return role.entity ? link(routes.entity(role.entity), label, 'entity-link') : h('span', null, label);
}

export function dateText(date) {
  if (!date) return 'undated';
  if (typeof date === 'string') return date;
  return date.value + (date.precision && date.precision !== 'day' ? ` (${date.precision})` : '');
}

/** Opens the side panel on event `id` (a corpus event `V…`). */
export async function showEvent(id) {
  openPanel(note('Loading event…'));
  let ev;
  let docs;
  try {
    [ev, docs] = await Promise.all([get('events/' + encodeURIComponent(id)), documents()]);
  } catch (err) {
    openPanel(note(`Could not load event ${id}: ${err.message}`, 'error'));
    return;
  }
  const contradictions = ev.contradictions || [];
  const disputed = (ev.disputed && ev.disputed.length) || contradictions.length;
  const roles = [
    ev.source && ['who', actor(ev.source)],
    ev.target && ['to whom', actor(ev.target)],
    ev.location && ['where', actor(ev.location)],
  ].filter(Boolean);
  openPanel(
    h(
      'section',
      { class: 'event-panel', 'data-event': ev.id },
      h('h2', null, ev.summary || ev.id),
      h(
        'p',
        { class: 'meta' },
        h('span', { class: 'type' }, [ev.type, ev.mode].filter(Boolean).join(' / ')),
        ' · ',
        dateText(ev.date),
        ' · ',
        h('span', { class: 'corroboration' }, plural(ev.n_sources ?? 0, 'independent source')),
        ev.n_reports !== undefined ? ` (${plural(ev.n_reports, 'report')})` : null,
        disputed ? h('span', { class: 'badge disputed' }, 'disputed') : null,
        ev.modality && ev.modality !== 'asserted' ? h('span', { class: 'badge' }, ev.modality) : null,
      ),
      roles.length
        ? h('dl', { class: 'roles' }, roles.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]))
        : null,
      contradictions.length
        ? h(
            'div',
            { class: 'panel-contradictions' },
            h('h3', null, 'Sources disagree'),
            contradictions.map((c) =>
              h('p', null, link(routes.contradictions(c.id), c.topic || c.id), ': ', c.note || ''),
            ),
          )
        : null,
      h('h3', null, plural((ev.reports || []).length, 'report')),
      h(
        'ol',
        { class: 'reports' },
        (ev.reports || []).map((r) =>
          h(
            'li',
            { class: 'report' },
            h('div', { class: 'report-date' }, r.date_text ? `${r.date_text} → ${r.date || '?'}` : r.date || 'no date given'),
            h('ul', { class: 'evidence-list' }, list(r.evidence).map((e) => evidenceItem(docs, e))),
          ),
        ),
      ),
    ),
  );
}
