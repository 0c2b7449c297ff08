// Bucket configuration editors: a form and the raw XML, both saved with the PUT the SDKs send
// (docs/console.md "Editors"). The server validates; its message names the element (api.xml.XmlProblem,
// e.g. "CORSRule/AllowedMethod"), and the form marks the fields of that element.
import * as api from './cos.js';
import { h, say, sayError, clearStatus, busy } from './ui.js';

/**
 * spec: {sub, title, help, empty, parse(doc) → model, serialize(model) → text, form(model) → {el, value()},
 *        deletable, json (the raw text is JSON, not XML), extra(model) → what the form cannot show, after(box, bucket),
 *        store: {load() → text|null, save(text), remove()} for a document that is not a bucket sub-resource
 *        (a sub-user's identity policy, admin.js); default the bucket's ?<sub>}
 * A document holding elements the form does not model opens as raw text, so saving never drops them.
 */
export async function editor(main, bucket, spec) {
  const rawName = spec.json ? 'JSON' : 'XML';
  const read = text => (spec.json ? spec.parse(parseJson(text)) : spec.parse(api.parseXml(text)));
  const store = spec.store || {
    load: () => api.getConfig(bucket, spec.sub),
    save: doc => api.putConfig(bucket, spec.sub, doc, spec.json ? 'application/json' : 'application/xml'),
    remove: () => api.deleteConfig(bucket, spec.sub),
  };
  const saved = await store.load();
  let model = saved == null ? spec.empty() : read(saved);
  const extra = spec.extra ? spec.extra(model) : [];
  let mode = extra.length ? 'xml' : 'form';
  let form = spec.form(model);
  const raw = h('textarea', { id: `${spec.sub}-xml`, class: 'xml', rows: 14, spellcheck: false, 'aria-label': `${spec.title} ${rawName}` });
  raw.value = saved ?? spec.serialize(model);
  const body = h('div', { class: 'editor-body' }, mode === 'form' ? form.el : raw);
  const tabForm = h('button', { type: 'button', role: 'tab', 'aria-selected': String(mode === 'form'), id: `${spec.sub}-mode-form` }, 'Form');
  const tabXml = h('button', { type: 'button', role: 'tab', 'aria-selected': String(mode === 'xml'), id: `${spec.sub}-mode-xml` }, rawName);
  const show = m => {
    if (m === mode) return;
    if (m === 'xml') {
      raw.value = spec.serialize(form.value());
      body.replaceChildren(raw);
    } else {
      try {
        model = read(raw.value);
      } catch (e) {
        sayError(e);
        return;
      }
      const more = spec.extra ? spec.extra(model) : [];
      if (more.length) {
        say(`The form cannot show ${more.join(', ')}; edit this document as ${rawName}.`, 'error');
        return;
      }
      form = spec.form(model);
      body.replaceChildren(form.el);
    }
    mode = m;
    tabForm.setAttribute('aria-selected', String(m === 'form'));
    tabXml.setAttribute('aria-selected', String(m === 'xml'));
  };
  tabForm.addEventListener('click', () => show('form'));
  tabXml.addEventListener('click', () => show('xml'));
  const save = h('button', { type: 'submit', id: `${spec.sub}-save`, class: 'primary' }, 'Save');
  const del = spec.deletable
    ? h('button', { type: 'button', id: `${spec.sub}-delete`, class: 'danger' }, `Delete ${spec.title} configuration`)
    : null;
  const state = h('p', { class: 'muted', id: `${spec.sub}-state` }, saved == null ? `No ${spec.title} configuration yet.`
    : extra.length ? `Saved configuration loaded as ${rawName}: the form cannot show ${extra.join(', ')}.` : 'Saved configuration loaded.');
  const f = h('form', { class: 'editor', 'aria-label': `${spec.title} editor` },
    h('div', { role: 'tablist' }, tabForm, tabXml), body, h('div', { class: 'actions' }, save, del));
  f.addEventListener('submit', async ev => {
    ev.preventDefault();
    f.querySelectorAll('[aria-invalid]').forEach(x => x.removeAttribute('aria-invalid'));
    const doc = mode === 'xml' ? raw.value : spec.serialize(form.value());
    state.textContent = 'Saving…';
    await busy(save, async () => {
      try {
        await store.save(doc);
      } catch (e) {
        markFields(f, e.message || '');
        state.textContent = 'Not saved.';
        throw e;
      }
      clearStatus();
      say(`${spec.title} configuration saved.`, 'ok');
      state.textContent = 'Saved.';
    });
  });
  del?.addEventListener('click', () => busy(del, async () => {
    if (!confirm(`Delete the ${spec.title} configuration${bucket ? ' of ' + bucket : ''}?`)) return;
    await store.remove();
    say(`${spec.title} configuration deleted.`, 'ok');
    model = spec.empty();
    form = spec.form(model);
    raw.value = spec.serialize(model);
    mode = 'xml';
    show('form');
    state.textContent = `No ${spec.title} configuration.`;
  }));
  main.replaceChildren(h('p', { class: 'help' }, spec.help), state, f);
  if (spec.after) spec.after(main, bucket);
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new api.ApiError(0, 'MalformedPolicy', 'Not valid JSON: ' + e.message);
  }
}

