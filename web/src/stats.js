// The header's corpus figures (/api/stats).

import { get } from './api.js';
import { h, replace } from './dom.js';

/** Loads the corpus figures into the header. */
export async function refreshStats() {
  const el = document.getElementById('stats');
  if (!el) return;
  try {
    const s = await get('stats');
    const bits = [
      `${s.n_documents ?? 0} documents`,
      `${s.n_entities ?? 0} actors`,
      `${s.n_events ?? 0} events`,
      `${s.n_contradictions ?? 0} contradictions`,
    ];
    if (s.first_date || s.last_date) bits.push(`${s.first_date || '?'} – ${s.last_date || '?'}`);
    replace(el, h('span', { title: (s.outlets || []).map((o) => `${o.outlet}: ${o.n}`).join('\n') }, bits.join(' · ')));
  } catch (err) {
    replace(el, h('span', { class: 'error' }, `stats unavailable: ${err.message}`));
  }
}
