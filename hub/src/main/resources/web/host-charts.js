// History charts of the host page: each plugin's history from api/4/<plugin>/history, fetched whole once and then
// only its last points, merged by time, drawn with uPlot. A plugin the host does not serve shows "no data".
// The range picker (15 min ... 1 y) draws api/4/<plugin>/history/range instead, from the store's tiers.
(function () {
  'use strict';

  const KEEP = 300; // points per chart: 10 minutes at Glances' default period
  const COLORS = ['#56b6c2', '#e5c07b', '#c678dd', '#98c379'];

  /**
   * Each chart: the plugin whose history it draws, and its lines, each either one series by name or the sum of the
   * series whose name matches (network and diskio keep one series per interface or disk).
   */
  const CHARTS = [
    { id: 'cpu', plugin: 'cpu', max: 100, unit: '%', lines: [{ label: 'user', series: 'user' },
      { label: 'system', series: 'system' }] },
    { id: 'mem', plugin: 'mem', max: 100, unit: '%', lines: [{ label: 'used', series: 'percent' }] },
    { id: 'load', plugin: 'load', lines: [{ label: '1m', series: 'min1' }, { label: '5m', series: 'min5' },
      { label: '15m', series: 'min15' }] },
    { id: 'network', plugin: 'network', scale: 8, unit: 'b', bytes: true, lines: [
      { label: 'rx', match: /_bytes_recv_rate_per_sec$/, skip: /^lo_/ },
      { label: 'tx', match: /_bytes_sent_rate_per_sec$/, skip: /^lo_/ }] },
    { id: 'diskio', plugin: 'diskio', unit: 'B', bytes: true, lines: [
      { label: 'read', match: /_read_bytes_rate_per_sec$/ },
      { label: 'write', match: /_write_bytes_rate_per_sec$/ }] },
  ];

  /** Glances' auto_unit: 1024-based K, M, G... with 2, 1 or 0 decimals. */
  function autoUnit(n) {
    if (typeof n !== 'number' || !isFinite(n)) return '–';
    const symbols = ['Y', 'Z', 'E', 'P', 'T', 'G', 'M', 'K'];
    for (let i = 0; i < symbols.length; i++) {
      const prefix = Math.pow(1024, symbols.length - i);
      const v = n / prefix;
      if (v > 1) return v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0) + symbols[i];
    }
    return String(Math.round(n));
  }

  function tsSeconds(iso) {
    return Date.parse(iso) / 1000;
  }

  /** One chart: its merged points (series name -> Map(bucket -> value)) and its uPlot once there is data. */
  function Chart(def) {
    this.def = def;
    this.panel = document.getElementById('chart-' + def.id);
    this.plotEl = this.panel.querySelector('.plot');
    this.legendEl = this.panel.querySelector('.legend');
    this.points = new Map();
    this.loaded = false;
    this.fetchedAt = 0;
    this.plot = null;
    this.noData = null;
  }

  Chart.prototype.merge = function (history) {
    Object.keys(history || {}).forEach((name) => {
      const pts = history[name];
      if (!Array.isArray(pts)) return;
      let m = this.points.get(name);
      if (!m) { m = new Map(); this.points.set(name, m); }
      pts.forEach((p) => {
        if (typeof p[1] !== 'number') return;
        // Series of one update differ by microseconds in Glances: align them on 10 ms.
        m.set(Math.round(tsSeconds(p[0]) * 100) / 100, p[1]);
      });
      if (m.size > KEEP * 2) {
        const keys = Array.from(m.keys()).sort((a, b) => a - b);
        keys.slice(0, keys.length - KEEP).forEach((k) => m.delete(k));
      }
    });
  };

  /** uPlot's columns: x (seconds) and one array per line, null where a line has no point at that time. */
  Chart.prototype.data = function () {
    const xs = new Set();
    const lines = this.def.lines.map((line) => {
      const names = line.series ? [line.series]
        : Array.from(this.points.keys()).filter((n) => line.match.test(n) && !(line.skip && line.skip.test(n)));
      names.forEach((n) => (this.points.get(n) || new Map()).forEach((v, t) => xs.add(t)));
      return names;
    });
    const x = Array.from(xs).sort((a, b) => a - b).slice(-KEEP);
    const scale = this.def.scale || 1;
    const ys = lines.map((names) => x.map((t) => {
      let sum = null;
      names.forEach((n) => {
        const v = (this.points.get(n) || new Map()).get(t);
        if (typeof v === 'number') sum = (sum || 0) + v * scale;
      });
      return sum;
    }));
    return [x].concat(ys);
  };

  /** A value as the legend shows it: 12.3%, 0.52, 1.21Mb. */
  Chart.prototype.format = function (v) {
    if (v == null) return '–';
    if (this.def.bytes) return autoUnit(v) + this.def.unit;
    return (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(this.def.unit === '%' ? 1 : 2)) + (this.def.unit || '');
  };

  /** An axis tick: coarser than the legend (0%, 50%, 100%; 0.5, 1.0). */
  Chart.prototype.tick = function (v) {
    if (this.def.bytes) return v === 0 ? '0' : autoUnit(v) + this.def.unit;
    if (this.def.unit === '%') return v.toFixed(0) + '%';
    return v >= 10 ? v.toFixed(0) : v.toFixed(1);
  };

  Chart.prototype.showNoData = function (on) {
    if (on && !this.noData) {
      this.noData = document.createElement('div');
      this.noData.className = 'nodata';
      this.noData.textContent = 'no data';
      this.plotEl.append(this.noData);
    } else if (!on && this.noData) {
      this.noData.remove();
      this.noData = null;
    }
    if (this.plot) this.plot.root.style.visibility = on ? 'hidden' : '';
  };

  Chart.prototype.options = function () {
    const axis = {
      stroke: '#8a96a3',
      grid: { stroke: '#232b33', width: 1 },
      ticks: { stroke: '#2a333d', width: 1 },
      font: '10px ui-monospace, DejaVu Sans Mono, monospace',
    };
    const max = this.def.max;
    return {
      width: Math.max(120, this.plotEl.clientWidth),
      height: this.plotEl.clientHeight || 150,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      scales: {
        x: { time: true },
        // Byte rates get at least 1 KiB of height, so that an idle link draws 0, 256, 512... and not 0, 0, 0.
        y: { range: (u, lo, hi) => [0, max || Math.max(hi || 0, this.def.bytes ? 1024 : 0.01) * 1.15] },
      },
      axes: [
        Object.assign({}, axis, { space: 60 }),
        Object.assign({}, axis, { size: 52, values: (u, vals) => vals.map((v) => this.tick(v)) }),
      ],
      series: [{}].concat(this.def.lines.map((line, i) => ({
        label: line.label,
        stroke: COLORS[i],
        width: 1.5,
        fill: i === 0 ? COLORS[i] + '22' : undefined,
        points: { show: false },
        spanGaps: false,
      }))),
    };
  };

  Chart.prototype.draw = function () {
    const data = this.data();
    const empty = data[0].length === 0 || data.slice(1).every((ys) => ys.every((v) => v == null));
    if (!empty) {
      if (!this.plot) this.plot = new uPlot(this.options(), data, this.plotEl);
      else this.plot.setData(data);
    }
    this.showNoData(empty);
    this.legendEl.replaceChildren();
    if (!empty) {
      this.def.lines.forEach((line, i) => {
        const ys = data[i + 1];
        let last = null;
        for (let k = ys.length - 1; k >= 0 && last == null; k--) last = ys[k];
        const span = document.createElement('span');
        const sw = document.createElement('i');
        sw.style.background = COLORS[i];
        span.append(sw, line.label + ' ' + this.format(last));
        this.legendEl.append(span);
      });
    }
  };

  Chart.prototype.resize = function () {
    if (this.plot) this.plot.setSize({ width: Math.max(120, this.plotEl.clientWidth), height: this.plotEl.clientHeight || 150 });
  };

  /** A longer range from the store's tiers (api/4/<plugin>/history/range): the average of each bucket is drawn. */
  Chart.prototype.refreshRange = async function (api, seconds) {
    if (this.loaded && this.range === seconds && Date.now() - this.fetchedAt < 10000) return;
    const started = Date.now();
    const to = started / 1000;
    try {
      const r = await fetch(api + this.def.plugin + '/history/range?from=' + (to - seconds).toFixed(0) + '&to='
        + to.toFixed(0) + '&points=' + KEEP, { cache: 'no-store' });
      if (!r.ok) throw new Error('HTTP ' + r.status);
      const body = await r.json();
      const avg = {};
      Object.keys(body.series || {}).forEach((n) => { avg[n] = body.series[n].map((p) => [p[0], p[1]]); });
      this.points = new Map();
      this.merge(avg);
      this.loaded = true;
      this.range = seconds;
      this.fetchedAt = started;
    } catch (e) {
      this.loaded = false;
    }
    this.draw();
  };

  /** Fetches the plugin's history (all of it the first time, then the last few points) and redraws. */
  Chart.prototype.refresh = async function (api) {
    if (range) return this.refreshRange(api, range);
    if (this.range) {
      // back from a long range to the live window: start over
      this.range = null;
      this.loaded = false;
      this.points = new Map();
    }
    // After the first fetch, enough points to cover the time since the last one at up to 5 samples a second.
    const nb = this.loaded ? Math.min(KEEP, 5 + Math.ceil((Date.now() - this.fetchedAt) / 200)) : KEEP;
    const started = Date.now();
    try {
      const r = await fetch(api + this.def.plugin + '/history/' + nb, { cache: 'no-store' });
      if (!r.ok) throw new Error('HTTP ' + r.status);
      this.merge(await r.json());
      this.loaded = true;
      this.fetchedAt = started;
    } catch (e) {
      // An absent plugin answers 400: it keeps showing "no data" and is asked again next time.
      this.loaded = false;
    }
    this.draw();
  };

  /** The range picker's choice in seconds, null for the live window (Glances' own history). */
  const RANGES = { '15m': 900, '1h': 3600, '6h': 21600, '24h': 86400, '7d': 604800, '30d': 2592000, '1y': 31536000 };
  let range = RANGES[new URLSearchParams(location.search).get('range')] || null;

  const charts = CHARTS.map((def) => new Chart(def));
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => charts.forEach((c) => c.resize()), 100);
  });

  window.FleetglanceCharts = {
    refresh: (api) => Promise.allSettled(charts.map((c) => c.refresh(api))),
    /** Chooses the charts' range ('live', '15m' ... '1y'), kept in the URL's ?range=. */
    setRange: (api, name) => {
      range = RANGES[name] || null;
      const p = new URLSearchParams(location.search);
      if (range) p.set('range', name); else p.delete('range');
      history.replaceState(null, '', location.pathname + (p.toString() ? '?' + p.toString() : ''));
      charts.forEach((c) => { c.loaded = false; });
      return Promise.allSettled(charts.map((c) => c.refresh(api)));
    },
    range: () => Object.keys(RANGES).find((k) => RANGES[k] === range) || 'live',
    autoUnit,
  };
}());
