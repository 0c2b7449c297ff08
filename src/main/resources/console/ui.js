// DOM helpers: elements are built with properties and text nodes, never from HTML strings, so no
// bucket name, key or server message can become markup (and the CSP forbids inline script anyway).

/** h('button', {type: 'submit', onclick: f}, 'Save') */
export function h(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'value' || k === 'checked' || (k in e && typeof v !== 'string')) e[k] = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of kids.flat()) if (c != null && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

const status = () => document.getElementById('status');

/** A message in the live region; errors show the server's Code and Message (AccessDenied as such). */
export function say(text, kind = 'info') {
  const s = status();
  s.replaceChildren(h('p', { class: kind }, text));
}

export function sayError(e) {
  const s = status();
  const what = e.code === 'AccessDenied'
    ? 'Access denied: these credentials may not do this.'
    : e.code ? `${e.code}` : 'Error';
  s.replaceChildren(h('p', { class: 'error', role: 'alert' },
    h('strong', {}, what), e.message && e.message !== e.code ? ' ' + e.message : '',
    e.requestId ? h('span', { class: 'muted' }, ` (request ${e.requestId})`) : ''));
}

export function clearStatus() {
  status().replaceChildren();
}

export function formatSize(n) {
  if (!Number.isFinite(n)) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Runs an async action with its button disabled; errors go to the status line. */
export async function busy(button, action) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (e) {
    sayError(e);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}
