// The actor network (Cytoscape.js): entities as nodes sized by their mentions, edges
// weighted by the events between them (or co-occurrence when there are none). Clicking an
// actor opens its entity page. Labels are drawn on a canvas, so names are never markup.

import cytoscape from 'cytoscape';
import { get } from '../api.js';
import { h, replace, note, link, routes } from '../dom.js';

const TYPES = ['PERSON', 'ORG', 'LOC', 'NORP', 'MISC'];
const COLOURS = { PERSON: '#c0504d', ORG: '#4f81bd', LOC: '#9bbb59', NORP: '#8064a2', MISC: '#8c8c8c' };

export async function networkView(main, _arg, params) {
  const typeSelect = h('select', { name: 'type', 'aria-label': 'Entity type' }, h('option', { value: '' }, 'all types'), TYPES.map((t) => h('option', { value: t }, t)));
  typeSelect.value = params.get('type') || '';
  const minWeight = h('input', { type: 'number', name: 'min_weight', min: '1', value: params.get('min_weight') || '1', 'aria-label': 'Minimum edge weight' });
  const limit = h('input', { type: 'number', name: 'limit', min: '10', max: '500', value: params.get('limit') || '150', 'aria-label': 'Maximum actors' });
  const form = h(
    'form',
    { class: 'filters' },
    typeSelect,
    h('label', null, 'min. weight ', minWeight),
    h('label', null, 'actors ', limit),
    h('button', { type: 'submit' }, 'Apply'),
  );
  const legend = h('div', { class: 'legend' }, TYPES.map((t) => h('span', { class: `swatch type-${t}` }, t)), h('span', { class: 'hint' }, 'Node size: mentions. Edge width: events between the two (dashed: only named together). Click an actor for its page.'));
  const status = note('Loading the network…');
  const box = h('div', { id: 'network', class: 'network-box' });
  const table = h('div', { class: 'actor-list' });
  replace(main, h('h1', null, 'Actors'), form, legend, status, box, table);

  let cy = null;
  async function load() {
    status.textContent = 'Loading the network…';
    let net;
    try {
      net = await get('network', { type: typeSelect.value, min_weight: minWeight.value, limit: limit.value });
    } catch (err) {
      status.textContent = `Could not load the network: ${err.message}`;
      status.className = 'error';
      return;
    }
    status.className = 'note';
    const nodes = net.nodes || [];
    const ids = new Set(nodes.map((n) => n.id));
    const edges = (net.edges || []).filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target);
    status.textContent = `${nodes.length} actors, ${edges.length} links.`;
    if (cy) cy.destroy();
    const maxM = Math.max(1, ...nodes.map((n) => n.n_mentions || 0));
    const maxW = Math.max(1, ...edges.map((e) => e.weight || 0));
    cy = cytoscape({
      container: box,
      elements: [
        ...nodes.map((n) => ({
          data: {
            id: n.id,
            label: String(n.name ?? n.id),
            size: 14 + 46 * Math.sqrt((n.n_mentions || 0) / maxM),
            colour: COLOURS[n.type] || COLOURS.MISC,
          },
        })),
        ...edges.map((e, i) => ({
          data: {
            id: `edge${i}`,
            source: e.source,
            target: e.target,
            width: 1 + 7 * ((e.weight || 0) / maxW),
            style: e.n_events ? 'solid' : 'dashed',
          },
        })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            width: 'data(size)', height: 'data(size)', 'background-color': 'data(colour)',
            label: 'data(label)', 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3,
            color: '#222', 'text-outline-color': '#fff', 'text-outline-width': 2,
          },
        },
        { selector: 'edge', style: { width: 'data(width)', 'line-color': '#999', 'line-style': 'data(style)', opacity: 0.6, 'curve-style': 'haystack' } },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#111' } },
      ],
      layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90 },
      wheelSensitivity: 0.3,
    });
    cy.on('tap', 'node', (evt) => {
      location.hash = routes.entity(evt.target.id());
    });
    replace(
      table,
      h('h2', null, 'By mentions'),
      h('ol', { class: 'actors' }, nodes.map((n) => h('li', null, link(routes.entity(n.id), String(n.name ?? n.id), 'entity-link'), ` · ${n.type || ''} · ${n.n_mentions ?? 0} mentions`))),
    );
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  await load();
  return { cleanup: () => cy && cy.destroy() };
}
