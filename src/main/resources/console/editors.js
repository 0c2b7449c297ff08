// Bucket configuration editors: a form and the raw XML, both saved with the PUT the SDKs send
// (docs/console.md "Editors"). The server validates; its message names the element (api.xml.XmlProblem,
// e.g. "CORSRule/AllowedMethod"), and the form marks the fields of that element.
import * as api from './cos.js';
import { h, say, sayError, clearStatus, busy } from './ui.js';

/**
 * spec: {sub, title, help, empty, parse(doc) → model, serialize(model) → text, form(model) → {el, value()},
 *        deletable, json (the raw text is JSON, not XML), extra(model) → what the form cannot show, after(box, bucket)}
 * A document holding elements the form does not model opens as raw text, so saving never drops them.
 */
export async function editor(main, bucket, spec) {
  const rawName = spec.json ? 'JSON' : 'XML';
  const read = text => (spec.json ? spec.parse(parseJson(text)) : spec.parse(api.parseXml(text)));
  const saved = await api.getConfig(bucket, spec.sub);
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
        await api.putConfig(bucket, spec.sub, doc, spec.json ? 'application/json' : 'application/xml');
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
    if (!confirm(`Delete the ${spec.title} configuration of ${bucket}?`)) return;
    await api.deleteConfig(bucket, spec.sub);
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
const lines = s => s.split('\n').map(x => x.trim()).filter(Boolean);

const CORS_SCHEMA = { CORSRule: { many: true, children: {
  ID: {}, AllowedOrigin: { many: true }, AllowedMethod: { many: true }, AllowedHeader: { many: true },
  ExposeHeader: { many: true }, MaxAgeSeconds: {} } } };

export const cors = {
  sub: 'cors', title: 'CORS', deletable: true,
  extra: m => m.extra || [],
  help: 'Which web pages on other origins may call this bucket from a browser (docs/cors.md). '
    + 'One value per line; an origin may hold one *.',
  empty: () => ({ rules: [] }),
  parse: doc => ({
    extra: unknownElements(doc.documentElement, CORS_SCHEMA),
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
  ])).join('') + '</CORSConfiguration>',
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
    const el = h('div', {}, list,
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
    });
    return { el, value };
  },
};

// --- lifecycle -------------------------------------------------------------------------------

const LC_SCHEMA = { Rule: { many: true, children: {
  ID: {}, Status: {}, Filter: { children: { Prefix: {} } }, Prefix: {},
  Transition: { children: { Days: {}, StorageClass: {} } },
  Expiration: { children: { Days: {} } },
  NoncurrentVersionExpiration: { children: { NoncurrentDays: {} } },
  AbortIncompleteMultipartUpload: { children: { DaysAfterInitiation: {} } } } } };
const CLASSES = ['STANDARD_IA', 'ARCHIVE', 'DEEP_ARCHIVE', 'INTELLIGENT_TIERING', 'MAZ_STANDARD_IA'];
const at = (el, ...path) => path.reduce((e, n) => (e ? api.children(e, n)[0] : null), el)?.textContent ?? '';

