// The map: where the events happened. Each event report with a resolved place (the JSON
// export's `event_reports[].place`, docs/geo.md) is a point; points closer than a few pixels
// are drawn as one cluster, sized by its number of reports. `?from=&to=` (as the timeline's)
// filter by date. Clicking a cluster lists its reports with their evidence sentences, each
// linking to the reader. The base map is Natural Earth's country outlines (public domain, the
// world-atlas package, bundled): no tile server, works offline.

import { feature } from 'topojson-client';
import { geoNaturalEarth1, geoPath, geoGraticule10 } from 'd3-geo';
import countries110m from 'world-atlas/countries-110m.json';
import { get, documents } from '../api.js';
import { h, replace, link, routes, plural, note } from '../dom.js';
import { evidenceItem } from '../panel.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 960;
const HEIGHT = 500;
/** Points nearer than this (in map pixels) are one cluster. */
const CLUSTER_PX = 14;

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c instanceof Node) el.appendChild(c);
    else if (c !== null && c !== undefined) el.appendChild(document.createTextNode(String(c)));
  }
  return el;
}

/** The first day a TIMEX3-like date covers, as `YYYY-MM-DD` (or its prefix). */
function dayOf(report) {
  const d = report.date && (report.date.start || report.date.value);
  return typeof d === 'string' ? d : '';
}

/** Keeps reports within [from, to] (ISO days; a month or year compares by its prefix). */
export function inRange(report, from, to) {
  if (!from && !to) return true;
  const d = dayOf(report);
  if (!/^\d{4}/.test(d)) return false;
  if (from && d.slice(0, from.length) < from.slice(0, d.length)) return false;
  if (to && d.slice(0, to.length) > to.slice(0, d.length)) return false;
  return true;
}

/** Greedy clustering of projected points: each point joins the first cluster within `px`. */
export function cluster(points, px) {
  const clusters = [];
  for (const p of points) {
    const c = clusters.find((c) => Math.hypot(c.x - p.x, c.y - p.y) < px);
    if (c) {
      c.items.push(p);
      c.x = (c.x * (c.items.length - 1) + p.x) / c.items.length;
      c.y = (c.y * (c.items.length - 1) + p.y) / c.items.length;
    } else {
      clusters.push({ x: p.x, y: p.y, items: [p] });
    }
  }
  return clusters;
}

export async function mapView(main, _arg, params) {
  const from = h('input', { type: 'date', name: 'from', value: params.get('from') || '' });
  const to = h('input', { type: 'date', name: 'to', value: params.get('to') || '' });
  const status = note('Loading events…');
  const holder = h('div', { class: 'map', id: 'map' });
  const details = h('section', { class: 'map-details', id: 'map-details' });
  const apply = () => {
    location.hash = '#/map' + (from.value || to.value ? `?from=${encodeURIComponent(from.value)}&to=${encodeURIComponent(to.value)}` : '');
  };
  replace(
    main,
    h('h1', null, 'Where events happened'),
    h(
      'form',
      { class: 'filters', onsubmit: (e) => (e.preventDefault(), apply()) },
      h('label', null, 'from ', from),
      ' ',
      h('label', null, 'to ', to),
      ' ',
      h('button', { type: 'submit' }, 'Filter'),
      ' ',
      link(routes.timeline({ from: from.value, to: to.value }), 'same range on the timeline'),
    ),
    status,
    holder,
    details,
  );

  let exported;
  let docs;
  try {
    [exported, docs] = await Promise.all([get('export/json'), documents()]);
  } catch (err) {
    status.textContent = `Could not load events: ${err.message}`;
    status.className = 'error';
    return;
  }
  const projection = geoNaturalEarth1();
  const land = feature(countries110m, countries110m.objects.countries);
  projection.fitSize([WIDTH, HEIGHT], { type: 'Sphere' });
  const path = geoPath(projection);

  const reports = (exported.event_reports || []).filter(
    (r) => r.place && Number.isFinite(r.place.lat) && Number.isFinite(r.place.lon) && inRange(r, from.value, to.value),
  );
  const points = [];
  for (const r of reports) {
    const xy = projection([r.place.lon, r.place.lat]);
    if (xy && Number.isFinite(xy[0]) && Number.isFinite(xy[1])) points.push({ x: xy[0], y: xy[1], report: r });
  }
  const clusters = cluster(points, CLUSTER_PX);
  status.className = 'note';
  status.textContent = reports.length
    ? `${plural(reports.length, 'event report')} with a place, ${plural(clusters.length, 'point')}`
    : 'No event with a resolved place in this range.';

  function show(c) {
    const places = [...new Set(c.items.map((p) => p.report.place.name))].join(', ');
    replace(
      details,
      h('h2', null, places, ' ', h('span', { class: 'badge' }, plural(c.items.length, 'report'))),
      h(
        'ul',
        { class: 'evidence-list' },
        c.items.map((p) =>
          h(
            'li',
            { class: 'map-report', 'data-report': p.report.id },
            h('div', { class: 'meta' }, p.report.summary || p.report.type, p.report.date ? ` · ${dayOf(p.report)}` : '', ` · ${p.report.place.precision} (${p.report.place.from})`),
            p.report.cluster ? link(routes.event(p.report.cluster), 'the event on the timeline', 'event-link') : null,
            h('ul', null, (p.report.evidence || []).map((ev) => evidenceItem(docs, ev))),
          ),
        ),
      ),
    );
  }

  const map = svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': 'Map of event places', class: 'map-svg' },
    svg('path', { d: path({ type: 'Sphere' }), class: 'sphere' }),
    svg('path', { d: path(geoGraticule10()), class: 'graticule' }),
    svg('g', { class: 'countries' }, ...land.features.map((f) => svg('path', { d: path(f) }, svg('title', null, (f.properties && f.properties.name) || '')))),
    svg(
      'g',
      { class: 'clusters' },
      ...clusters.map((c) => {
        const g = svg(
          'g',
          { class: 'cluster', tabindex: 0, 'data-n': c.items.length },
          svg('circle', { cx: c.x.toFixed(1), cy: c.y.toFixed(1), r: (4 + 3 * Math.sqrt(c.items.length)).toFixed(1) }),
          c.items.length > 1 ? svg('text', { x: c.x.toFixed(1), y: (c.y + 4).toFixed(1) }, String(c.items.length)) : null,
          svg('title', null, [...new Set(c.items.map((p) => p.report.place.name))].join(', ')),
        );
        g.addEventListener('click', () => show(c));
        g.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') show(c);
        });
        return g;
      }),
    ),
  );
  replace(holder, map);
  return {};
}
