// The cosd web console, first slice (docs/console.md): sign-in, buckets, objects, and the
// versioning and CORS editors. State lives in the URL fragment (#/b/<bucket>/objects?prefix=…),
// which is never sent to the server.
import * as api from './cos.js';
import { secureCrypto } from './qsign.js';
import { h, say, sayError, clearStatus, busy, formatSize, formatTime } from './ui.js';
import { editor, versioning, cors } from './editors.js';
import { lifecycle } from './lifecycle.js';
import { policy } from './policy.js';
import { versionsTable } from './versions.js';
import { replication } from './replication.js';
import { uploadFile } from './upload.js';
import { objectDetails } from './details.js';
import { serverPage } from './server.js';
import { adminPage, userPolicyPage } from './admin.js';

const main = () => document.getElementById('main');

function route() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const i = raw.indexOf('?');
  const q = new URLSearchParams(i < 0 ? '' : raw.slice(i + 1));
  const parts = (i < 0 ? raw : raw.slice(0, i)).split('/').filter(Boolean).map(decodeURIComponent);
  renderHeader();
  if (!api.credentials()) return signInPage();
  if (parts[0] === 'b' && parts[1]) return bucketPage(parts[1], parts[2] || 'objects', q);
  if (parts[0] === 'server') { setTitle('Server'); return serverPage(main()).catch(sayError); }
  if (parts[0] === 'admin' && parts[1] === 'policy' && parts[2]) { setTitle('Identity policy'); return userPolicyPage(main(), parts[2]).catch(sayError); }
  if (parts[0] === 'admin') { setTitle('Admin'); return adminPage(main()).catch(sayError); }
  return bucketsPage();
}

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function renderHeader() {
  const c = api.credentials();
  const nav = document.getElementById('nav');
  nav.replaceChildren(
    c ? h('a', { href: '#/' }, 'Buckets') : null,
    c ? h('a', { href: '#/admin', id: 'nav-admin' }, 'Admin') : null,
    c ? h('a', { href: '#/server', id: 'nav-server' }, 'Server') : null,
    c ? h('span', { class: 'who', title: 'SecretId' }, c.secretId) : null,
    c ? h('button', { type: 'button', id: 'sign-out', onclick: () => { api.signOut(); clearStatus(); go('#/'); } }, 'Sign out') : null);
}

function setTitle(text) {
  document.title = `${text} · cosd console`;
}

// --- sign in ---------------------------------------------------------------------------------

function signInPage() {
  setTitle('Sign in');
  const id = h('input', { id: 'secret-id', name: 'secret-id', autocomplete: 'username', required: true, spellcheck: false });
  const key = h('input', { id: 'secret-key', name: 'secret-key', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', id: 'sign-in', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    h('label', { for: 'secret-id' }, 'SecretId'), id,
    h('label', { for: 'secret-key' }, 'SecretKey'), key,
    submit,
    h('p', { class: 'muted' }, 'The SecretKey stays in this tab (session storage) and is never sent: '
      + 'each request is signed here. Signing out or closing the tab forgets it.'),
    secureCrypto ? null : h('p', { class: 'warn', id: 'insecure' },
      'This page is not a secure context (plain http to a host other than localhost), so the browser offers no WebCrypto: '
      + 'the console signs with its own SHA-1 code instead. The key is still never sent, but anyone on the network path '
      + 'could alter this page; use https or an SSH tunnel to localhost.'));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(submit, async () => {
      api.signIn(id.value, key.value);
      try {
        await api.listBuckets();
      } catch (e) {
        // A sub-user may be refused the bucket list and still use buckets its policies allow.
        if (e.code !== 'AccessDenied') {
          api.signOut();
          throw e;
        }
      }
      clearStatus();
      go('#/');
    });
  });
  main().replaceChildren(form);
  id.focus();
}

// --- buckets ---------------------------------------------------------------------------------