/** Names of child elements (by path) that a schema does not list, or lists as single but occur more than once. */
export function unknownElements(el, schema, path = '') {
  const out = [];
  const seen = {};
  for (const c of el.children) {
    const name = c.localName, p = path ? `${path}/${name}` : name;
    if (!(name in schema)) { out.push(p); continue; }
    seen[name] = (seen[name] || 0) + 1;
    const sub = schema[name];
    if (sub !== '*' && !sub.many && seen[name] === 2) out.push(`a second ${p}`);
    if (sub && typeof sub === 'object') out.push(...unknownElements(c, sub.children || {}, p));
  }
  return out;
}

/** Marks the form fields whose element the server's message names (e.g. "CORSRule/AllowedMethod"). */
function markFields(form, message) {
  let first = null;
  for (const field of form.querySelectorAll('[data-element]')) {
    if (new RegExp(`\\b${field.dataset.element}\\b`).test(message)) {
      field.setAttribute('aria-invalid', 'true');
      first ??= field;
    }
  }
  first?.focus();
}

// --- versioning ------------------------------------------------------------------------------

export const versioning = {
  sub: 'versioning', title: 'Versioning', deletable: false,
  help: 'Enabled keeps every version of every object; Suspended stops making new versions and keeps the old ones. '
    + 'A bucket that has had versioning cannot go back to never having had it.',
  empty: () => ({ status: '' }),
  parse: doc => ({ status: api.childText(doc.documentElement, 'Status') || '' }),
  serialize: m => `<VersioningConfiguration>${api.el('Status', m.status || 'Suspended')}</VersioningConfiguration>`,
  form(m) {
    const radio = (value, label) => h('label', {},
      h('input', { type: 'radio', name: 'versioning-status', value, checked: m.status === value, dataset: { element: 'Status' } }), ' ', label);
    const el = h('fieldset', {}, h('legend', {}, 'Status'),
      m.status === '' ? h('p', { class: 'muted' }, 'Never enabled on this bucket.') : null,
      radio('Enabled', 'Enabled'), radio('Suspended', 'Suspended'));
    return { el, value: () => ({ status: el.querySelector('input:checked')?.value || '' }) };
  },
};

// --- CORS ------------------------------------------------------------------------------------

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];
export const lines = s => s.split('\n').map(x => x.trim()).filter(Boolean);

const CORS_SCHEMA = { CORSRule: { many: true, children: {
  ID: {}, AllowedOrigin: { many: true }, AllowedMethod: { many: true }, AllowedHeader: { many: true },
  ExposeHeader: { many: true }, MaxAgeSeconds: {} } }, ResponseVary: {} };

