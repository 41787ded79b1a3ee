// Kabambe dashboard, "Compare versions": the funnel of one flow version (content hash) beside another's, to read
// where people drop off and whether an edit changed it. Plain script, no build step; every text from the API is
// set with textContent. dashboard.js announces each flow it shows with the event "kabambe:flow-shown".
'use strict';

(function () {
  const TOKEN_KEY = 'kabambe.token';
  const $ = (id) => document.getElementById(id);
  const fmt = (n) => (n === null || n === undefined) ? '–' : Number(n).toLocaleString('en');
  const pct = (x) => (x === null || x === undefined) ? '–' : (Math.round(x * 1000) / 10) + '%';
  const runs = (n) => fmt(n) + (n === 1 ? ' run' : ' runs');
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
    if (!res.ok) throw new Error(body && body.message || ('the server answered ' + res.status));
    return body;
  }

  // The section, after the funnel: two version pickers, then the comparison.
  function section() {
    const s = el('section', { id: 'versions', 'aria-labelledby': 'versions-title' },
      el('h2', { id: 'versions-title' }, 'Compare versions'),
      el('p', { class: 'muted' }, 'The funnel of the runs that started on one version of the flow beside another\'s,'
        + ' over all the days each served (channel as chosen above). A version is the flow file\'s content: every'
        + ' edit the server loads is a new one. Runs rolled up before versions were kept apart are not counted.'),
      el('form', { id: 'versions-pick', class: 'filters', 'aria-label': 'Versions to compare' },
        el('label', {}, 'Before', el('select', { id: 'version-a' })),
        el('label', {}, 'After', el('select', { id: 'version-b' })),
        el('button', { type: 'submit' }, 'Compare')),
      el('p', { id: 'versions-error', class: 'error', role: 'alert' }),
      el('div', { id: 'versions-compare' }));
    $('funnel').after(s);
    $('versions-pick').addEventListener('submit', (ev) => { ev.preventDefault(); compare(); });
    $('version-a').addEventListener('change', compare);
    $('version-b').addEventListener('change', compare);
  }

  const served = (v) => v.first_served ? v.first_served.slice(0, 16).replace('T', ' ') + ' UTC' : 'first served unknown';
  const versionName = (v) => (v.version === null || v.version === undefined ? 'version ?' : 'version ' + v.version)
    + ' · ' + v.hash.slice(0, 8);

  async function load(id) {
    flow = id;
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
    for (const [select, pick] of [[$('version-a'), versions.length - 2], [$('version-b'), versions.length - 1]]) {
      select.replaceChildren(...versions.map((v, i) => el('option', { value: String(i) },
        versionName(v) + ' · ' + served(v) + (v.current ? ' (current)' : ''))));
      select.value = String(Math.max(0, pick));
    }
    $('versions-pick').hidden = versions.length < 2;
    if (versions.length < 2) {
      $('versions-compare').append(el('p', { class: 'muted' }, versions.length
        ? 'This flow has one version so far: edit its file and the next version shows here.'
        : 'This flow has not been served yet.'));
      return;
    }
    await compare();
  }

  async function compare() {
    const pair = [versions[Number($('version-a').value)], versions[Number($('version-b').value)]];
    if (!pair[0] || !pair[1]) return;
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
    const names = pair.map((v, i) => (i === 0 ? 'Before: ' : 'After: ') + versionName(v));
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
      el('strong', {}, names[i]), ': first served ' + served(v) + '; ' + runs(funnels[i].runs) + ' in this funnel, '
      + fmt(v.runs) + ' in all, ' + pct(v.completion_rate) + ' completed'
      + (funnels[i].definition && funnels[i].definition !== 'served' ? ' (' + funnels[i].definition + ')' : ''))));

    const head1 = el('tr', {}, el('th', { scope: 'col', rowspan: '2' }, 'Node'),
      ...names.map((n) => el('th', { scope: 'colgroup', colspan: '3' }, n)));
    const head2 = el('tr', {}, ...[0, 1].flatMap(() => ['reached', 'left here', 'share of runs']
      .map((t) => el('th', { scope: 'col' }, t))));
    const body = el('tbody');
    for (const node of order) {
      const only = byNode.map((m) => m.has(node));
      const row = el('tr', { 'data-node': node });
      const th = el('th', { scope: 'row' }, node);
      if (!only[0] || !only[1]) {
        row.classList.add('one-version');
        th.append(el('span', { class: 'only' }, only[0] ? ' only before' : ' only after'));
      }
      row.append(th);
      byNode.forEach((m, i) => {
        const n = m.get(node);
        if (!n) {
          row.append(el('td', { colspan: '3', class: 'absent', 'data-version': String(i) }, 'not in this version'));
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
      el('caption', {}, 'Funnel of flow ' + flow + ', ' + names[0] + ' beside ' + names[1]),
      el('thead', {}, head1, head2), body);
    const box = $('versions-compare');
    box.replaceChildren(summary, el('div', { class: 'table-scroll' }, table));
    box.dataset.versions = pair.map((v) => v.hash).join(' ');
  }

  section(); // deferred: the page is parsed, and the flow not yet shown
  document.addEventListener('kabambe:flow-shown', (ev) => load(ev.detail.flow));
})();
