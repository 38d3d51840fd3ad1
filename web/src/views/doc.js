// The document reader: a document's clean text with its entities, dates, quotes,
// quantities and events highlighted in distinct styles. Entity highlights link to the
// entity page, event highlights open the event panel; `?span=S-E` (code points) marks an
// evidence span and scrolls to it. The text is built from text nodes only; invisible
// formatting characters (bidi overrides, zero-width) are shown as visible markers and
// isolated so they cannot reorder the text around them.

import { get } from '../api.js';
import { h, replace, append, link, routes, plural, note } from '../dom.js';
import { Offsets, segment } from '../spans.js';
import { showEvent, closePanel } from '../panel.js';

/** Characters that change how text around them is displayed without being visible. */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
const INVISIBLE_G = new RegExp(INVISIBLE.source, 'g');

/** Text with invisible controls split out into marked, isolated spans. */
export function textWithControls(text) {
  if (!INVISIBLE.test(text)) return [text];
  const out = [];
  let last = 0;
  for (const m of text.matchAll(INVISIBLE_G)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const cp = 'U+' + m[0].codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
    out.push(h('span', { class: 'ctrl', 'data-cp': cp, title: `invisible character ${cp}` }, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** "12-40" -> [12, 40] (code points), else null. */
export function parseSpan(s) {
  const m = /^(\d{1,9})-(\d{1,9})$/.exec(String(s || ''));
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return b > a ? [a, b] : null;
}

const LAYERS = [
  ['ent', 'entities'],
  ['time', 'dates'],
  ['quote', 'quotes'],
  ['qty', 'figures'],
  ['event', 'events'],
];

/** The spans (UTF-16) to highlight in a document, from the API's annotations. */
function collectSpans(doc, off) {
  const spans = [];
  const add = (kind, start, end, extra) => {
    const r = off.range(start, end);
    if (r) spans.push({ s: r[0], e: r[1], kind, ...extra });
  };
  for (const ent of doc.entities || []) {
    for (const m of ent.mentions || []) {
      add('ent', m.start, m.end, { entity: ent.corpus_entity || null, type: ent.type, tip: `${ent.name} (${ent.type || 'entity'})` });
    }
  }
  for (const t of doc.times || []) add('time', t.start, t.end, { tip: `${t.type || 'time'} ${t.value || ''}`.trim() });
  for (const q of doc.quotes || []) {
    const who = (q.speaker && (q.speaker.name || q.speaker.text)) || (q.source && q.source.text) || 'unknown';
    const pieces = q.content && q.content.length ? q.content : [{ start: q.start, end: q.end }];
    for (const p of pieces) add('quote', p.start, p.end, { tip: `${q.direct ? 'quote' : 'reported speech'}: ${who}` });
    if (q.cue) add('cue', q.cue.start, q.cue.end, { tip: 'speech cue' });
  }
  for (const n of doc.quantities || []) {
    const tip = [n.type, n.value !== null && n.value !== undefined ? String(n.value) : null, n.counted].filter(Boolean).join(' · ');
    add('qty', n.start, n.end, { tip });
  }
  for (const ev of doc.events || []) {
    if (ev.trigger) add('event', ev.trigger.start, ev.trigger.end, { event: ev.cluster || null, tip: ev.summary || ev.type || 'event' });
  }
  return spans;
}

/** Renders the highlighted text into `body`; returns the evidence marks. */
function renderText(body, doc, off, spans, evidence) {
  const all = evidence ? spans.concat([{ s: evidence[0], e: evidence[1], kind: 'evidence' }]) : spans;
  const frag = document.createDocumentFragment();
  const marks = [];
  for (const piece of segment(off.text.length, all)) {
    const text = off.text.slice(piece.start, piece.end);
    if (!piece.spans.length) {
      append(frag, textWithControls(text));
      continue;
    }
    const kinds = new Set(piece.spans.map((s) => s.kind));
    const classes = ['hl'];
    for (const k of kinds) classes.push('hl-' + k);
    const ent = piece.spans.find((s) => s.kind === 'ent');
    if (ent && ent.type) classes.push('type-' + ent.type);
    const ev = piece.spans.find((s) => s.kind === 'event' && s.event);
    const tip = piece.spans.filter((s) => s.tip).map((s) => s.tip).join('\n');
    let href = null;
    if (ev) href = routes.doc(doc.id) + `?event=${encodeURIComponent(ev.event)}`;
    else if (ent && ent.entity) href = routes.entity(ent.entity);
    const el = h(href ? 'a' : 'span', { class: classes, href, title: tip || null }, textWithControls(text));
    if (kinds.has('evidence')) {
      el.classList.add('evidence-mark');
      marks.push(el);
    }
    frag.appendChild(el);
  }
  replace(body, frag);
  return marks;
}

export async function docView(main, id, params) {
  let doc;
  try {
    doc = await get('documents/' + encodeURIComponent(id));
  } catch (err) {
    replace(main, note(`Could not load document ${id}: ${err.message}`, 'error'));
    return {};
  }
  const off = new Offsets(doc.text);
  const spans = collectSpans(doc, off);
  const body = h('div', { class: 'doc-text', id: 'doc-text', lang: doc.language || null });
  const toggles = h(
    'div',
    { class: 'legend layers' },
    LAYERS.map(([k, label]) => {
      const box = h('input', { type: 'checkbox', checked: true, 'data-layer': k });
      box.addEventListener('change', () => body.classList.toggle('hide-' + k, !box.checked));
      return h('label', { class: `swatch hl-${k}` }, box, ' ', label);
    }),
  );
  const meta = [
    doc.outlet,
    doc.published || 'undated',
    (doc.authors || []).join(', ') || null,
    doc.language,
    plural(off.chars, 'character'),
  ].filter(Boolean).join(' · ');
  const dup = doc.duplicate_of
    ? h('p', { class: 'note' }, `${(doc.duplicate && doc.duplicate.kind) || 'a'} copy of `, link(routes.doc(doc.duplicate_of), doc.duplicate_of))
    : null;
  const entities = (doc.entities || [])
    .filter((e) => e.corpus_entity)
    .sort((a, b) => (b.n_mentions || 0) - (a.n_mentions || 0));
  const side = h(
    'div',
    { class: 'doc-side' },
    h('h2', null, 'In this document'),
    h('p', null, [
      plural(entities.length, 'actor'), ' · ',
      plural((doc.events || []).length, 'event'), ' · ',
      plural((doc.quotes || []).length, 'quote'), ' · ',
      plural((doc.quantities || []).length, 'figure'), ' · ',
      plural((doc.times || []).length, 'date'),
    ]),
    h('ul', { class: 'doc-entities' }, entities.slice(0, 60).map((e) => h('li', null, link(routes.entity(e.corpus_entity), e.name, `entity-link type-${e.type}`), ` ${e.n_mentions ?? ''}`))),
  );
  replace(
    main,
    h(
      'article',
      { class: 'reader', 'data-doc': doc.id },
      h('h1', { class: 'doc-title' }, textWithControls(doc.title || '(untitled)')),
      h('p', { class: 'meta' }, meta),
      h('p', { class: 'meta source' }, 'Source: ', h('span', { class: 'url' }, doc.source || doc.url || '')),
      dup,
      toggles,
      h('div', { class: 'reader-cols' }, body, side),
    ),
  );

  function update(p) {
    const evidence = (() => {
      const sp = parseSpan(p.get('span'));
      return sp ? off.range(sp[0], sp[1]) : null;
    })();
    const marks = renderText(body, doc, off, spans, evidence);
    if (marks.length) marks[0].scrollIntoView({ block: 'center' });
    const ev = p.get('event');
    if (ev) showEvent(ev);
    else closePanel();
  }
  update(params);
  return { update };
}
