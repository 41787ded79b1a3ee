// Kabambe dashboard, "Compare versions": the funnel of one flow version (content hash) beside another's, to read
// where people drop off and whether an edit changed it. Plain script, no build step; every text from the API is
// set with textContent. dashboard.js announces each flow it shows with the event "kabambe:flow-shown".
'use strict';

(function () {
  const TOKEN_KEY = 'kabambe.token';
  const $ = (id) => document.getElementById(id);
  const I18n = window.KabambeI18n;
  const { t, fmt, pct } = I18n;
  const Selection = window.KabambeSelection;
  const SHORT = 12; // the hash prefix a shared URL carries
  const runs = (n) => I18n.plural('versions.runs', n);
  let flow = '';
  let versions = [];

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  async function api(path) {
    const res = await fetch(path, { headers: { 'Authorization': 'Bearer ' + (sessionStorage.getItem(TOKEN_KEY) || ''),
      'Accept': 'application/json' } });
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) throw new Error(body && body.message || t('error.status', { status: res.status }));
    return body;
  }

  // The section, after the funnel: two version pickers, then the comparison.
  function section() {
    const s = el('section', { id: 'versions', 'aria-labelledby': 'versions-title' },
      el('h2', { id: 'versions-title' }, t('versions.title')),
      el('p', { class: 'muted' }, t('versions.intro')),
      el('form', { id: 'versions-pick', class: 'filters', 'aria-label': t('versions.pick') },
        el('label', {}, el('span', {}, t('versions.before')), ' ', el('select', { id: 'version-a' })),
        el('label', {}, el('span', {}, t('versions.after')), ' ', el('select', { id: 'version-b' })),
        el('button', { type: 'submit' }, t('versions.compare'))),
      el('p', { id: 'versions-error', class: 'error', role: 'alert' }),
      el('div', { id: 'versions-compare' }));
    $('funnel').after(s);
    $('versions-pick').addEventListener('submit', (ev) => { ev.preventDefault(); compare(); });
    $('version-a').addEventListener('change', compare);
    $('version-b').addEventListener('change', compare);
  }

  const served = (v) => v.first_served ? I18n.dateTime(v.first_served) : t('versions.served_unknown');
  const versionName = (v) => t('versions.name', { version: v.version === null || v.version === undefined ? '?'
    : v.version, hash: v.hash.slice(0, 8) });

  async function load(id) {
    flow = id;
    Selection.set({ before: '', after: '' }); // another flow's pair means nothing here
    $('versions-error').textContent = '';
    $('versions-compare').replaceChildren();
    let list;
    try {
      list = await api('/api/flows/' + encodeURIComponent(id) + '/versions');
    } catch (e) {
      $('versions-error').textContent = e.message;
      return;
    }
    if (id !== flow) return; // another flow was picked meanwhile
    versions = list.versions;
    const shared = (name, otherwise) => { // a shared URL's version, if this flow has it
      const prefix = Selection.take(name);
      const i = prefix ? versions.findIndex((v) => v.hash.startsWith(prefix)) : -1;
      return i < 0 ? otherwise : i;
    };
    for (const [select, pick] of [[$('version-a'), shared('before', versions.length - 2)],
      [$('version-b'), shared('after', versions.length - 1)]]) {
      select.replaceChildren(...versions.map((v, i) => el('option', { value: String(i) },
        versionName(v) + ' · ' + served(v) + (v.current ? ' ' + t('versions.current') : ''))));
      select.value = String(Math.max(0, pick));
    }
    $('versions-pick').hidden = versions.length < 2;
    if (versions.length < 2) {
      $('versions-compare').append(el('p', { class: 'muted' }, t(versions.length ? 'versions.one' : 'versions.none')));
      return;
    }
    await compare();
  }

  async function compare() {
    const pair = [versions[Number($('version-a').value)], versions[Number($('version-b').value)]];
    if (!pair[0] || !pair[1]) return;
    Selection.set({ before: pair[0].hash.slice(0, SHORT), after: pair[1].hash.slice(0, SHORT) });
    $('versions-error').textContent = '';
    const channel = $('channel') && $('channel').value ? '&channel=' + encodeURIComponent($('channel').value) : '';
    const base = '/api/flows/' + encodeURIComponent(flow) + '/funnel?version=';
    let funnels;
    try {
      funnels = await Promise.all(pair.map((v) => api(base + encodeURIComponent(v.hash) + channel)));
    } catch (e) {
      $('versions-error').textContent = e.message;
      return;
    }
    draw(pair, funnels);
  }

  // One table: a row per node of either version (in the first's order, the second's own among them), and per version
  // the runs that reached the node, left there, and the share of the version's runs that reached it (with a bar).
  function draw(pair, funnels) {
    const names = pair.map((v, i) => t(i === 0 ? 'versions.before_name' : 'versions.after_name', { name: versionName(v) }));
    const byNode = funnels.map((f) => new Map(f.nodes.map((n) => [n.node, n])));
    const order = [];
    for (const f of funnels) { // the second's own nodes go just before the next node both share
      let pending = [];
      for (const n of f.nodes) {
        const i = order.indexOf(n.node);
        if (i < 0) { pending.push(n.node); continue; }
        order.splice(i, 0, ...pending);
        pending = [];
      }
      order.push(...pending);
    }

    const summary = el('ul', { class: 'version-summary' }, ...pair.map((v, i) => el('li', {},
      el('strong', {}, names[i]), t('versions.summary', { served: served(v), runs: runs(funnels[i].runs),
        all: fmt(v.runs), completed: pct(v.completion_rate) })
      + (funnels[i].definition && funnels[i].definition !== 'served' ? ' (' + funnels[i].definition + ')' : ''))));

    const head1 = el('tr', {}, el('th', { scope: 'col', rowspan: '2' }, t('versions.node')),
      ...names.map((n) => el('th', { scope: 'colgroup', colspan: '3' }, n)));
    const head2 = el('tr', {}, ...[0, 1].flatMap(() => ['reached', 'left', 'share']
      .map((c) => el('th', { scope: 'col' }, t('funnel.col_' + c)))));
    const body = el('tbody');
    for (const node of order) {
      const only = byNode.map((m) => m.has(node));
      const row = el('tr', { 'data-node': node });
      const th = el('th', { scope: 'row' }, node);
      if (!only[0] || !only[1]) {
        row.classList.add('one-version');
        th.append(el('span', { class: 'only' }, ' ' + t(only[0] ? 'versions.only_before' : 'versions.only_after')));
      }
      row.append(th);
      byNode.forEach((m, i) => {
        const n = m.get(node);
        if (!n) {
          row.append(el('td', { colspan: '3', class: 'absent', 'data-version': String(i) }, t('versions.absent')));
          return;
        }
        const fill = el('span');
        fill.style.width = Math.min(100, Math.round(n.reached_share * 100)) + '%'; // CSSOM: the policy allows it
        const share = el('td', { class: 'share' }, el('span', { class: 'share-bar', 'aria-hidden': 'true' }, fill),
          pct(n.reached_share));
        row.append(el('td', { 'data-version': String(i), 'data-reached': String(n.reached) }, fmt(n.reached)),
          el('td', { 'data-left': String(n.left), class: n.left ? 'left-count' : '' }, fmt(n.left)), share);
      });
      body.append(row);
    }
    const table = el('table', { id: 'versions-table', class: 'versions-table' },
      el('caption', {}, t('versions.caption', { flow, before: names[0], after: names[1] })),
      el('thead', {}, head1, head2), body);
    const box = $('versions-compare');
    box.replaceChildren(summary, el('div', { class: 'table-scroll' }, table));
    box.dataset.versions = pair.map((v) => v.hash).join(' ');
  }

  I18n.ready.then(section); // the page is parsed and its language known; the flow not yet shown
  document.addEventListener('kabambe:flow-shown', (ev) => load(ev.detail.flow));
})();