async function bucketsPage() {
  setTitle('Buckets');
  const name = h('input', { id: 'new-bucket', name: 'bucket', required: true, placeholder: 'name-APPID', spellcheck: false,
    pattern: '[a-z0-9.\\-]+', 'aria-describedby': 'new-bucket-help' });
  const ver = h('input', { id: 'new-bucket-versioning', type: 'checkbox' });
  const create = h('button', { type: 'submit', id: 'create-bucket', class: 'primary' }, 'Create bucket');
  const form = h('form', { class: 'inline', 'aria-label': 'Create a bucket' },
    h('label', { for: 'new-bucket' }, 'New bucket'), name,
    h('label', { class: 'check' }, ver, ' Versioning'), create,
    h('p', { id: 'new-bucket-help', class: 'muted' }, 'COS bucket names end in -<APPID> of your account, e.g. photos-1250000000.'));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(create, async () => {
      const b = name.value.trim();
      await api.createBucket(b);
      if (ver.checked) await api.putConfig(b, 'versioning', versioning.serialize({ status: 'Enabled' }));
      say(`Bucket ${b} created${ver.checked ? ' with versioning' : ''}.`, 'ok');
      name.value = '';
      await fillBuckets(table);
    });
  });
  const open = h('input', { id: 'open-bucket', name: 'open-bucket', placeholder: 'bucket name', spellcheck: false, required: true });
  const openForm = h('form', { class: 'inline', 'aria-label': 'Open a bucket by name' },
    h('label', { for: 'open-bucket' }, 'Open a bucket by name'), open, h('button', { type: 'submit' }, 'Open'));
  openForm.addEventListener('submit', ev => {
    ev.preventDefault();
    go(`#/b/${encodeURIComponent(open.value.trim())}/objects`);
  });
  const table = h('div', { id: 'buckets' }, h('p', { class: 'muted' }, 'Loading…'));
  main().replaceChildren(h('h1', {}, 'Buckets'), form, table, openForm);
  await fillBuckets(table);
}

async function fillBuckets(box) {
  let buckets;
  try {
    buckets = await api.listBuckets();
  } catch (e) {
    box.replaceChildren(h('p', { class: 'error' }, e.code === 'AccessDenied'
      ? 'Access denied: these credentials may not list buckets. Open one by name below.'
      : `${e.code}: ${e.message}`));
    return;
  }
  if (!buckets.length) {
    box.replaceChildren(h('p', { class: 'empty' }, 'No buckets yet. Create one above.'));
    return;
  }
  box.replaceChildren(h('table', {},
    h('thead', {}, h('tr', {}, ['Name', 'Region', 'Versioning', 'Objects', 'Size', 'Created'].map(x => h('th', { class: WIDE_ONLY.has(x) ? 'wide-only' : null }, x)),
      h('th', {}, h('span', { class: 'sr' }, 'Actions')))),
    h('tbody', {}, buckets.map(b => h('tr', { dataset: { bucket: b.name } },
      h('td', {}, h('a', { href: `#/b/${encodeURIComponent(b.name)}/objects` }, b.name)),
      h('td', { class: 'wide-only' }, b.region || ''),
      h('td', { class: 'versioning wide-only' }, '…'), h('td', { class: 'count num' }, '…'), h('td', { class: 'size num' }, '…'),
      h('td', { class: 'wide-only' }, formatTime(b.created)),
      h('td', {}, h('button', { type: 'button', class: 'danger small', 'aria-label': `Delete bucket ${b.name}`,
        onclick: ev => busy(ev.currentTarget, async () => {
          if (!confirm(`Delete bucket ${b.name}? It must be empty.`)) return;
          await api.deleteBucket(b.name);
          say(`Bucket ${b.name} deleted.`, 'ok');
          await fillBuckets(box);
        }) }, 'Delete')))))));
  fillStats(box, buckets);
}

/** Versioning, object count and size per bucket, one bucket at a time after the table is shown; "—" where refused. */
/** Columns a phone's width leaves out (style.css). */
const WIDE_ONLY = new Set(['Region', 'Versioning', 'Created', 'Last modified']);

async function fillStats(box, buckets) {
  for (const b of buckets) {
    const row = box.querySelector(`tr[data-bucket="${CSS.escape(b.name)}"]`);
    if (!row || !row.isConnected) return;
    const cell = c => row.querySelector(c);
    try {
      const v = api.parseXml(await api.getConfig(b.name, 'versioning') ?? '<V/>');
      cell('.versioning').textContent = v.querySelector('Status')?.textContent || 'Off';
    } catch (e) {
      cell('.versioning').textContent = '—';
      cell('.versioning').title = e.code;
    }
    try {
      const s = await api.bucketStats(b.name);
      cell('.count').textContent = (s.complete ? '' : '≥ ') + s.count.toLocaleString();
      cell('.size').textContent = (s.complete ? '' : '≥ ') + formatSize(s.bytes);
    } catch (e) {
      for (const c of ['.count', '.size']) { cell(c).textContent = '—'; cell(c).title = e.code; }
    }
  }
}

