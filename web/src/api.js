// The HTTP API client (docs: /api/openapi.json). Every call returns parsed JSON or throws an
// ApiError carrying the server's error code and message.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Builds `/api/<path>?k=v` from a params object (empty values left out). */
export function apiUrl(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return '/api/' + path + (s ? '?' + s : '');
}

async function parse(res) {
  let body = null;
  const text = await res.text();
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const err = body && body.error;
    throw new ApiError(
      res.status,
      (err && err.code) || 'http_' + res.status,
      (err && err.message) || `${res.status} ${res.statusText}`,
    );
  }
  return body;
}

/** GET /api/<path>; `token` for the routes that need it (jobs). */
export async function get(path, params, signal, token) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(apiUrl(path, params), { headers, signal });
  return parse(res);
}

/** Every item of a paginated list, up to `max` items (pages of 500). */
export async function getAll(path, params, max = 5000, signal) {
  const items = [];
  let total = Infinity;
  while (items.length < Math.min(total, max)) {
    const page = await get(path, { ...params, limit: 500, offset: items.length }, signal);
    const got = (page && page.items) || [];
    total = Number.isFinite(page && page.total) ? page.total : items.length + got.length;
    items.push(...got);
    if (got.length === 0) break;
  }
  return { items: items.slice(0, max), total };
}

/** POST with a bearer token; `body` is a FormData (files) or an object (JSON). */
export async function post(path, body, token) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload = body;
  if (!(body instanceof FormData)) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch('/api/' + path, { method: 'POST', headers, body: payload });
  return parse(res);
}

/** Document titles and outlets by id, fetched once (for labelling evidence). */
let docIndex = null;
export function documents() {
  if (!docIndex) {
    docIndex = getAll('documents', {}, 100000)
      .then(({ items }) => new Map(items.map((d) => [d.id, d])))
      .catch(() => new Map());
  }
  return docIndex;
}

/** Forget cached lookups (after an ingest job finishes). */
export function invalidate() {
  docIndex = null;
}
