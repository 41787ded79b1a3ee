// Kabambe dashboard, its own texts in the reader's language. The catalogues are plain files, one per language
// (i18n/en.json, i18n/fr.json; i18n/languages.json lists them): adding Swahili is a translation and a line in that
// list, not code. Loaded first; the other scripts wait for KabambeI18n.ready before they write any text.
'use strict';

(function () {
  const STORE_KEY = 'kabambe.language';
  const catalogues = { en: {} };
  const state = { lang: 'en', languages: [{ code: 'en', name: 'English' }] };

  async function json(path) {
    const res = await fetch(path, { headers: { 'Accept': 'application/json' } });
    if (!res.ok) throw new Error(path + ': the server answered ' + res.status);
    return res.json();
  }

  // The chosen language: the URL's (a shared link), else the one picked on this browser, else the first of the
  // browser's languages that has a catalogue, else English.
  function choose(codes) {
    const wanted = [new URLSearchParams(location.hash.replace(/^#/, '')).get('lang'), localStorage.getItem(STORE_KEY),
      ...(navigator.languages || [navigator.language])];
    for (const w of wanted) {
      if (!w) continue;
      const base = String(w).toLowerCase().split('-')[0];
      if (codes.includes(base)) return base;
    }
    return 'en';
  }

  async function load() {
    state.languages = (await json('i18n/languages.json')).languages;
    catalogues.en = await json('i18n/en.json');
    state.lang = choose(state.languages.map((l) => l.code));
    if (state.lang !== 'en') catalogues[state.lang] = await json('i18n/' + state.lang + '.json');
    document.documentElement.lang = state.lang;
  }

  // A text by key, with {name} placeholders filled; a key missing from the language falls back to English.
  function t(key, params) {
    const mine = catalogues[state.lang] || {};
    let text = key in mine ? mine[key] : catalogues.en[key];
    if (text === undefined) text = key;
    return text.replace(/\{(\w+)\}/g, (m, name) => (params && name in params ? String(params[name]) : m));
  }

  // "1 run", "2 runs": the key's ".one" or ".other" form, chosen by the language's plural rules.
  function plural(key, n, params) {
    const form = new Intl.PluralRules(state.lang).select(Number(n)) === 'one' ? 'one' : 'other';
    return t(key + '.' + form, Object.assign({ n: fmt(n) }, params || {}));
  }

  // Numbers, shares and dates for the chosen language (dates in UTC: the figures are per UTC day).
  const fmt = (n) => (n === null || n === undefined) ? '–' : new Intl.NumberFormat(state.lang).format(Number(n));
  const num = (x) => (x === null || x === undefined) ? '–'
    : new Intl.NumberFormat(state.lang, { maximumFractionDigits: 2 }).format(Number(x));
  const pct = (x) => (x === null || x === undefined) ? '–'
    : new Intl.NumberFormat(state.lang, { style: 'percent', maximumFractionDigits: 1 }).format(Number(x));
  const asDate = (v) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? v + 'T00:00:00Z' : v);
  const date = (v) => new Intl.DateTimeFormat(state.lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(asDate(v));
  const shortDate = (v) => new Intl.DateTimeFormat(state.lang, { day: 'numeric', month: 'short', timeZone: 'UTC' })
    .format(asDate(v));
  const dateTime = (v) => new Intl.DateTimeFormat(state.lang, { dateStyle: 'medium', timeStyle: 'short',
    timeZone: 'UTC' }).format(asDate(v)) + ' UTC';
  const time = (v) => new Intl.DateTimeFormat(state.lang, { timeStyle: 'medium' }).format(asDate(v));

  // The static page: data-i18n="key" sets an element's text, data-i18n-attr="title:key aria-label:key" attributes.
  function apply(root) {
    for (const e of root.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    for (const e of root.querySelectorAll('[data-i18n-attr]')) {
      for (const pair of e.dataset.i18nAttr.split(/\s+/)) {
        const [attr, key] = pair.split(':');
        if (attr && key) e.setAttribute(attr, t(key));
      }
    }
  }

  // The switch in the header: the choice is kept in this browser; the page is shown again in the new language
  // (the selection survives in the URL).
  function languageSwitch() {
    const select = document.getElementById('language');
    if (!select) return;
    select.replaceChildren(...state.languages.map((l) => {
      const o = document.createElement('option');
      o.value = l.code;
      o.textContent = l.name;
      o.lang = l.code;
      return o;
    }));
    select.value = state.lang;
    select.addEventListener('change', () => {
      localStorage.setItem(STORE_KEY, select.value);
      const shared = new URLSearchParams(location.hash.replace(/^#/, ''));
      if (shared.has('lang')) { // a shared link's language gives way to the one picked
        shared.set('lang', select.value);
        history.replaceState(null, '', '#' + shared.toString());
      }
      document.dispatchEvent(new CustomEvent('kabambe:language', { detail: { lang: select.value } }));
      location.reload();
    });
  }

  const ready = load().catch((e) => {
    state.lang = 'en';
    document.documentElement.dataset.i18nError = e.message;
  }).then(() => {
    document.title = t('page.title');
    if (document.readyState === 'loading') {
      return new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    }
    return undefined;
  }).then(() => {
    apply(document);
    languageSwitch();
  });

  window.KabambeI18n = {
    ready, t, plural, fmt, num, pct, date, shortDate, dateTime, time, apply,
    get lang() { return state.lang; },
  };
})();