export const cors = {
  sub: 'cors', title: 'CORS', deletable: true,
  extra: m => m.extra || [],
  help: 'Which web pages on other origins may call this bucket from a browser (docs/cors.md). '
    + 'One value per line; an origin may hold one *.',
  empty: () => ({ rules: [], vary: '' }),
  parse: doc => ({
    extra: unknownElements(doc.documentElement, CORS_SCHEMA),
    vary: api.childText(doc.documentElement, 'ResponseVary') ?? '',
    rules: api.children(doc.documentElement, 'CORSRule').map(r => ({
      id: api.childText(r, 'ID') || '',
      origins: api.children(r, 'AllowedOrigin').map(e => e.textContent),
      methods: api.children(r, 'AllowedMethod').map(e => e.textContent),
      headers: api.children(r, 'AllowedHeader').map(e => e.textContent),
      expose: api.children(r, 'ExposeHeader').map(e => e.textContent),
      maxAge: api.childText(r, 'MaxAgeSeconds') || '',
    })),
  }),
  serialize: m => '<CORSConfiguration>' + m.rules.map(r => api.el('CORSRule', [
    api.el('ID', r.id),
    ...r.origins.map(o => api.el('AllowedOrigin', o)),
    ...r.methods.map(o => api.el('AllowedMethod', o)),
    ...r.headers.map(o => api.el('AllowedHeader', o)),
    ...r.expose.map(o => api.el('ExposeHeader', o)),
    api.el('MaxAgeSeconds', r.maxAge),
  ])).join('') + api.el('ResponseVary', m.vary) + '</CORSConfiguration>',
  form(m) {
    const list = h('div', { class: 'rules' });
    const add = r => {
      const n = list.children.length + 1;
      const area = (label, element, values) => h('label', {}, label,
        h('textarea', { rows: 2, name: element, dataset: { element }, value: values.join('\n') }));
      const fs = h('fieldset', { class: 'rule' }, h('legend', {}, `Rule ${n}`),
        h('label', {}, 'ID', h('input', { name: 'ID', dataset: { element: 'ID' }, value: r.id })),
        area('Allowed origins', 'AllowedOrigin', r.origins),
        h('fieldset', { class: 'methods', dataset: { element: 'AllowedMethod' } }, h('legend', {}, 'Allowed methods'),
          METHODS.map(x => h('label', {}, h('input', { type: 'checkbox', name: 'AllowedMethod', value: x, checked: r.methods.includes(x) }), ' ', x))),
        area('Allowed headers', 'AllowedHeader', r.headers),
        area('Exposed headers', 'ExposeHeader', r.expose),
        h('label', {}, 'Max age (seconds)', h('input', { name: 'MaxAgeSeconds', type: 'number', min: 0, dataset: { element: 'MaxAgeSeconds' }, value: r.maxAge })),
        h('button', { type: 'button', class: 'danger small', onclick: () => fs.remove() }, `Remove rule ${n}`));
      list.append(fs);
    };
    m.rules.forEach(add);
    const vary = h('select', { id: 'cors-vary', dataset: { element: 'ResponseVary' } },
      [['', '(not set)'], ['true', 'true'], ['false', 'false']].map(([v, l]) => h('option', { value: v, selected: m.vary === v }, l)));
    const el = h('div', {}, list, h('label', { class: 'check' }, 'ResponseVary (Vary: Origin on every answer) ', vary), ' ',
      h('button', { type: 'button', id: 'cors-add-rule', onclick: () => add({ id: '', origins: [], methods: ['GET'], headers: [], expose: [], maxAge: '' }) }, 'Add rule'));
    const value = () => ({
      rules: Array.from(list.children).map(fs => ({
        id: fs.querySelector('[name=ID]').value.trim(),
        origins: lines(fs.querySelector('[name=AllowedOrigin]').value),
        methods: Array.from(fs.querySelectorAll('[name=AllowedMethod]:checked')).map(c => c.value),
        headers: lines(fs.querySelector('[name=AllowedHeader]').value),
        expose: lines(fs.querySelector('[name=ExposeHeader]').value),
        maxAge: fs.querySelector('[name=MaxAgeSeconds]').value.trim(),
      })),
      vary: vary.value,
    });
    return { el, value };
  },
};

