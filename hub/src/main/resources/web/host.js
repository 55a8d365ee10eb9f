// The host page: what Glances' WebUI shows for one host, from that host's own API (relative api/4/...), refreshed
// every 2 s (?refresh=N). A plugin the host does not serve renders "no data"; decorations come from api/4/all/views
// when the host answers it, else the page shows no colours.
(function () {
  'use strict';

  const params = new URLSearchParams(location.search);
  const refreshSeconds = Math.max(0.5, parseFloat(params.get('refresh')) || 2);
  const API = 'api/4/';
  const MAX_PROCESSES = 60;
  const hostName = decodeURIComponent((location.pathname.match(/\/hosts\/([^/]+)\/?$/) || [])[1] || '');
  const autoUnit = window.FleetglanceCharts.autoUnit;

  let stats = null;
  let views = null;
  let viewsRetryAt = 0;
  let lastUpdate = 0;
  let failing = false;
  let procSort = ['cpu', 'mem', 'io', 'name', 'time', 'auto'].includes(params.get('sort')) ? params.get('sort') : 'cpu';
  let procFilter = null; // a RegExp on the process name and command line, set with the '/' key

  document.getElementById('hostname').textContent = hostName;
  document.title = hostName + ' · Fleetglance';

  // ---- small DOM and format helpers

  function h(tag, cls, ...children) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    children.forEach((c) => { if (c != null) e.append(c instanceof Node ? c : String(c)); });
    return e;
  }

  function nodata(text) {
    return h('div', 'nodata', text || 'no data');
  }

  function num(v, digits) {
    return typeof v === 'number' && isFinite(v) ? v.toFixed(digits) : '–';
  }

  function pct(v) {
    return typeof v === 'number' ? v.toFixed(1) + '%' : '–';
  }

  /** Glances' decoration of a field as a CSS class (OK_LOG -> ok), or '' without views. */
  function deco(plugin, field, key) {
    const p = views && views[plugin];
    if (!p) return '';
    const v = key == null ? p[field] : (p[key] || {})[field];
    return v && typeof v.decoration === 'string' ? v.decoration.replace('_LOG', '').toLowerCase() : '';
  }

  /** A per-second rate of a counter field: Glances' *_rate_per_sec when present, else the delta over the period. */
  function rate(o, field) {
    const r = o[field + '_rate_per_sec'];
    if (typeof r === 'number') return r;
    const v = o[field];
    const dt = o.time_since_update;
    return typeof v === 'number' && typeof dt === 'number' && dt > 0 ? v / dt : null;
  }

  /** A key/value table of rows of [label, value, class] cells. */
  function kv(rows, headRow) {
    const t = h('table', 'kv');
    rows.forEach((cells, i) => {
      const tr = h('tr', i === 0 && headRow ? 'head' : '');
      cells.forEach((c) => {
        if (!c) { tr.append(h('td'), h('td')); return; }
        tr.append(h('td', 'k', c[0]), h('td', 'v ' + (c[2] || ''), c[1]));
      });
      t.append(tr);
    });
    return t;
  }

  function list(headers, rows) {
    const t = h('table', 'list');
    const head = h('tr');
    headers.forEach((hd) => head.append(typeof hd === 'string' ? h('th', '', hd) : hd));
    t.append(h('thead', '', head));
    const body = h('tbody');
    rows.forEach((r) => body.append(r));
    t.append(body);
    return t;
  }

  function render(id, fn) {
    const panel = document.getElementById(id);
    const body = panel.querySelector('.body') || panel.querySelector('.qbars');
    let content;
    try {
      content = fn();
    } catch (e) {
      content = nodata();
    }
    // a panel that keeps its content (the process table) is updated in place: nothing under the pointer is replaced
    if (!content || body.childNodes.length !== 1 || body.firstChild !== content) body.replaceChildren(content || nodata());
    panel.classList.toggle('empty', !content);
  }

  // ---- the panels

  function quicklook() {
    const q = stats.quicklook;
    const cpu = stats.cpu;
    const load = stats.load;
    const bars = [
      ['CPU', q ? q.cpu : cpu && cpu.total, q ? deco('quicklook', 'cpu') : deco('cpu', 'total')],
      ['MEM', q ? q.mem : stats.mem && stats.mem.percent, q ? deco('quicklook', 'mem') : deco('mem', 'percent')],
      ['SWAP', q ? q.swap : stats.memswap && stats.memswap.percent,
        q ? deco('quicklook', 'swap') : deco('memswap', 'percent')],
      // Glances' quicklook load: the 15-minute load over the logical cores, in percent.
      ['LOAD', q ? q.load : load && load.cpucore ? load.min15 / load.cpucore * 100 : null,
        q ? deco('quicklook', 'load') : deco('load', 'min15')],
    ];
    if (bars.every((b) => typeof b[1] !== 'number')) return null;
    const out = document.createDocumentFragment();
    bars.forEach(([label, v, cls]) => {
      const fill = h('div', 'fill ' + cls);
      fill.style.width = (typeof v === 'number' ? Math.min(100, Math.max(0, v)) : 0) + '%';
      const bar = h('div', 'qbar', h('span', 'label', label), h('div', 'track', fill), h('span', 'pct ' + cls, pct(v)));
      bar.dataset.plugin = label.toLowerCase();
      out.append(bar);
    });
    if (q && q.cpu_name) out.append(h('div', 'qname', q.cpu_name));
    return out;
  }

  function cpuPanel() {
    const c = stats.cpu;
    if (!c) return null;
    const f = (k) => [k, pct(c[k]), deco('cpu', k)];
    const r = (k, label) => [label, num(rate(c, k), 0)];
    return kv([
      [['CPU', pct(c.total), deco('cpu', 'total')], f('idle'), r('ctx_switches', 'ctx_sw')],
      [f('user'), f('irq'), r('interrupts', 'inter')],
      [f('system'), f('nice'), r('soft_interrupts', 'sw_int')],
      [f('iowait'), f('steal'), c.cpucore ? ['cores', c.cpucore] : null],
    ], true);
  }

  function memPanel() {
    const m = stats.mem;
    if (!m) return null;
    const b = (k) => [k, autoUnit(m[k])];
    return kv([
      [['MEM', pct(m.percent), deco('mem', 'percent')], b('active')],
      [b('total'), b('inactive')],
      [['used', autoUnit(m.used), deco('mem', 'used')], b('buffers')],
      [b('free'), b('cached')],
    ], true);
  }

  function swapPanel() {
    const s = stats.memswap;
    if (!s) return null;
    return kv([
      [['SWAP', pct(s.percent), deco('memswap', 'percent')]],
      [['total', autoUnit(s.total)]],
      [['used', autoUnit(s.used), deco('memswap', 'used')]],
      [['free', autoUnit(s.free)]],
    ], true);
  }

  function loadPanel() {
    const l = stats.load;
    if (!l) return null;
    return kv([
      [['LOAD', l.cpucore ? l.cpucore + '-core' : '']],
      [['1 min', num(l.min1, 2), deco('load', 'min1')]],
      [['5 min', num(l.min5, 2), deco('load', 'min5')]],
      [['15 min', num(l.min15, 2), deco('load', 'min15')]],
    ], true);
  }

  function networkPanel() {
    const n = stats.network;
    if (!Array.isArray(n)) return null;
    if (n.length === 0) return nodata('no interface');
    return list(['Interface', 'Rx/s', 'Tx/s'].map((t, i) => h('th', i === 0 ? 'l' : '', t)), n.map((i) => {
      const name = i.alias || i.interface_name;
      const rx = rate(i, 'bytes_recv');
      const tx = rate(i, 'bytes_sent');
      return h('tr', '', h('td', 'l wide', name),
        h('td', deco('network', 'bytes_recv', i.interface_name), rx == null ? '–' : autoUnit(rx * 8) + 'b'),
        h('td', deco('network', 'bytes_sent', i.interface_name), tx == null ? '–' : autoUnit(tx * 8) + 'b'));
    }));
  }

  function diskioPanel() {
    const d = stats.diskio;
    if (!Array.isArray(d)) return null;
    if (d.length === 0) return nodata('no disk');
    return list(['Disk', 'R/s', 'W/s'].map((t, i) => h('th', i === 0 ? 'l' : '', t)), d.map((x) => {
      const r = rate(x, 'read_bytes');
      const w = rate(x, 'write_bytes');
      return h('tr', '', h('td', 'l wide', x.alias || x.disk_name),
        h('td', deco('diskio', 'read_bytes', x.disk_name), r == null ? '–' : autoUnit(r)),
        h('td', deco('diskio', 'write_bytes', x.disk_name), w == null ? '–' : autoUnit(w)));
    }));
  }

  function fsPanel() {
    const f = stats.fs;
    if (!Array.isArray(f)) return null;
    if (f.length === 0) return nodata('no file system');
    return list(['Mount', 'Used', 'Total', '%'].map((t, i) => h('th', i === 0 ? 'l' : '', t)), f.map((x) =>
      h('tr', '', h('td', 'l wide', x.mnt_point), h('td', deco('fs', 'used', x.mnt_point), autoUnit(x.used)),
        h('td', '', autoUnit(x.size)), h('td', deco('fs', 'used', x.mnt_point), pct(x.percent)))));
  }

  function sensorsPanel() {
    const s = stats.sensors;
    if (!Array.isArray(s)) return null;
    if (s.length === 0) return nodata('no sensor');
    return list([h('th', 'l', 'Sensor'), 'Value'], s.map((x) =>
      h('tr', '', h('td', 'l wide', x.label),
        h('td', deco('sensors', 'value', x.label), (typeof x.value === 'number' ? x.value : '–') + (x.unit ? ' ' + x.unit : '')))));
  }

  function containersPanel() {
    const c = stats.containers;
    if (c == null) return null;
    if (!Array.isArray(c) || c.length === 0) return nodata('no container running');
    return list([h('th', 'l', 'Name'), h('th', 'l', 'Status'), 'CPU%', 'MEM', 'Rx/s', 'Tx/s', h('th', 'l', 'Command')],
      c.map((x) => h('tr', '', h('td', 'l', x.name), h('td', 'l ' + (x.status === 'running' ? 'ok' : 'careful'), x.status),
        h('td', deco('containers', 'cpu_percent', x.name), num(x.cpu_percent, 1)),
        h('td', deco('containers', 'memory_usage', x.name), autoUnit(x.memory_usage)),
        h('td', '', typeof x.network_rx === 'number' ? autoUnit(x.network_rx) + 'b' : '–'),
        h('td', '', typeof x.network_tx === 'number' ? autoUnit(x.network_tx) + 'b' : '–'),
        h('td', 'l wide', Array.isArray(x.command) ? x.command.join(' ') : x.command || ''))));
  }

  function alertPanel() {
    const a = stats.alert;
    if (!Array.isArray(a)) return null;
    if (a.length === 0) return nodata('No warning or critical alert detected');
    const out = document.createDocumentFragment();
    a.forEach((e) => {
      const ongoing = typeof e.end === 'number' && e.end < 0;
      const begin = new Date(e.begin * 1000);
      const duration = ongoing ? 'ongoing' : Math.max(0, Math.round(e.end - e.begin)) + ' s';
      const cls = (e.state || '').toLowerCase();
      out.append(h('div', 'alert-row', h('span', 'when', begin.toLocaleString() + ' (' + duration + ')'),
        h('span', cls + (ongoing ? ' ongoing' : ''), (e.state || '') + ' on ' + (e.type || '')),
        ' (Min:' + num(e.min, 1) + ' Mean:' + num(e.avg, 1) + ' Max:' + num(e.max, 1) + ')'));
    });
    return out;
  }

  // ---- processes

  function ioRate(p, which) {
    const io = p.io_counters;
    if (!Array.isArray(io) || io.length < 4 || io[4] === 0 || !(p.time_since_update > 0)) return null;
    return Math.max(0, io[which] - io[which + 2]) / p.time_since_update;
  }

  const SORTS = {
    cpu: { label: 'CPU consumption', cmp: (a, b) => (b.cpu_percent || 0) - (a.cpu_percent || 0) },
    mem: { label: 'memory consumption', cmp: (a, b) => (b.memory_percent || 0) - (a.memory_percent || 0) },
    io: { label: 'I/O rate', cmp: (a, b) => ((ioRate(b, 0) || 0) + (ioRate(b, 1) || 0)) - ((ioRate(a, 0) || 0) + (ioRate(a, 1) || 0)) },
    name: { label: 'process name', cmp: (a, b) => String(a.name || '').localeCompare(String(b.name || '')) },
    time: { label: 'process time', cmp: (a, b) => cpuTime(b) - cpuTime(a) },
    // Glances' automatic sort: the hub already sends the list in that order (CPU, or what an ongoing alert needs).
    auto: { label: 'automatic (as the hub sorts)', cmp: () => 0 },
  };

  function cpuTime(p) {
    const t = p.cpu_times || {};
    return (t.user || 0) + (t.system || 0);
  }

  function sortProcesses(key) {
    procSort = key;
    const p = new URLSearchParams(location.search);
    p.set('sort', key);
    history.replaceState(null, '', location.pathname + '?' + p.toString());
    if (stats) render('processlist', processesPanel);
  }

  function sortHeader(label, key, cls) {
    const th = h('th', 'sortable ' + (cls || ''), label);
    th.dataset.sort = key;
    th.title = 'Sort by ' + SORTS[key].label;
    th.tabIndex = 0;
    const sortHere = () => sortProcesses(key);
    th.addEventListener('click', sortHere);
    th.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        sortHere();
      }
    });
    return th;
  }

  // The process table is built once and its rows replaced on each refresh. A header replaced between the press and
  // the release of a click would lose that click (the browser fires none), and the keyboard focus with it.
  let procView = null;

  function processView() {
    if (!procView) {
      const table = list([sortHeader('CPU%', 'cpu'), sortHeader('MEM%', 'mem'), 'VIRT', 'RES', 'PID', h('th', 'l', 'USER'),
        'THR', 'NI', 'S', sortHeader('R/s', 'io'), sortHeader('W/s', 'io'), sortHeader('Command', 'name', 'l')], []);
      const more = h('div', 'more');
      procView = { root: h('div', 'processes', table, more), body: table.querySelector('tbody'), more,
        heads: Array.from(table.querySelectorAll('th[data-sort]')) };
    }
    return procView;
  }

  function processesPanel() {
    const list_ = stats.processlist;
    const count = stats.processcount;
    document.getElementById('processcount').textContent = count
      ? count.total + ' tasks, ' + count.thread + ' threads, ' + count.running + ' running, ' + count.sleeping
        + ' sleeping · sorted by ' + SORTS[procSort].label
      : '';
    if (!Array.isArray(list_)) return null;
    const kept = procFilter ? list_.filter((p) => procFilter.test(processText(p))) : list_;
    const sorted = kept.slice().sort(SORTS[procSort].cmp);
    const shown = sorted.slice(0, MAX_PROCESSES);
    const rows = shown.map((p) => {
      const mi = p.memory_info || {};
      const cmd = Array.isArray(p.cmdline) && p.cmdline.length ? p.cmdline : [p.name];
      const r = ioRate(p, 0);
      const w = ioRate(p, 1);
      const tr = h('tr', '',
        h('td', deco('processlist', 'cpu_percent', String(p.pid)), num(p.cpu_percent, 1)),
        h('td', deco('processlist', 'memory_percent', String(p.pid)), num(p.memory_percent, 1)),
        h('td', '', autoUnit(mi.vms)), h('td', '', autoUnit(mi.rss)),
        h('td', '', p.pid), h('td', 'l', p.username || '?'), h('td', '', p.num_threads == null ? '?' : p.num_threads),
        h('td', '', p.nice == null ? '?' : p.nice), h('td', '', p.status || '?'),
        h('td', '', r == null ? '?' : autoUnit(r)), h('td', '', w == null ? '?' : autoUnit(w)),
        h('td', 'l wide', h('span', 'cmd', cmd[0]), cmd.length > 1 ? h('span', 'cmd-args', ' ' + cmd.slice(1).join(' ')) : null));
      tr.dataset.pid = p.pid;
      tr.dataset.name = p.name || '';
      return tr;
    });
    const view = processView();
    view.heads.forEach((th) => {
      th.classList.toggle('sorted', th.dataset.sort === procSort);
      th.classList.toggle('asc', th.dataset.sort === procSort && procSort === 'name');
    });
    view.body.replaceChildren(...rows);
    view.more.textContent = sorted.length > shown.length ? (sorted.length - shown.length) + ' more processes' : '';
    view.more.hidden = sorted.length <= shown.length;
    return view.root;
  }

  // ---- header

  function header(summary) {
    const sys = stats && stats.system;
    document.getElementById('hr_name').textContent = sys && sys.hr_name ? sys.hr_name : (summary && summary.hr_name) || '';
    const up = stats && stats.uptime;
    document.getElementById('uptime').textContent = typeof up === 'string' ? 'Uptime: ' + up : '';
    if (summary) {
      const s = document.getElementById('status');
      s.textContent = summary.status;
      s.className = 'pill ' + summary.status;
      showGap(summary.gaps);
    }
  }

  /** Samples of this host that never reached the hub: its data has holes, and the page says how many. */
  function showGap(gaps) {
    const el = document.getElementById('gap');
    const missed = (gaps && gaps.missed) || 0;
    const dropped = (gaps && gaps.dropped) || 0;
    el.hidden = missed + dropped === 0;
    el.textContent = 'gap: ' + (missed + dropped) + ' sample' + (missed + dropped === 1 ? '' : 's') + ' lost';
    el.title = missed + ' missed, ' + dropped + ' dropped by the agent';
  }

  function showUpdated() {
    const u = document.getElementById('updated');
    if (failing) {
      // No answer at all is the hub's fault; an error answer is this host's.
      u.textContent = document.body.classList.contains('hub-down') ? 'hub unreachable' : 'host unreachable';
      u.classList.add('stale');
    } else if (lastUpdate) {
      const s = (Date.now() - lastUpdate) / 1000;
      u.textContent = 'updated ' + (s < 10 ? s.toFixed(1) : Math.round(s)) + ' s ago';
      u.classList.remove('stale');
    }
  }

  // ---- refresh loop

  async function getJson(url) {
    const r = await window.FleetglancePage.fetch(url, { cache: 'no-store' });
    if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
    return r.json();
  }

  async function loadViews() {
    if (Date.now() < viewsRetryAt) return;
    try {
      const v = await getJson(API + 'all/views');
      views = v && typeof v === 'object' && !Array.isArray(v) ? v : null;
    } catch (e) {
      // Not served (yet) by this host: no colours; ask again in a while rather than on every refresh.
      views = null;
      viewsRetryAt = Date.now() + 10000;
    }
  }

  async function tick() {
    let summary = null;
    const jobs = [
      getJson(API + 'all').then((s) => { stats = s; failing = false; lastUpdate = Date.now(); },
        () => { failing = true; }),
      loadViews(),
      getJson('../../fleet/summary.json?host=' + encodeURIComponent(hostName))
        .then((s) => { summary = (s.hosts || [])[0] || null; }, () => {}),
      window.FleetglanceCharts.refresh(API),
    ];
    await Promise.allSettled(jobs);
    if (stats) {
      header(summary);
      render('quicklook', quicklook);
      render('cpu', cpuPanel);
      render('mem', memPanel);
      render('memswap', swapPanel);
      render('load', loadPanel);
      render('network', networkPanel);
      render('diskio', diskioPanel);
      render('fs', fsPanel);
      render('sensors', sensorsPanel);
      render('alert', alertPanel);
      render('containers', containersPanel);
      render('processlist', processesPanel);
    } else {
      header(summary);
    }
    showUpdated();
    setTimeout(tick, refreshSeconds * 1000);
  }

  // ---- Glances' WebUI hotkeys: c m p i t a sort the processes, / filters them, h shows the keys

  const HOTKEYS = { c: 'cpu', m: 'mem', p: 'name', i: 'io', t: 'time', a: 'auto' };

  function processText(p) {
    return (p.name || '') + ' ' + (Array.isArray(p.cmdline) ? p.cmdline.join(' ') : '');
  }

  function promptFilter() {
    const current = procFilter ? procFilter.source : '';
    const text = window.prompt('Process filter (a regular expression on the name and command line; empty for none)',
      current);
    if (text == null) return;
    try {
      procFilter = text.trim() ? new RegExp(text.trim(), 'i') : null;
    } catch (e) {
      window.alert('Not a regular expression: ' + e.message);
      return;
    }
    document.getElementById('procfilter').textContent = procFilter ? 'filter: ' + procFilter.source : '';
    if (stats) render('processlist', processesPanel);
  }

  function toggleHelp() {
    const help = document.getElementById('hotkeys');
    help.hidden = !help.hidden;
  }

  function installHotkeys() {
    document.addEventListener('keydown', (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest('input, textarea, select')) return;
      if (HOTKEYS[e.key]) {
        sortProcesses(HOTKEYS[e.key]);
      } else if (e.key === '/') {
        e.preventDefault();
        promptFilter();
      } else if (e.key === 'h') {
        toggleHelp();
      } else if (e.key === 'Escape') {
        document.getElementById('hotkeys').hidden = true;
      }
    });
    document.getElementById('hotkeys').addEventListener('click', toggleHelp);
  }

  installHotkeys();

  // ---- range picker and forgetting the host

  const rangeSelect = document.getElementById('range');
  rangeSelect.value = window.FleetglanceCharts.range();
  rangeSelect.addEventListener('change', () => window.FleetglanceCharts.setRange(API, rangeSelect.value));
  document.getElementById('forget').addEventListener('click', async () => {
    if (!confirm('Forget ' + hostName + '? Its record and all its history leave the hub.')) return;
    const r = await fetch('../../hosts/' + encodeURIComponent(hostName), { method: 'DELETE' });
    if (r.ok) {
      location.href = '../../';
      return;
    }
    let detail = 'HTTP ' + r.status;
    try { detail = (await r.json()).detail || detail; } catch (e) { /* no JSON body */ }
    alert(detail);
  });

  setInterval(showUpdated, 1000);
  tick();
}());
