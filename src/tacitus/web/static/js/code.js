// The "code an article" box: sends the text to POST /api/v1/code (or /articles when "store it"
// is ticked) with the bearer token typed into the page, and shows the result at once.
// The token lives in the form field only: it is never written to storage or to a URL.
// Every piece of the answer is untrusted (it quotes the article), so the DOM is built with
// createElement/textContent only.
'use strict';

(function () {
  const KINDS = ['trigger', 'source', 'target', 'evidence', 'quote', 'speaker'];
  const STATUSES = ['asserted', 'planned', 'hypothetical', 'negated'];

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Offsets from the server count Unicode code points (Python); JavaScript strings count UTF-16
  // units, so the text is cut as an array of code points.
  function marked(text, spans) {
    const chars = Array.from(text || '');
    const cuts = new Set([0, chars.length]);
    const good = (spans || []).filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) &&
      s.end > s.start && s.start >= 0 && s.end <= chars.length);
    good.forEach((s) => { cuts.add(s.start); cuts.add(s.end); });
    const points = Array.from(cuts).sort((a, b) => a - b);
    const box = el('div', 'doc-text');
    for (let i = 0; i < points.length - 1; i += 1) {
      const a = points[i];
      const b = points[i + 1];
      const piece = chars.slice(a, b).join('');
      const kinds = [];
      good.forEach((s) => {
        if (s.start <= a && s.end >= b && KINDS.includes(s.kind) && !kinds.includes(s.kind)) kinds.push(s.kind);
      });
      if (kinds.length === 0) {
        box.appendChild(document.createTextNode(piece));
      } else {
        const span = el('span', 'hl', piece);
        kinds.forEach((k) => span.classList.add('hl-' + k));
        box.appendChild(span);
      }
    }
    return box;
  }

  function side(ref) {
    if (!ref) return '?';
    return (ref.text || '?') + (ref.code ? ' (' + ref.code + ')' : '');
  }

  function eventsTable(events) {
    const table = el('table', 'events compact');
    const head = el('tr');
    ['status', 'type', 'source', 'target', 'trigger', 'attribution'].forEach((h) => head.appendChild(el('th', null, h)));
    table.appendChild(el('thead')).appendChild(head);
    const body = table.appendChild(el('tbody'));
    if (!events.length) {
      const row = body.appendChild(el('tr'));
      const cell = row.appendChild(el('td', 'empty', 'No events coded.'));
      cell.colSpan = 6;
    }
    events.forEach((e) => {
      const row = body.appendChild(el('tr', 'quad-' + (Number(e.quad_class) || 0)));
      const status = STATUSES.includes(e.status) ? e.status : 'other';
      row.appendChild(el('td')).appendChild(el('span', 'badge status-' + status, e.status || '?'));
      row.appendChild(el('td', null, (e.plover || '') + ' ' + (e.cameo || '')));
      row.appendChild(el('td', null, side(e.source)));
      row.appendChild(el('td', null, side(e.target)));
      row.appendChild(el('td', 'trigger-cell', e.trigger ? e.trigger.text : ''));
      row.appendChild(el('td', null, e.attribution || ''));
    });
    return table;
  }

  function renderDocument(doc) {
    const box = el('div', 'coded');
    box.appendChild(el('h3', null, doc.title || doc.doc_id));
    let state = doc.stored ? 'stored' : doc.duplicate ? 'already in the store' : 'not stored';
    if (doc.error) state = doc.error;
    const meta = box.appendChild(el('p', 'meta', state + ' · ' + (doc.events || []).length + ' event(s)'));
    if (doc.stored || doc.duplicate) {
      meta.appendChild(document.createTextNode(' · '));
      const link = meta.appendChild(el('a', 'article-link', 'open the article view'));
      link.href = '/articles/' + encodeURIComponent(doc.doc_id);
    }
    if (doc.skipped) box.appendChild(el('p', 'notice', 'Not coded: ' + doc.skipped));
    if (doc.text) box.appendChild(marked(doc.text, doc.spans));
    box.appendChild(eventsTable(doc.events || []));
    if ((doc.quotes || []).length) {
      const list = box.appendChild(el('ul', 'quotes'));
      doc.quotes.forEach((q) => {
        const item = list.appendChild(el('li'));
        item.appendChild(el('q', null, q.text));
        item.appendChild(el('span', 'speaker', '— ' + (q.speaker ? side(q.speaker) : 'speaker unknown')));
      });
    }
    return box;
  }

  function setUp() {
    const form = document.getElementById('code-form');
    if (!form) return;
    const status = document.getElementById('code-status');
    const result = document.getElementById('code-result');
    const button = form.querySelector('button[type="submit"]');

    function say(message, isError) {
      status.textContent = message;
      status.classList.toggle('error', Boolean(isError));
    }

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const article = { text: String(data.get('text') || '') };
      ['title', 'date', 'source'].forEach((k) => {
        const v = String(data.get(k) || '').trim();
        if (v) article[k] = v;
      });
      const endpoint = data.get('store') ? '/api/v1/articles' : '/api/v1/code';
      button.disabled = true;
      say('Coding…', false);
      result.replaceChildren();
      try {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + String(data.get('token') || '') },
          body: JSON.stringify(article),
          cache: 'no-store',
          credentials: 'omit',
        });
        const body = await response.json().catch(() => null);
        if (!response.ok) {
          say(body && body.error ? body.error.message : 'The server answered ' + response.status + '.', true);
          return;
        }
        const docs = (body && body.documents) || [];
        say(docs.length + ' article(s) coded.', false);
        docs.forEach((doc) => result.appendChild(renderDocument(doc)));
      } catch (err) {
        say('The server could not be reached.', true);
      } finally {
        button.disabled = false;
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', setUp);
  } else {
    setUp();
  }
})();
