// Kabambe dashboard, the shareable URL: what is picked on the page (flow, period, channel, breakdown, over-time
// choices, cross-tab, version pair, language) is kept in the URL's fragment and restored from it on load. Only the
// names below are ever written: the token stays in the tab's sessionStorage and never reaches the URL (a fragment is
// not even sent to the server).
'use strict';

(function () {
  const NAMES = ['flow', 'from', 'to', 'channel', 'by', 'timeline', 'interval', 'tl_channel', 'rows', 'columns',
    'before', 'after', 'lang'];
  const read = () => new URLSearchParams(location.hash.replace(/^#/, ''));
  const initial = read(); // as the page was opened: each panel takes its part of it once

  // Merges {name: value} into the URL without a new history entry; an empty value drops the name.
  function set(values) {
    const p = read();
    for (const [k, v] of Object.entries(values)) {
      if (!NAMES.includes(k)) throw new Error('not a selection name: ' + k);
      if (v === undefined || v === null || v === '') p.delete(k); else p.set(k, String(v));
    }
    const ordered = new URLSearchParams();
    for (const k of NAMES) if (p.has(k)) ordered.set(k, p.get(k));
    const hash = ordered.toString();
    if (hash !== location.hash.replace(/^#/, '')) {
      history.replaceState(null, '', location.pathname + location.search + (hash ? '#' + hash : ''));
    }
  }

  // The value the page was opened with, once: later calls get '' (the person's own picks win from then on).
  const taken = new Set();
  function take(name) {
    if (taken.has(name)) return '';
    taken.add(name);
    return initial.get(name) || '';
  }

  window.KabambeSelection = { set, take, peek: (name) => (taken.has(name) ? '' : initial.get(name) || '') };
})();
