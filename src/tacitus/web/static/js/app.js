// Dashboard behaviour that plain HTML cannot give: linking an article's event cards to their
// highlighted words. Everything here reads the page's own attributes; nothing is built from
// markup strings (no innerHTML), so no article text can turn into code.
'use strict';

(function () {
  function ids(el, name) {
    const value = el.getAttribute(name);
    return value ? value.split(' ') : [];
  }

  function spansOf(eventId) {
    // Compared in script, not put into a CSS selector: ids are data and may hold any character.
    return Array.from(document.querySelectorAll('#doc-text [data-events]'))
      .filter((el) => ids(el, 'data-events').includes(eventId));
  }

  function clearActive() {
    document.querySelectorAll('.active').forEach((el) => el.classList.remove('active'));
  }

  function activate(eventId) {
    clearActive();
    spansOf(eventId).forEach((el) => el.classList.add('active'));
    document.querySelectorAll('.event-card[data-event]').forEach((card) => {
      if (card.getAttribute('data-event') === eventId) card.classList.add('active');
    });
  }

  function setUp() {
    const text = document.getElementById('doc-text');
    if (!text) return;
    document.querySelectorAll('.event-card[data-event]').forEach((card) => {
      const id = card.getAttribute('data-event');
      card.addEventListener('mouseenter', () => activate(id));
      card.addEventListener('focus', () => activate(id));
      card.addEventListener('mouseleave', clearActive);
    });
    // A click on highlighted words brings up the event(s) they belong to.
    text.addEventListener('click', (ev) => {
      const span = ev.target.closest('[data-events]');
      if (!span) return;
      const first = ids(span, 'data-events')[0];
      if (!first) return;
      activate(first);
      const card = Array.from(document.querySelectorAll('.event-card[data-event]'))
        .find((c) => c.getAttribute('data-event') === first);
      if (card) card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', setUp);
  } else {
    setUp();
  }
})();
