// The fleet page: every host from one /fleet/summary.json per refresh, kept in a sortable, filterable table.
// Rows are created once per host and updated in place, so a refresh over 1,000 hosts is a few thousand text writes.
(function () {
  'use strict';

  const params = new URLSearchParams(location.search);
  const refreshSeconds = Math.max(0.5, parseFloat(params.get('refresh')) || 2);
  const STATUS_RANK = { UNKNOWN: 0, OFFLINE: 1, PROTECTED: 2, SNMP: 3, ONLINE: 4 };
  const SVG = 'http://www.w3.org/2000/svg';
  // First click on a figure sorts the largest first; on a name, A to Z.
  const FIRST_DIRECTION = { name: 1, status: 1, seen: 1 };

  const tbody = document.querySelector('#fleet tbody');
  const filterBox = document.getElementById('filter');
  const summaryEl = document.getElementById('summary');
  const updatedEl = document.getElementById('updated');
  const emptyEl = document.getElementById('empty');

  const rows = new Map(); // key -> {tr, cells, host}
  let sort = { key: params.get('sort') || 'name', dir: params.get('sort') ? -1 : 1 };
  let filter = (params.get('filter') || '').toLowerCase();
  let lastUpdate = 0;
  let failing = false;

  filterBox.value = filter;

  // ---- formatting

  /** Glances' decoration as a CSS class: OK_LOG -> ok. */
  function decoClass(decoration) {
    return decoration ? decoration.replace('_LOG', '').toLowerCase() : '';
  }

  function fixed(v, digits) {
    return typeof v === 'number' && isFinite(v) ? v.toFixed(digits) : '–';
  }

  function ago(ms) {
    if (ms == null) return 'never';
    const s = Math.max(0, ms / 1000);
    if (s < 10) return s.toFixed(1) + ' s ago';
    if (s < 90) return Math.round(s) + ' s ago';
    if (s < 5400) return Math.round(s / 60) + ' min ago';
    if (s < 172800) return Math.round(s / 3600) + ' h ago';
    return Math.round(s / 86400) + ' d ago';
  }

  /** Glances' NAME column: the alias if set, else the name (with the port for a static server). */
  function displayName(h) {
    return h.alias || (h.type === 'STATIC' ? h.key : h.name);
  }

  // ---- DOM building

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function spark() {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 100 20');
    svg.setAttribute('preserveAspectRatio', 'none');
    const area = document.createElementNS(SVG, 'path');
    area.setAttribute('class', 'area');
    const line = document.createElementNS(SVG, 'path');
    line.setAttribute('class', 'line');
    svg.append(area, line);
    return svg;
  }

  function metricCell(cls) {
    const td = el('td', 'metric ' + cls);
    const cell = el('div', 'cell');
    const v = el('span', 'v');
    const s = spark();
    cell.append(v, s);
    td.append(cell);
    return { td, v, s };
  }

  function createRow(h) {
    const tr = el('tr');
    tr.dataset.key = h.key;
    const name = el('td', 'name');
    const link = el('a', 'host');
    const tags = el('span');
    const sub = el('span', 'sub');
    name.append(link, tags, sub);
    const status = el('td', 'status');
    const pill = el('span', 'pill');
    status.append(pill);
    const seen = el('td', 'seen');
    const cpu = metricCell('cpu');
    const mem = metricCell('mem');
    const swap = el('td', 'small swap');
    const swapV = el('span', 'v');
    swap.append(swapV);
    const load = el('td', 'load');
    const fs = el('td', 'fs');
    const alerts = el('td', 'alerts');
    const badge = el('span', 'badge');
    alerts.append(badge);
    tr.append(name, status, seen, cpu.td, mem.td, swap, load, fs, alerts);
    labelCells(tr);
    tr.addEventListener('click', (ev) => {
      if (ev.target.closest('a') || window.getSelection().toString()) return;
      link.click();
    });
    return { tr, link, tags, sub, pill, seen, cpu, mem, swap, swapV, load, fs, badge, host: null, sig: {} };
  }

  /** Each cell names its column, for the card layout of narrow screens where the table head is hidden. */
  function labelCells(tr) {
    const heads = document.querySelectorAll('#fleet thead th');
    Array.from(tr.children).forEach((td, i) => {
      if (heads[i]) td.dataset.label = heads[i].textContent;
    });
  }

  /** A tag saying how many samples of this host never reached the hub (a gap in its data), or nothing. */
  function gapTag(h) {
    const g = h.gaps || {};
    const lost = (g.missed || 0) + (g.dropped || 0);
    if (!lost) return null;
    const t = el('span', 'tag gap', 'gap ' + lost);
    t.title = (g.missed || 0) + ' sample(s) missed, ' + (g.dropped || 0) + ' dropped by the agent: its history has holes';
    return t;
  }

  /** Sets text and class only when they changed: most cells do not, between two refreshes. */
  function setText(node, text, cls, row, slot) {
    const sig = text + '|' + cls;
    if (row.sig[slot] === sig) return;
    row.sig[slot] = sig;
    node.textContent = text;
    if (cls != null) node.className = cls;
  }

  /** A sparkline of up to 30 points; null values leave gaps. Percentages on 0..100, load on 0..max(cores, peak). */
  function drawSpark(svg, values, top, cls, row, slot) {
    const sig = (values || []).join(',') + '|' + top + '|' + cls;
    if (row.sig[slot] === sig) return;
    row.sig[slot] = sig;
    svg.setAttribute('class', 'spark' + (cls ? ' ' + cls : ''));
    const n = values ? values.length : 0;
    let line = '';
    let area = '';
    if (n > 0) {
      const step = 100 / Math.max(1, n - 1);
      let run = [];
      const flush = () => {
        if (run.length === 0) return;
        line += 'M' + run.map((p) => p[0].toFixed(1) + ' ' + p[1].toFixed(1)).join('L');
        area += 'M' + run[0][0].toFixed(1) + ' 20L' + run.map((p) => p[0].toFixed(1) + ' ' + p[1].toFixed(1)).join('L')
          + 'L' + run[run.length - 1][0].toFixed(1) + ' 20Z';
        run = [];
      };
      values.forEach((v, i) => {
        if (typeof v !== 'number') { flush(); return; }
        const y = 19 - Math.min(1, Math.max(0, v / top)) * 18;
        run.push([n === 1 ? 100 : i * step, y]);
      });
      flush();
    }
    svg.firstChild.setAttribute('d', area);
    svg.lastChild.setAttribute('d', line);
  }

  function updateRow(row, h, now) {
    row.host = h;
    const d = h.decorations || {};
    const online = h.status === 'ONLINE';
    row.tr.classList.toggle('off', !online);
    if (row.link.getAttribute('href') !== h.href) row.link.setAttribute('href', h.href);
    setText(row.link, displayName(h), null, row, 'name');
    const gap = h.gaps ? (h.gaps.missed || 0) + '/' + (h.gaps.dropped || 0) : '';
    const tagSig = (h.local ? 'L' : '') + (h.type === 'STATIC' ? 'S' : '') + gap;
    if (row.sig.tags !== tagSig) {
      row.sig.tags = tagSig;
      row.tags.replaceChildren();
      if (h.local) row.tags.append(el('span', 'tag local', 'hub'));
      if (h.type === 'STATIC') row.tags.append(el('span', 'tag static', 'glances'));
      const g = gapTag(h);
      if (g) row.tags.append(g);
    }
    const sub = [h.alias ? (h.type === 'STATIC' ? h.key : h.name) : null, h.hr_name].filter(Boolean).join(' · ');
    setText(row.sub, sub, null, row, 'sub');
    setText(row.pill, h.status, 'pill ' + h.status, row, 'status');
    setText(row.seen, ago(h.last_seen == null ? null : now - h.last_seen), null, row, 'seen');

    row.cpu.td.dataset.value = h.cpu == null ? '' : h.cpu;
    setText(row.cpu.v, fixed(h.cpu, 1), 'v ' + decoClass(d.cpu_total), row, 'cpu');
    drawSpark(row.cpu.s, h.series && h.series.cpu, 100, decoClass(d.cpu_total), row, 'cpuS');
    row.mem.td.dataset.value = h.mem == null ? '' : h.mem;
    setText(row.mem.v, fixed(h.mem, 1), 'v ' + decoClass(d.mem_percent), row, 'mem');
    drawSpark(row.mem.s, h.series && h.series.mem, 100, decoClass(d.mem_percent), row, 'memS');
    setText(row.swapV, fixed(h.swap, 1), 'v ' + decoClass(d.memswap_percent), row, 'swap');

    const l = h.load;
    const loadSig = l ? [l.min1, l.min5, l.min15, l.cpucore, d.load_min1, d.load_min5, d.load_min15].join('|') : '-';
    if (row.sig.load !== loadSig) {
      row.sig.load = loadSig;
      row.load.replaceChildren();
      if (!l) {
        row.load.append(el('span', 'none', '–'));
      } else {
        ['min1', 'min5', 'min15'].forEach((k, i) => {
          if (i > 0) row.load.append(el('span', 'sep', ' / '));
          row.load.append(el('span', decoClass(d['load_' + k]), fixed(l[k], 2)));
        });
        if (l.cpucore) row.load.append(el('span', 'cores', l.cpucore + ' cores'));
      }
    }

    const fsSig = h.fs ? h.fs.mnt_point + '|' + h.fs.percent + '|' + d.fs_percent : '-';
    if (row.sig.fs !== fsSig) {
      row.sig.fs = fsSig;
      row.fs.replaceChildren();
      if (h.fs) {
        row.fs.append(el('span', 'mnt', h.fs.mnt_point), el('span', decoClass(d.fs_percent), fixed(h.fs.percent, 1) + '%'));
      } else {
        row.fs.append(el('span', 'none', '–'));
      }
    }

    const a = h.alerts || { count: 0, ongoing: 0, state: null };
    const badgeCls = 'badge' + (a.ongoing > 0 ? ' ' + decoClass(a.state || 'CAREFUL') : a.count > 0 ? ' some' : '');
    setText(row.badge, String(a.ongoing > 0 ? a.ongoing : a.count), badgeCls, row, 'alerts');
    row.badge.title = a.ongoing > 0 ? a.ongoing + ' ongoing alert(s), ' + a.count + ' listed' : a.count + ' alert(s) listed';
  }

  // ---- sorting and filtering

  function sortValue(h, key) {
    switch (key) {
      case 'name': return displayName(h).toLowerCase();
      case 'status': return STATUS_RANK[h.status] != null ? STATUS_RANK[h.status] : -1;
      case 'seen': return h.last_seen == null ? null : -h.last_seen;
      case 'cpu': return h.cpu;
      case 'mem': return h.mem;
      case 'swap': return h.swap;
      case 'load': return h.load ? h.load.min1 : null;
      case 'fs': return h.fs ? h.fs.percent : null;
      case 'alerts': return h.alerts ? h.alerts.ongoing * 1e6 + h.alerts.count : 0;
      default: return null;
    }
  }

  function compare(a, b) {
    const va = sortValue(a.host, sort.key);
    const vb = sortValue(b.host, sort.key);
    // Hosts without the figure go last whatever the direction.
    if (va == null || vb == null) {
      if (va == null && vb == null) return a.host.key < b.host.key ? -1 : 1;
      return va == null ? 1 : -1;
    }
    if (va < vb) return -sort.dir;
    if (va > vb) return sort.dir;
    const na = displayName(a.host).toLowerCase();
    const nb = displayName(b.host).toLowerCase();
    return na < nb ? -1 : na > nb ? 1 : 0;
  }

  function matches(h) {
    if (!filter) return true;
    return h.name.toLowerCase().includes(filter) || (h.alias || '').toLowerCase().includes(filter);
  }

  function arrange() {
    const all = Array.from(rows.values()).sort(compare);
    // Move rows only when the order changed: re-appending 1,000 rows each refresh would cost a full relayout.
    let same = all.length === tbody.children.length;
    for (let i = 0; same && i < all.length; i++) same = tbody.children[i] === all[i].tr;
    if (!same) {
      const frag = document.createDocumentFragment();
      all.forEach((r) => frag.append(r.tr));
      tbody.append(frag);
    }
    let shown = 0;
    all.forEach((r) => {
      const show = matches(r.host);
      if (r.tr.hidden === show) r.tr.hidden = !show;
      if (show) shown++;
    });
    emptyEl.hidden = shown > 0 || rows.size === 0;
    document.querySelectorAll('#fleet th[data-sort]').forEach((th) => {
      if (th.dataset.sort === sort.key) th.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
  }

  function keepInUrl() {
    const p = new URLSearchParams(location.search);
    if (filter) p.set('filter', filter); else p.delete('filter');
    if (sort.key !== 'name' || sort.dir !== 1) { p.set('sort', sort.key); p.set('dir', sort.dir > 0 ? 'asc' : 'desc'); }
    else { p.delete('sort'); p.delete('dir'); }
    const q = p.toString();
    history.replaceState(null, '', location.pathname + (q ? '?' + q : ''));
  }

  if (params.get('dir')) sort.dir = params.get('dir') === 'asc' ? 1 : -1;

  document.querySelectorAll('#fleet th[data-sort]').forEach((th) => {
    th.addEventListener('click', () => {
      const key = th.dataset.sort;
      sort = sort.key === key ? { key, dir: -sort.dir } : { key, dir: FIRST_DIRECTION[key] || -1 };
      arrange();
      keepInUrl();
    });
  });

  filterBox.addEventListener('input', () => {
    filter = filterBox.value.trim().toLowerCase();
    arrange();
    keepInUrl();
  });

  // ---- refresh loop

  function render(summary) {
    const seen = new Set();
    summary.hosts.forEach((h) => {
      seen.add(h.key);
      let row = rows.get(h.key);
      if (!row) {
        row = createRow(h);
        rows.set(h.key, row);
      }
      updateRow(row, h, summary.now);
    });
    for (const [key, row] of rows) {
      if (!seen.has(key)) {
        row.tr.remove();
        rows.delete(key);
      }
    }
    arrange();
    const online = summary.hosts.filter((h) => h.status === 'ONLINE').length;
    const offline = summary.hosts.filter((h) => h.status === 'OFFLINE').length;
    const n = summary.hosts.length;
    summaryEl.textContent = (n === 0 ? 'No host yet' : n === 1 ? 'One host' : n + ' hosts')
      + (n ? ' · ' + online + ' online' + (offline ? ' · ' + offline + ' offline' : '') : '');
    document.title = 'Fleetglance · ' + n + (n === 1 ? ' host' : ' hosts');
  }

  function showUpdated() {
    if (failing) {
      updatedEl.textContent = 'hub unreachable';
      updatedEl.classList.add('stale');
    } else if (lastUpdate) {
      updatedEl.textContent = 'updated ' + ago(Date.now() - lastUpdate);
      updatedEl.classList.remove('stale');
    }
  }

  async function tick() {
    try {
      const r = await window.FleetglancePage.fetch('fleet/summary.json', { cache: 'no-store' });
      if (!r.ok) throw new Error('HTTP ' + r.status);
      render(await r.json());
      lastUpdate = Date.now();
      failing = false;
    } catch (e) {
      failing = true;
    }
    showUpdated();
    setTimeout(tick, refreshSeconds * 1000);
  }

  setInterval(showUpdated, 1000);
  tick();
}());