export const lifecycle = {
  sub: 'lifecycle', title: 'Lifecycle', deletable: true,
  help: 'Rules that expire objects, move them to colder storage classes, remove noncurrent versions and abort '
    + 'forgotten multipart uploads after a number of days (docs/lifecycle.md). Days count from Beijing midnights, as on COS.',
  empty: () => ({ rules: [] }),
  extra: m => m.extra || [],
  parse: doc => ({
    extra: unknownElements(doc.documentElement, LC_SCHEMA),
    rules: api.children(doc.documentElement, 'Rule').map(r => ({
      id: at(r, 'ID'), status: at(r, 'Status') || 'Enabled', prefix: at(r, 'Filter', 'Prefix') || at(r, 'Prefix'),
      transitionDays: at(r, 'Transition', 'Days'), transitionClass: at(r, 'Transition', 'StorageClass'),
      expirationDays: at(r, 'Expiration', 'Days'), noncurrentDays: at(r, 'NoncurrentVersionExpiration', 'NoncurrentDays'),
      abortDays: at(r, 'AbortIncompleteMultipartUpload', 'DaysAfterInitiation'),
    })),
  }),
  // Element order as the COS SDKs write a rule: ID, Filter, Status, Transition, Expiration, …
  serialize: m => '<LifecycleConfiguration>' + m.rules.map(r => api.el('Rule', [
    api.el('ID', r.id),
    `<Filter>${api.el('Prefix', r.prefix)}</Filter>`,
    api.el('Status', r.status),
    r.transitionDays !== '' || r.transitionClass ? api.el('Transition', [api.el('Days', r.transitionDays), api.el('StorageClass', r.transitionClass)]) : '',
    r.expirationDays !== '' ? api.el('Expiration', [api.el('Days', r.expirationDays)]) : '',
    r.noncurrentDays !== '' ? api.el('NoncurrentVersionExpiration', [api.el('NoncurrentDays', r.noncurrentDays)]) : '',
    r.abortDays !== '' ? api.el('AbortIncompleteMultipartUpload', [api.el('DaysAfterInitiation', r.abortDays)]) : '',
  ])).join('') + '</LifecycleConfiguration>',
  form(m) {
    const list = h('div', { class: 'rules' });
    const days = (label, name, element, value) => h('label', {}, label,
      h('input', { type: 'number', min: 0, name, dataset: { element }, value }));
    const add = r => {
      const n = list.children.length + 1;
      const cls = h('select', { name: 'transitionClass', dataset: { element: 'StorageClass' } },
        h('option', { value: '' }, '(none)'), CLASSES.map(c => h('option', { value: c, selected: r.transitionClass === c }, c)));
      const fs = h('fieldset', { class: 'rule' }, h('legend', {}, `Rule ${n}`),
        h('label', {}, 'ID', h('input', { name: 'id', dataset: { element: 'ID' }, value: r.id })),
        h('label', {}, 'Status', h('select', { name: 'status', dataset: { element: 'Status' } },
          ['Enabled', 'Disabled'].map(v => h('option', { value: v, selected: r.status === v }, v)))),
        h('label', {}, 'Key prefix (empty: every object)', h('input', { name: 'prefix', dataset: { element: 'Prefix' }, value: r.prefix })),
        days('Expire current versions after (days)', 'expirationDays', 'Expiration', r.expirationDays),
        days('Transition after (days)', 'transitionDays', 'Transition', r.transitionDays),
        h('label', {}, 'Transition to', cls),
        days('Remove noncurrent versions after (days)', 'noncurrentDays', 'NoncurrentVersionExpiration', r.noncurrentDays),
        days('Abort incomplete multipart uploads after (days)', 'abortDays', 'AbortIncompleteMultipartUpload', r.abortDays),
        h('button', { type: 'button', class: 'danger small', onclick: () => fs.remove() }, `Remove rule ${n}`));
      list.append(fs);
    };
    m.rules.forEach(add);
    const el = h('div', {}, list, h('button', { type: 'button', id: 'lifecycle-add-rule', onclick: () => add({
      id: '', status: 'Enabled', prefix: '', transitionDays: '', transitionClass: '', expirationDays: '', noncurrentDays: '', abortDays: '' }) }, 'Add rule'));
    const v = (fs, name) => fs.querySelector(`[name=${name}]`).value.trim();
    const value = () => ({ rules: Array.from(list.children).map(fs => ({
      id: v(fs, 'id'), status: v(fs, 'status'), prefix: v(fs, 'prefix'), transitionDays: v(fs, 'transitionDays'),
      transitionClass: v(fs, 'transitionClass'), expirationDays: v(fs, 'expirationDays'), noncurrentDays: v(fs, 'noncurrentDays'),
      abortDays: v(fs, 'abortDays') })) });
    return { el, value };
  },
  after: (box, bucket) => box.append(lifecyclePreview(bucket)),
};

/** The dry run of the saved rules (GET /-/admin/lifecycle/preview, docs/lifecycle.md "Dry run"): nothing changes. */
function lifecyclePreview(bucket) {
  const when = h('input', { id: 'preview-at', value: '+30d', 'aria-describedby': 'preview-help', size: 22 });
  const run = h('button', { type: 'submit', id: 'preview-run' }, 'Preview');
  const out = h('div', { id: 'preview-result', 'aria-live': 'polite' });
  const f = h('form', { class: 'card', 'aria-label': 'Lifecycle preview' }, h('h2', {}, 'Preview'),
    h('p', { id: 'preview-help', class: 'muted' }, 'What a pass of the saved rules would do at that time: '
      + '+30d, 2026-12-01 or 2026-12-01T00:00:00Z. Nothing changes. Only the bucket owner\'s root key may ask.'),
    h('div', { class: 'inline' }, h('label', { for: 'preview-at' }, 'At'), when, run), out);
  f.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(run, async () => {
      const r = JSON.parse((await api.call('GET', '-', 'admin/lifecycle/preview',
        { params: { bucket, at: when.value.trim(), 'max-items': '50' } })).text);
      const rows = [];
      for (const rule of r.rules) {
        for (const [action, t] of Object.entries(rule.totals)) {
          rows.push(h('tr', {}, h('td', {}, rule.ruleId), h('td', {}, action), h('td', {}, String(t.count)), h('td', {}, formatBytes(t.bytes))));
        }
      }
      const items = r.rules.flatMap(rule => rule.items.map(i => h('li', {},
        `${i.action}${i.target ? ' → ' + i.target : ''}: ${i.key}${i.versionId && i.versionId !== 'null' ? ` (version ${i.versionId})` : ''}${i.skipped ? ` — skipped: ${i.skipped}` : ''}`)));
      out.replaceChildren(h('p', {}, `At ${new Date(r.at).toLocaleString()}:`),
        rows.length ? h('table', {}, h('thead', {}, h('tr', {}, ['Rule', 'Action', 'Objects', 'Bytes'].map(x => h('th', {}, x)))), h('tbody', {}, rows))
          : h('p', { class: 'empty' }, 'Nothing would change at that time.'),
        items.length ? h('ul', { class: 'preview-items' }, items) : null,
        r.itemsTruncated ? h('p', { class: 'muted' }, 'Only the first 50 items are listed.') : null);
    });
  });
  return f;
}

