// Safe DOM building. Article text, titles, names and every other string from the API is
// hostile: it only ever reaches the page as a text node (textContent), never as markup.
// Links only ever point at our own hash routes, built from ids by `route()`.

/**
 * Creates an element. `attrs` may hold: class (string or array), id, title, hidden, type,
 * name, value, placeholder, for, role, aria-* and data-* (set as plain attributes: a
 * string attribute is never interpreted as markup or script), href (must be one of our own
 * `#/...` routes), on* as functions (event listeners), and `dataset`. Children are strings
 * (text nodes), numbers, nodes, arrays of them, or null/undefined/false (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') {
        el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value);
      } else if (key === 'href') {
        el.setAttribute('href', safeHref(value));
      } else if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2).toLowerCase(), value);
      } else if (key.startsWith('on')) {
        throw new Error(`event handler ${key} must be a function`);
      } else if (key === 'style' || key === 'src' || key === 'srcdoc' || key === 'action' || key === 'formaction') {
        throw new Error(`attribute ${key} is not allowed from the DOM helper`);
      } else if (key === 'value') {
        el.value = String(value);
      } else if (value === true) {
        el.setAttribute(key, '');
      } else {
        el.setAttribute(key, String(value));
      }
    }
  }
  append(el, children);
  return el;
}

/** Appends children (text, nodes, nested arrays) to `el`; strings become text nodes. */
export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
  return el;
}

/** Removes every child of `el`. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces the children of `el`. */
export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

/**
 * Only our own hash routes may be link targets: anything else (javascript:, data:,
 * http:, //host) is replaced by a dead link.
 */
export function safeHref(value) {
  const s = String(value);
  return /^#\/[A-Za-z0-9_\-/?=&%.:~'()!*]*$/.test(s) ? s : '#/';
}

/** Encodes an id or query value for a route (ids are hex; anything else is escaped). */
export function enc(value) {
  return encodeURIComponent(String(value ?? ''));
}

/** Our routes, built from ids. */
export const routes = {
  timeline: (params) => '#/timeline' + query(params),
  actors: () => '#/actors',
  entity: (id) => `#/entity/${enc(id)}`,
  doc: (id, start, end) =>
    `#/doc/${enc(id)}` + (Number.isInteger(start) && Number.isInteger(end) ? `?span=${start}-${end}` : ''),
  event: (id) => `#/timeline?event=${enc(id)}`,
  contradictions: (id) => '#/contradictions' + (id ? `?id=${enc(id)}` : ''),
  search: (q) => '#/search' + (q ? `?q=${enc(q)}` : ''),
  ingest: () => '#/ingest',
  hypotheses: () => '#/hypotheses',
};

function query(params) {
  if (!params) return '';
  const parts = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    parts.push(`${enc(k)}=${enc(v)}`);
  }
  return parts.length ? '?' + parts.join('&') : '';
}

/** A link to one of our routes with text content. */
export function link(href, text, cls) {
  return h('a', { href, class: cls }, text);
}

/** "3 sources", "1 source". */
export function plural(n, word, many) {
  return `${n} ${n === 1 ? word : many || word + 's'}`;
}

/** A small "loading" / "error" / "empty" line. */
export function note(text, cls = 'note') {
  return h('p', { class: cls }, text);
}

/** Shortens text to at most n characters (code points) with an ellipsis. */
export function cut(text, n) {
  const chars = Array.from(String(text ?? ''));
  return chars.length <= n ? chars.join('') : chars.slice(0, n - 1).join('') + '…';
}

/** A value that may be one item or a list of them, as a list. */
export function list(x) {
  if (x === null || x === undefined) return [];
  return Array.isArray(x) ? x : [x];
}
