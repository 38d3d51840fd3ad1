// The zoomable timeline (vis-timeline): every dated corpus event, one row per PLOVER type,
// coloured by corroboration (independent sources) and marked when sources disagree about
// it; nearby items cluster when zoomed out. Clicking an event opens its reports in the
// side panel. Item content and tooltips are DOM elements built from text, never HTML.

import { Timeline } from 'vis-timeline/peer';
import { DataSet } from 'vis-data/peer';
import { getAll } from '../api.js';
import { h, replace, link, routes, plural, cut } from '../dom.js';
import { showEvent, dateText } from '../panel.js';

export const PLOVER = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
];

/** Corroboration class: one source, two, three or more. */
export function corroboration(n) {
  const k = Number(n) || 0;
  return k >= 3 ? 'src-3' : k === 2 ? 'src-2' : 'src-1';
}

function isDisputed(ev) {
  return Array.isArray(ev.disputed) ? ev.disputed.length > 0 : Boolean(ev.disputed);
}

function dayAfter(iso) {
  const d = new Date(iso + 'T00:00:00Z');
  if (Number.isNaN(d.getTime())) return null;
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function itemContent(ev) {
  return h(
    'span',
    { class: 'tl-item', 'data-event': ev.id },
    isDisputed(ev) ? h('span', { class: 'marker', title: 'sources disagree' }, '⚠') : null,
    h('span', { class: 'tl-text' }, cut(ev.summary || ev.id, 70)),
    h('span', { class: 'tl-n', title: plural(ev.n_sources ?? 0, 'independent source') }, String(ev.n_sources ?? 0)),
  );
}

function itemTitle(ev) {
  return h(
    'div',
    { class: 'tl-tip' },
    h('strong', null, ev.summary || ev.id),
    h('div', null, `${ev.type || ''} · ${dateText(ev.date) || ev.start}`),
    h('div', null, plural(ev.n_sources ?? 0, 'independent source') + (ev.n_reports ? `, ${plural(ev.n_reports, 'report')}` : '')),
    isDisputed(ev) ? h('div', { class: 'disputed' }, 'Sources disagree about this event') : null,
  );
}

export function toItem(ev) {
  const start = ev.start || (ev.date && ev.date.value);
  if (!start) return null;
  const item = {
    id: ev.id,
    group: ev.type || 'OTHER',
    start,
    content: itemContent(ev),
    title: itemTitle(ev),
    className: [corroboration(ev.n_sources), isDisputed(ev) ? 'disputed' : ''].join(' ').trim(),
  };
  if (ev.end && ev.end !== start) {
    const end = dayAfter(ev.end);
    if (end) {
      item.end = end;
      item.type = 'range';
    }
  }
  return item;
}

export async function timelineView(main, _arg, params) {
  const state = {
    from: params.get('from') || '',
    to: params.get('to') || '',
    type: params.get('type') || '',
    actor: params.get('actor') || '',
    disputed: params.get('disputed') === 'true',
  };
  const typeSelect = h('select', { name: 'type', 'aria-label': 'Event type' }, h('option', { value: '' }, 'all types'), PLOVER.map((t) => h('option', { value: t }, t)));
  typeSelect.value = state.type;
  const form = h(
    'form',
    { class: 'filters' },
    h('label', null, 'from ', h('input', { type: 'date', name: 'from', value: state.from })),
    h('label', null, 'to ', h('input', { type: 'date', name: 'to', value: state.to })),
    typeSelect,
    h('input', { type: 'search', name: 'actor', placeholder: 'actor (name or alias)', value: state.actor, 'aria-label': 'Actor' }),
    h('label', null, h('input', { type: 'checkbox', name: 'disputed', checked: state.disputed }), ' disputed only'),
    h('button', { type: 'submit' }, 'Apply'),
    h('button', { type: 'button', class: 'fit', onclick: () => timeline.fit({ animation: false }) }, 'Show all dates'),
  );
  const legend = h(
    'div',
    { class: 'legend' },
    h('span', { class: 'swatch src-1' }, '1 source'),
    h('span', { class: 'swatch src-2' }, '2 sources'),
    h('span', { class: 'swatch src-3' }, '3+ sources'),
    h('span', { class: 'swatch disputed' }, '⚠ disputed'),
    h('span', { class: 'hint' }, 'Scroll or pinch to zoom, drag to pan, click an event for its sources.'),
  );
  const status = h('p', { class: 'note' }, 'Loading events…');
  const box = h('div', { id: 'timeline', class: 'timeline-box' });
  const list = h('div', { class: 'event-list' });
  replace(main, h('h1', null, 'Timeline'), form, legend, status, box, list);

  const items = new DataSet();
  const groups = new DataSet();
  const timeline = new Timeline(box, items, groups, {
    stack: true,
    zoomable: true,
    zoomMin: 1000 * 60 * 60 * 6,
    zoomMax: 1000 * 60 * 60 * 24 * 365 * 30,
    orientation: { axis: 'top' },
    maxHeight: '65vh',
    margin: { item: { horizontal: 4, vertical: 4 } },
    tooltip: { followMouse: true, overflowMethod: 'cap' },
    cluster: { maxItems: 5, showStipes: true, fitOnDoubleClick: true, titleTemplate: '{count} events: zoom in to see them' },
    xss: { disabled: false },
  });
  timeline.on('select', ({ items: sel }) => {
    if (sel && sel.length === 1 && !String(sel[0]).startsWith('cluster')) location.hash = routes.event(sel[0]);
  });

  /** Opens on where most events are (a few year- or month-dated ones would squash the rest). */
  function showBulk(data) {
    const times = data.map((it) => new Date(it.start).getTime()).filter(Number.isFinite).sort((a, b) => a - b);
    if (!times.length) return;
    const q = (f) => times[Math.min(times.length - 1, Math.max(0, Math.round(f * (times.length - 1))))];
    const day = 24 * 3600 * 1000;
    let a = q(0.05);
    let b = q(0.95);
    const pad = Math.max(2 * day, (b - a) * 0.08);
    a -= pad;
    b += pad;
    timeline.setWindow(new Date(a), new Date(b), { animation: false });
  }

  async function load() {
    status.textContent = 'Loading events…';
    let res;
    try {
      res = await getAll('timeline', {
        from: state.from, to: state.to, type: state.type, actor: state.actor, disputed: state.disputed ? 'true' : '',
      }, 5000);
    } catch (err) {
      status.textContent = `Could not load the timeline: ${err.message}`;
      status.className = 'error';
      return;
    }
    status.className = 'note';
    const evs = res.items;
    const data = evs.map(toItem).filter(Boolean);
    const byType = new Map();
    for (const it of data) byType.set(it.group, (byType.get(it.group) || 0) + 1);
    groups.clear();
    groups.add([...byType.keys()].sort().map((t) => ({
      id: t,
      content: h('span', { class: 'tl-group' }, t, h('span', { class: 'tl-n' }, String(byType.get(t)))),
    })));
    items.clear();
    items.add(data);
    status.textContent = res.total > evs.length
      ? `${evs.length} of ${res.total} dated events shown (narrow the filters to see the rest).`
      : `${plural(evs.length, 'dated event')}. Undated events are listed under each actor's page.`;
    if (data.length) showBulk(data);
    replace(
      list,
      h('h2', null, 'Events'),
      h(
        'table',
        { class: 'events' },
        h('thead', null, h('tr', null, h('th', null, 'date'), h('th', null, 'type'), h('th', null, 'event'), h('th', null, 'sources'))),
        h(
          'tbody',
          null,
          evs.map((ev) =>
            h(
              'tr',
              { class: [corroboration(ev.n_sources), isDisputed(ev) ? 'disputed' : ''] },
              h('td', null, dateText(ev.date) || ev.start || ''),
              h('td', null, ev.type || ''),
              h('td', null, isDisputed(ev) ? h('span', { class: 'marker', title: 'sources disagree' }, '⚠ ') : null, link(routes.event(ev.id), ev.summary || ev.id, 'event-link')),
              h('td', { class: 'num' }, String(ev.n_sources ?? '')),
            ),
          ),
        ),
      ),
    );
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    state.from = String(fd.get('from') || '');
    state.to = String(fd.get('to') || '');
    state.type = String(fd.get('type') || '');
    state.actor = String(fd.get('actor') || '').trim();
    state.disputed = fd.get('disputed') !== null;
    load();
  });

  function update(p) {
    const id = p.get('event');
    if (id) {
      const it = items.get(id);
      if (it) {
        timeline.setSelection([id]);
        // Bring it into view at the current zoom (focus() would zoom in to the item).
        const w = timeline.getWindow();
        const t = new Date(it.start).getTime();
        if (!(t >= w.start.getTime() && t <= w.end.getTime())) timeline.moveTo(it.start, { animation: false });
      }
      showEvent(id);
    }
  }

  await load();
  update(params);
  return {
    update,
    cleanup: () => timeline.destroy(),
  };
}

