// The ingest page: paste an article or upload files; the server analyses them in the
// background (POST /api/ingest, which needs the server's token) and this page polls
// /api/jobs/{id} for progress. The token stays in this tab's memory only.

import { get, post, invalidate } from '../api.js';
import { h, replace, note, routes } from '../dom.js';
import { refreshStats } from '../stats.js';

let token = '';

export async function ingestView(main) {
  const tokenInput = h('input', { type: 'password', name: 'token', value: token, autocomplete: 'off', placeholder: 'the token dossier serve was started with', 'aria-label': 'Token' });
  tokenInput.addEventListener('input', () => {
    token = tokenInput.value;
  });
  const text = h('textarea', { name: 'text', rows: '12', placeholder: 'Paste the article text here', 'aria-label': 'Article text' });
  const title = h('input', { type: 'text', name: 'title', placeholder: 'title (optional)', 'aria-label': 'Title' });
  const url = h('input', { type: 'text', name: 'url', placeholder: 'URL (optional)', 'aria-label': 'URL' });
  const published = h('input', { type: 'date', name: 'published', 'aria-label': 'Published' });
  const files = h('input', { type: 'file', name: 'file', multiple: true, 'aria-label': 'Files' });
  const progress = h('div', { class: 'job', 'aria-live': 'polite' });
  const pasteForm = h('form', { class: 'ingest-paste' }, h('h2', null, 'Paste an article'), title, url, published, text, h('button', { type: 'submit' }, 'Analyse text'));
  const uploadForm = h('form', { class: 'ingest-upload' }, h('h2', null, 'Upload files'), h('p', { class: 'note' }, 'Text, Markdown, HTML, JSON Lines, WARC or WARC.gz: anything `dossier analyze` reads.'), files, h('button', { type: 'submit' }, 'Upload and analyse'));
  replace(
    main,
    h('h1', null, 'Add documents'),
    h('label', { class: 'token' }, 'Token ', tokenInput),
    h('div', { class: 'ingest-forms' }, pasteForm, uploadForm),
    progress,
  );

  let timer = null;
  let alive = true;

  async function submit(body) {
    if (timer) clearTimeout(timer);
    replace(progress, note('Sending…'));
    let job;
    try {
      job = await post('ingest', body, tokenInput.value.trim());
    } catch (err) {
      const hint = err.status === 401 ? ' (check the token)' : err.status === 403 ? ' (the server was started without a token: it is read-only)' : '';
      replace(progress, note(`Not accepted: ${err.message}${hint}`, 'error'));
      return;
    }
    poll(job.job, tokenInput.value.trim());
  }

  async function poll(id, tok) {
    if (!alive) return;
    let j;
    try {
      j = await get('jobs/' + encodeURIComponent(id), null, undefined, tok);
    } catch (err) {
      replace(progress, note(`Lost track of job ${id}: ${err.message}`, 'error'));
      return;
    }
    replace(
      progress,
      h('h2', null, `Job ${j.id || id}: ${j.state}`),
      h('p', { class: 'meta' }, `${j.n_read ?? 0} read · ${j.n_stored ?? 0} stored · ${j.n_skipped ?? 0} skipped`),
      j.message ? h('p', { class: j.state === 'failed' ? 'error' : 'note' }, j.message) : null,
      j.summary ? h('pre', { class: 'summary' }, typeof j.summary === 'string' ? j.summary : JSON.stringify(j.summary, null, 2)) : null,
      j.state === 'done' ? h('p', null, h('a', { href: routes.timeline() }, 'See the timeline')) : null,
    );
    if (j.state === 'done' || j.state === 'failed') {
      invalidate();
      refreshStats();
      return;
    }
    timer = setTimeout(() => poll(id, tok), 1000);
  }

  pasteForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!text.value.trim()) {
      replace(progress, note('Paste some text first.', 'error'));
      return;
    }
    submit({ text: text.value, title: title.value || undefined, url: url.value || undefined, published: published.value || undefined });
  });
  uploadForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!files.files.length) {
      replace(progress, note('Choose one or more files first.', 'error'));
      return;
    }
    const fd = new FormData();
    for (const f of files.files) fd.append('file', f, f.name);
    submit(fd);
  });

  return {
    cleanup: () => {
      alive = false;
      if (timer) clearTimeout(timer);
    },
  };
}
