// Unit tests of the front end's pure helpers, with node's test runner:
//   node --test web/tests/unit.test.mjs
// (run by crates/cli/tests/browser.rs too). No browser needed.

import test from 'node:test';
import assert from 'node:assert/strict';
import { Offsets, segment } from '../src/spans.js';
import { safeHref, routes, cut, list } from '../src/dom.js';

test('code-point offsets map to UTF-16 past astral characters', () => {
  // "🛢️ Corvinsk": U+1F6E2 (2 UTF-16 units), U+FE0F, space, then the name.
  const text = '\u{1F6E2}\uFE0F Corvinsk, Tomas Rekker';
  const off = new Offsets(text);
  assert.equal(off.chars, Array.from(text).length);
  // The API says "Corvinsk" is code points 3..11.
  assert.equal(off.slice(3, 11), 'Corvinsk');
  assert.deepEqual(off.range(3, 11), [4, 12]);
  assert.equal(off.slice(13, 25), 'Tomas Rekker');
});

test('malformed or out-of-range spans are clamped or dropped, never thrown', () => {
  const off = new Offsets('abc');
  assert.equal(off.range(2, 2), null);
  assert.equal(off.range(5, 1), null);
  assert.equal(off.range(NaN, 2), null);
  assert.deepEqual(off.range(1, 99), [1, 3]);
  assert.deepEqual(off.range(-4, 1), [0, 1]);
  assert.equal(new Offsets(null).chars, 0);
});

test('segment splits at every boundary and lists the covering spans', () => {
  const pieces = segment(10, [
    { s: 2, e: 6, kind: 'quote' },
    { s: 4, e: 8, kind: 'ent' },
  ]);
  assert.deepEqual(
    pieces.map((p) => [p.start, p.end, p.spans.map((s) => s.kind).sort().join('+')]),
    [[0, 2, ''], [2, 4, 'quote'], [4, 6, 'ent+quote'], [6, 8, 'ent'], [8, 10, '']],
  );
});

test('only our own hash routes can be link targets', () => {
  for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'JaVaScRiPt:x', 'data:text/html,<script>', 'https://evil.example/', '//evil.example', '#/doc/1" onmouseover="x', '#/x\njavascript:', '/api/stats']) {
    assert.equal(safeHref(bad), '#/', bad);
  }
  assert.equal(safeHref('#/entity/E6589037f88'), '#/entity/E6589037f88');
  assert.equal(safeHref(routes.doc('ab12', 3, 9)), '#/doc/ab12?span=3-9');
  // A hostile id is encoded, so it stays inside the route.
  assert.equal(routes.entity('"><img src=x>'), '#/entity/%22%3E%3Cimg%20src%3Dx%3E');
  assert.equal(safeHref(routes.search("Reker's <b>")), "#/search?q=Reker's%20%3Cb%3E");
});

test('cut counts code points and list wraps single values', () => {
  assert.equal(cut('\u{1F6E2}abc', 3), '\u{1F6E2}a…');
  assert.equal(cut('abc', 3), 'abc');
  assert.deepEqual(list(null), []);
  assert.deepEqual(list({ a: 1 }), [{ a: 1 }]);
  assert.deepEqual(list([1, 2]), [1, 2]);
});

test('a capped search count reads "1,000+"', async () => {
  const { articleCount } = await import('../src/views/search.js');
  assert.equal(articleCount({ total: 1000, capped: true }, 20), '1,000+');
  assert.equal(articleCount({ total: 12, capped: false }, 12), '12');
  assert.equal(articleCount({}, 3), '3');
});