// --- one bucket ------------------------------------------------------------------------------

const TABS = [['objects', 'Objects'], ['versioning', 'Versioning'], ['cors', 'CORS'], ['lifecycle', 'Lifecycle'], ['replication', 'Replication'], ['policy', 'Policy']];

async function bucketPage(bucket, tab, q) {
  setTitle(`${bucket} · ${tab}`);
  const body = h('section', { id: 'tab-body' }, h('p', { class: 'muted' }, 'Loading…'));
  main().replaceChildren(
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Buckets'), ' / ', bucket),
    h('h1', {}, bucket),
    h('nav', { class: 'tabs', 'aria-label': 'Bucket pages' }, TABS.map(([t, label]) =>
      h('a', { href: `#/b/${encodeURIComponent(bucket)}/${t}`, id: `tab-${t}`, 'aria-current': t === tab ? 'page' : null }, label))),
    body);
  try {
    if (tab === 'versioning') await editor(body, bucket, versioning);
    else if (tab === 'cors') await editor(body, bucket, cors);
    else if (tab === 'lifecycle') await editor(body, bucket, lifecycle);
    else if (tab === 'policy') await editor(body, bucket, policy);
    else if (tab === 'replication') await editor(body, bucket, replication);
    else await objectsTab(body, bucket, q.get('prefix') || '', q.get('versions') === '1');
  } catch (e) {
    body.replaceChildren(h('p', { class: 'error' }, e.code === 'AccessDenied' ? 'Access denied: these credentials may not read this.' : `${e.code}: ${e.message}`));
    sayError(e);
  }
}

function prefixLink(bucket, prefix, label, versions) {
  return h('a', { href: `#/b/${encodeURIComponent(bucket)}/objects?prefix=${encodeURIComponent(prefix)}${versions ? '&versions=1' : ''}` }, label);
}

async function objectsTab(box, bucket, prefix, versions) {
  const crumbs = [prefixLink(bucket, '', bucket, versions)];
  let acc = '';
  for (const seg of prefix.split('/').filter(Boolean)) {
    acc += seg + '/';
    crumbs.push(' / ', prefixLink(bucket, acc, seg, versions));
  }
  const toggle = h('a', { id: 'toggle-versions', href: `#/b/${encodeURIComponent(bucket)}/objects?prefix=${encodeURIComponent(prefix)}${versions ? '' : '&versions=1'}` },
    versions ? 'Hide versions' : 'Show versions');
  const files = h('input', { type: 'file', id: 'upload-file', multiple: true });
  const up = h('button', { type: 'submit', id: 'upload', class: 'primary' }, 'Upload');
  const progress = h('ul', { class: 'progress', id: 'upload-progress', 'aria-live': 'polite' });
  const upForm = h('form', { class: 'inline', 'aria-label': 'Upload files' },
    h('label', { for: 'upload-file' }, `Upload to /${prefix}`), files, up);
  const list = h('div', { id: 'objects' });
  const link = h('div', { id: 'link-panel' });
  upForm.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(up, async () => {
      for (const file of files.files) {
        const bar = h('progress', { max: file.size || 1, value: 0 });
        const item = h('li', {}, `${file.name} `, bar, h('span', { class: 'pct' }, ' 0%'));
        progress.append(item);
        await uploadFile(bucket, prefix + file.name, file, (done, total) => {
          bar.max = total;
          bar.value = done;
          item.querySelector('.pct').textContent = ` ${Math.floor((100 * done) / total)}%`;
        }, note => item.append(h('span', { class: 'muted note' }, ` (${note})`))).catch(e => {
          item.querySelector('.pct').textContent = ` failed: ${e.code}`;
          item.classList.add('failed');
          throw e;
        });
        item.querySelector('.pct').textContent = ' done';
        item.classList.add('done');
      }
      files.value = '';
      say('Upload finished.', 'ok');
      await (versions ? route() : page(null, true));
    });
  });
  box.replaceChildren(h('p', { class: 'crumbs', 'aria-label': 'Prefix' }, crumbs, ' · ', toggle), upForm, progress, link, list);
  if (versions) return versionsTable(list, bucket, prefix, (p, label) => prefixLink(bucket, p, label, true));

  const tbody = h('tbody');
  const more = h('button', { type: 'button', id: 'more', hidden: true }, 'Load more');
  let rows = 0;
  const page = async (marker, reset) => {
    if (reset) { tbody.replaceChildren(); rows = 0; }
    const r = await api.listObjects(bucket, prefix, marker);
    for (const p of r.prefixes) {
      tbody.append(h('tr', {}, h('td', {}, prefixLink(bucket, p, p.slice(prefix.length))), h('td', {}, 'folder'), h('td', { class: 'wide-only' }), h('td')));
    }
    for (const o of r.objects) tbody.append(objectRow(bucket, prefix, o, link, () => page(null, true)));
    rows += r.prefixes.length + r.objects.length;
    more.hidden = !r.next;
    more.onclick = () => busy(more, () => page(r.next, false));
    if (!rows) list.replaceChildren(h('p', { class: 'empty' }, prefix ? 'Nothing under this prefix.' : 'This bucket is empty. Upload a file above.'));
    else list.replaceChildren(h('table', {}, h('thead', {}, h('tr', {},
      h('th', {}, 'Name'), h('th', {}, 'Size'), h('th', { class: 'wide-only' }, 'Last modified'), h('th', {}, h('span', { class: 'sr' }, 'Actions')))), tbody), more);
  };
  await page(null, true);
}

