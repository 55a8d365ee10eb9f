// What both pages share: the colour theme (the system's, or the one chosen with the toggle, remembered), and the
// "hub unreachable" state: when the hub stops answering, every status pill and badge turns grey (what they show is
// no longer known) under a banner saying since when.
(function () {
  'use strict';

  const THEME_KEY = 'fleetglance.theme';
  const root = document.documentElement;

  function storedTheme() {
    try {
      const t = localStorage.getItem(THEME_KEY);
      return t === 'light' || t === 'dark' ? t : null;
    } catch (e) {
      return null;
    }
  }

  function systemTheme() {
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  }

  function applyTheme() {
    root.dataset.theme = storedTheme() || systemTheme();
  }

  // Before the first paint: this script is loaded in <head>.
  applyTheme();
  if (window.matchMedia) {
    window.matchMedia('(prefers-color-scheme: light)').addEventListener('change', applyTheme);
  }

  function themeToggle() {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = 'theme-toggle';
    b.className = 'theme-toggle';
    const label = () => {
      const next = root.dataset.theme === 'light' ? 'dark' : 'light';
      b.textContent = next === 'light' ? '☀' : '☾';
      b.title = 'Switch to the ' + next + ' theme';
      b.setAttribute('aria-label', b.title);
    };
    b.addEventListener('click', () => {
      const next = root.dataset.theme === 'light' ? 'dark' : 'light';
      try {
        localStorage.setItem(THEME_KEY, next);
      } catch (e) {
        // private mode: the choice holds for this page only
      }
      root.dataset.theme = next;
      label();
    });
    label();
    return b;
  }

  let unreachableSince = null;

  function banner() {
    let b = document.getElementById('hub-down');
    if (!b) {
      b = document.createElement('div');
      b.id = 'hub-down';
      b.className = 'hub-down-banner';
      b.setAttribute('role', 'alert');
      b.hidden = true;
      document.body.prepend(b);
    }
    return b;
  }

  /** The hub answered (any HTTP answer, even an error: it is up). */
  function hubReached() {
    unreachableSince = null;
    document.body.classList.remove('hub-down');
    banner().hidden = true;
  }

  /** A request to the hub failed at the network level: no answer at all. */
  function hubFailed() {
    if (unreachableSince == null) unreachableSince = new Date();
    document.body.classList.add('hub-down');
    const b = banner();
    b.textContent = 'Hub unreachable since ' + unreachableSince.toLocaleTimeString()
      + ': what this page shows is no longer current.';
    b.hidden = false;
  }

  /** fetch() that reports whether the hub answered. */
  async function fetchFromHub(url, options) {
    let r;
    try {
      r = await fetch(url, options);
    } catch (e) {
      hubFailed();
      throw e;
    }
    hubReached();
    return r;
  }

  document.addEventListener('DOMContentLoaded', () => {
    const bar = document.querySelector('header.bar');
    if (bar) bar.append(themeToggle());
    banner();
  });

  window.FleetglancePage = { fetch: fetchFromHub, hubReached, hubFailed };
}());