function formatBytes(n) {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
}

// --- policy ----------------------------------------------------------------------------------

/** The key of {@code obj} named {@code name} in any case (COS documents write "statement", S3 ones "Statement"). */
const keyOf = (obj, name) => Object.keys(obj).find(k => k.toLowerCase() === name.toLowerCase());
const get = (obj, name) => { const k = keyOf(obj, name); return k == null ? undefined : obj[k]; };
const listOf = v => (v == null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const POLICY_FIELDS = ['sid', 'effect', 'principal', 'action', 'resource', 'condition'];

export const policy = {
  sub: 'policy', title: 'Policy', deletable: true, json: true,
  help: 'Who besides the owner may do what on this bucket (docs/policy.md), in the COS grammar '
    + '(principal qcs::cam::uin/<root>:uin/<sub>, action name/cos:GetObject, resource qcs::cos:<region>:uid/<APPID>:<bucket>/<key>) '
    + 'or the AWS one. A Deny beats every Allow. The form keeps each statement\u2019s other fields as they are.',
  empty: () => ({ doc: { version: '2.0', Statement: [] }, statements: [] }),
  extra(m) {
    const out = [];
    for (const s of m.statements) {
      for (const k of Object.keys(s.raw)) if (!POLICY_FIELDS.includes(k.toLowerCase())) out.push(k);
      const p = get(s.raw, 'principal');
      if (p != null && p !== '*' && !(typeof p === 'object' && Object.keys(p).length === 1)) out.push('a principal of several kinds');
    }
    return out;
  },
  parse(doc) {
    if (typeof doc !== 'object' || doc == null || Array.isArray(doc)) throw new api.ApiError(0, 'MalformedPolicy', 'A policy is a JSON object.');
    const statements = listOfObjects(get(doc, 'statement')).map(raw => {
      const p = get(raw, 'principal');
      const kind = p === '*' ? '*' : p && typeof p === 'object' ? Object.keys(p)[0] : 'qcs';
      return {
        raw, sid: get(raw, 'sid') ?? '', effect: String(get(raw, 'effect') ?? 'allow'),
        kind, principals: p === '*' ? ['*'] : p && typeof p === 'object' ? listOf(p[kind]) : [],
        actions: listOf(get(raw, 'action')), resources: listOf(get(raw, 'resource')),
        condition: get(raw, 'condition') == null ? '' : JSON.stringify(get(raw, 'condition'), null, 1),
      };
    });
    return { doc, statements };
  },
  serialize(m) {
    const lower = keyOf(m.doc, 'statement') === 'statement';
    const out = { ...m.doc };
    const sk = keyOf(out, 'statement') || (lower ? 'statement' : 'Statement');
    if (!keyOf(out, 'version')) out[lower ? 'version' : 'Version'] = '2.0';
    out[sk] = m.statements.map(s => {
      const r = { ...s.raw };
      const set = (name, v) => {
        const k = keyOf(r, name) || (lower ? name : name[0].toUpperCase() + name.slice(1));
        if (v === undefined) delete r[k];
        else r[k] = v;
      };
      if (s.sid) set('sid', s.sid);
      else set('sid', undefined);
      set('effect', s.effect);
      set('principal', s.kind === '*' ? '*' : { [s.kind]: s.principals });
      set('action', s.actions);
      set('resource', s.resources);
      set('condition', s.condition.trim() ? JSON.parse(s.condition) : undefined);
      return r;
    });
    return JSON.stringify(out, null, 2);
  },
  form(m) {
    const list = h('div', { class: 'rules' });
    const lower = keyOf(m.doc, 'statement') === 'statement';
    const area = (label, name, element, values) => h('label', {}, label,
      h('textarea', { rows: 2, name, dataset: { element }, value: values.join('\n') }));
    const add = s => {
      const n = list.children.length + 1;
      const fs = h('fieldset', { class: 'rule' }, h('legend', {}, `Statement ${n}`),
        h('label', {}, 'Sid', h('input', { name: 'sid', dataset: { element: 'Sid' }, value: s.sid })),
        h('label', {}, 'Effect', h('select', { name: 'effect', dataset: { element: 'Effect' } },
          ['allow', 'deny'].map(v => h('option', { value: v, selected: s.effect.toLowerCase() === v }, v)))),
        area(`Principals (${s.kind === '*' ? '*' : s.kind})`, 'principals', 'Principal', s.principals),
        area('Actions', 'actions', 'Action', s.actions),
        area('Resources', 'resources', 'Resource', s.resources),
        area('Condition (JSON, optional)', 'condition', 'Condition', s.condition ? [s.condition] : []),
        h('button', { type: 'button', class: 'danger small', onclick: () => fs.remove() }, `Remove statement ${n}`));
      fs.statement = s;
      list.append(fs);
    };
    m.statements.forEach(add);
    const el = h('div', {}, list, h('button', { type: 'button', id: 'policy-add-statement', onclick: () => add({
      raw: {}, sid: '', effect: lower || !m.statements.length ? 'allow' : 'Allow', kind: 'qcs', principals: [], actions: [], resources: [], condition: '' }) },
      'Add statement'));
    const v = (fs, name) => fs.querySelector(`[name=${name}]`).value;
    const value = () => ({ doc: m.doc, statements: Array.from(list.children).map(fs => {
      const s = fs.statement;
      const principals = lines(v(fs, 'principals'));
      const kind = principals.length === 1 && principals[0] === '*' ? '*' : s.kind === '*' ? 'qcs' : s.kind;
      const condition = v(fs, 'condition').trim();
      if (condition) {
        try { JSON.parse(condition); } catch (e) {
          fs.querySelector('[name=condition]').setAttribute('aria-invalid', 'true');
          throw new api.ApiError(0, 'MalformedPolicy', `Statement ${fs.querySelector('legend').textContent}: the condition is not valid JSON.`);
        }
      }
      return { raw: s.raw, sid: v(fs, 'sid').trim(), effect: v(fs, 'effect'), kind, principals,
        actions: lines(v(fs, 'actions')), resources: lines(v(fs, 'resources')), condition };
    }) });
    return { el, value };
  },
  after: (box, bucket) => box.append(policyExplain(bucket)),
};

function listOfObjects(v) {
  return v == null ? [] : Array.isArray(v) ? v : [v];
}

/** What the server would decide for a request, and which statement decided (POST /-/admin/policy/explain, docs/policy.md "Explain"). */
function policyExplain(bucket) {
  const principal = h('input', { id: 'explain-principal', value: 'anonymous', size: 40 });
  const action = h('input', { id: 'explain-action', value: 'GetObject', size: 24 });
  const key = h('input', { id: 'explain-key', size: 30 });
  const run = h('button', { type: 'submit', id: 'explain-run' }, 'Explain');
  const out = h('div', { id: 'explain-result', 'aria-live': 'polite' });
  const f = h('form', { class: 'card', 'aria-label': 'Policy explain' }, h('h2', {}, 'Explain'),
    h('p', { class: 'muted' }, 'What the server would decide for a request, with the saved policy, ACLs and public access block, '
      + 'and why. Principal: anonymous, a CAM name or a uin; action: GetObject, name/cos:X or s3:X. Only the bucket owner\u2019s root key may ask.'),
    h('div', { class: 'inline' }, h('label', { for: 'explain-principal' }, 'Principal'), principal,
      h('label', { for: 'explain-action' }, 'Action'), action, h('label', { for: 'explain-key' }, 'Key'), key, run), out);
  f.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(run, async () => {
      const body = JSON.stringify({ bucket, principal: principal.value.trim(), action: action.value.trim(), key: key.value.trim() || null });
      const r = JSON.parse((await api.call('POST', '-', 'admin/policy/explain',
        { headers: { 'content-type': 'application/json' }, body })).text);
      out.replaceChildren(
        h('p', { id: 'explain-verdict', class: r.allowed ? 'allowed' : 'denied' }, h('strong', {}, r.allowed ? 'ALLOWED' : 'DENIED'), ` (${r.reason})`),
        h('p', { id: 'explain-explanation' }, r.explanation),
        r.statement ? h('p', { id: 'explain-statement' }, `Decided by ${r.document ? r.document.toLowerCase().replace(/_/g, ' ') + ' ' : ''}${r.statement}`) : null,
        h('ul', { class: 'trace' }, (r.trace || []).map(t => h('li', {}, typeof t === 'string' ? t : JSON.stringify(t)))));
    });
  });
  return f;
}