function objectRow(bucket, prefix, o, linkPanel, reload) {
  const name = o.key.slice(prefix.length);
  const download = async ev => busy(ev.currentTarget, async () => {
    const fileName = name.replace(/"/g, '');
    const url = await api.presign('GET', bucket, o.key, 300, { 'response-content-disposition': `attachment; filename="${fileName}"` });
    const a = h('a', { href: url, download: fileName, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
  });
  const share = ev => {
    const expiry = h('select', { id: 'link-expiry', 'aria-label': 'Link expires after' },
      [['300', '5 minutes'], ['3600', '1 hour'], ['86400', '1 day'], ['604800', '7 days']].map(([v, l]) => h('option', { value: v }, l)));
    const out = h('input', { id: 'link-url', readOnly: true, 'aria-label': 'Presigned link', class: 'wide' });
    const make = h('button', { type: 'button', id: 'link-make' }, 'Make link');
    make.addEventListener('click', () => busy(make, async () => {
      out.value = await api.presign('GET', bucket, o.key, Number(expiry.value));
      out.select();
    }));
    linkPanel.replaceChildren(h('div', { class: 'card' }, h('h2', {}, `Presigned link to ${o.key}`),
      h('p', { class: 'muted' }, 'Anyone with the link can download the object until it expires; it is signed with your key here.'),
      expiry, ' ', make, out));
    make.focus();
  };
  const del = ev => busy(ev.currentTarget, async () => {
    if (!confirm(`Delete ${o.key}?`)) return;
    await api.deleteObject(bucket, o.key);
    say(`${o.key} deleted.`, 'ok');
    await reload();
  });
  return h('tr', { dataset: { key: o.key } },
    h('td', {}, name), h('td', {}, formatSize(o.size)), h('td', { class: 'wide-only' }, formatTime(o.modified)),
    h('td', { class: 'row-actions' },
      h('button', { type: 'button', class: 'small', 'aria-label': `Details of ${o.key}`,
        onclick: ev => busy(ev.currentTarget, () => objectDetails(linkPanel, bucket, o.key)) }, 'Details'),
      h('button', { type: 'button', class: 'small', 'aria-label': `Download ${o.key}`, onclick: download }, 'Download'),
      h('button', { type: 'button', class: 'small', 'aria-label': `Link to ${o.key}`, onclick: share }, 'Link'),
      h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete ${o.key}`, onclick: del }, 'Delete')));
}

window.addEventListener('hashchange', () => {
  clearStatus();
  route();
});
route();
