// Kabambe dashboard, downloads for reports: every chart as SVG and as PNG (the SVG drawn onto a canvas), and a bar
// chart's figures as CSV (the over-time chart and the cross-tab have the API's own CSV beside them). A chart is any
// <svg> drawn into a .chart box; its buttons follow it, whichever script drew it.
'use strict';

(function () {
  const I18n = window.KabambeI18n;
  const { t } = I18n;
  const SVG = 'http://www.w3.org/2000/svg';
  const data = new WeakMap(); // svg -> { columns, rows } for the CSV
  // The stylesheet's look, copied onto each element (SVG presentation attributes): a downloaded file has no stylesheet.
  const STYLE = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-family',
    'font-size', 'font-style', 'font-weight', 'text-anchor'];
  const SCALE = 2; // PNG pixels per SVG unit: sharp enough for a slide

  // A bar chart's figures, for its CSV (dashboard.js calls this as it draws one).
  function register(svg, columns, rows) { data.set(svg, { columns, rows }); }

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const title = (svg) => (svg.querySelector('title') || {}).textContent || svg.getAttribute('aria-label') || 'chart';
  const fileName = (svg, ext) => title(svg).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) + '.' + ext;

  // A standalone SVG document: the chart with its computed look inlined, its size, and a white background.
  function standalone(svg) {
    // Copied into a document of its own, away from the page.
    const copy = new DOMParser().parseFromString(new XMLSerializer().serializeToString(svg), 'image/svg+xml')
      .documentElement;
    const from = [svg, ...svg.querySelectorAll('*')];
    const to = [copy, ...copy.querySelectorAll('*')];
    from.forEach((e, i) => {
      const css = getComputedStyle(e);
      // As presentation attributes, not a style attribute: the page's policy forbids inline styles.
      for (const p of STYLE) to[i].setAttribute(p, css.getPropertyValue(p));
      to[i].removeAttribute('class');
    });
    const box = svg.viewBox.baseVal;
    copy.setAttribute('xmlns', SVG);
    copy.setAttribute('width', String(box.width));
    copy.setAttribute('height', String(box.height));
    const background = copy.ownerDocument.createElementNS(SVG, 'rect');
    for (const [k, v] of Object.entries({ x: box.x, y: box.y, width: box.width, height: box.height, fill: '#fff' })) {
      background.setAttribute(k, String(v));
    }
    copy.insertBefore(background, copy.querySelector(':scope > :not(title):not(desc)'));
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name, hidden: '' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    document.body.dataset.download = name; // for the browser test
  }

  function png(svg) {
    const text = standalone(svg);
    const box = svg.viewBox.baseVal;
    const image = new Image();
    image.onload = () => {
      const canvas = el('canvas', { width: String(box.width * SCALE), height: String(box.height * SCALE) });
      const g = canvas.getContext('2d');
      g.scale(SCALE, SCALE);
      g.drawImage(image, 0, 0, box.width, box.height);
      canvas.toBlob((blob) => save(blob, fileName(svg, 'png')), 'image/png');
    };
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text); // the policy allows data: images
  }

  // CSV as a spreadsheet opens it: a byte order mark, quoted fields, CRLF lines.
  function csv(svg) {
    const d = data.get(svg);
    const field = (v) => /[",\r\n]/.test(String(v)) ? '"' + String(v).replace(/"/g, '""') + '"' : String(v);
    const lines = [d.columns, ...d.rows].map((r) => r.map(field).join(','));
    save(new Blob(['\uFEFF' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' }), fileName(svg, 'csv'));
  }

  function toolbar(svg) {
    const name = title(svg);
    const bar = el('p', { class: 'chart-downloads' });
    const button = (label, key, action) => {
      const b = el('button', { type: 'button', class: 'link', 'aria-label': t(key, { chart: name }) }, label);
      b.addEventListener('click', () => action(svg));
      return b;
    };
    bar.append(el('span', { class: 'muted' }, t('download.chart')), ' ',
      button('SVG', 'download.svg_label', (s) => save(new Blob([standalone(s)], { type: 'image/svg+xml' }),
        fileName(s, 'svg'))), ' ',
      button('PNG', 'download.png_label', png));
    if (data.has(svg)) bar.append(' ', button('CSV', 'download.csv_label', csv));
    return bar;
  }

  // Each chart drawn (now or later) gets its buttons just after it.
  function offer(root) {
    for (const svg of root.querySelectorAll('.chart > svg')) {
      const next = svg.nextElementSibling;
      if (!next || !next.classList.contains('chart-downloads')) svg.after(toolbar(svg));
    }
  }

  I18n.ready.then(() => {
    offer(document);
    new MutationObserver(() => offer(document)).observe(document.getElementById('app'), { childList: true, subtree: true });
  });
  window.KabambeDownloads = { register };
})();
