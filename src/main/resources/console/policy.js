// Policy editor (docs/policy.md) and explain.
import * as api from './cos.js';
import { h, busy } from './ui.js';
import { lines } from './editors.js';

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
      if (!m.identity) set('principal', s.kind === '*' ? '*' : { [s.kind]: s.principals });
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
        // an identity policy has no Principal: it is the sub-user's own (POL-I1)
        m.identity ? null : area(`Principals (${s.kind === '*' ? '*' : s.kind})`, 'principals', 'Principal', s.principals),
        area('Actions', 'actions', 'Action', s.actions),
        area('Resources', 'resources', 'Resource', s.resources),
        area('Condition (JSON, optional)', 'condition', 'Condition', s.condition ? [s.condition] : []),
        h('button', { type: 'button', class: 'danger small', onclick: () => fs.remove() }, `Remove statement ${n}`));
      fs.statement = s;
      list.append(fs);
    };
    m.statements.forEach(add);
    const el = h('div', {}, list, h('button', { type: 'button', id: `${m.identity ? 'user-' : ''}policy-add-statement`, onclick: () => add({
      raw: {}, sid: '', effect: lower || !m.statements.length ? 'allow' : 'Allow', kind: 'qcs', principals: [], actions: [], resources: [], condition: '' }) },
      'Add statement'));
    const v = (fs, name) => fs.querySelector(`[name=${name}]`).value;
    const value = () => ({ doc: m.doc, identity: m.identity, statements: Array.from(list.children).map(fs => {
      const s = fs.statement;
      const principals = m.identity ? [] : lines(v(fs, 'principals'));
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

/**
 * A sub-user's identity policy (docs/policy.md "Identity policies"): the bucket policy's form without
 * principals (POL-I1), COS grammar by default; a statement with a Principal or another field opens as JSON.
 */
export const identityPolicy = {
  ...policy, sub: 'user-policy', title: 'Identity policy', after: null,
  help: 'What this sub-user may do in the account\u2019s buckets, in the COS CAM grammar (action name/cos:GetObject, '
    + 'resource qcs::cos:<region>:uid/<APPID>:<bucket>/<key>, or *) or the IAM one. No principal: the policy is the user\u2019s own.',
  empty: () => ({ doc: { version: '2.0', statement: [] }, statements: [], identity: true }),
  parse: doc => ({ ...policy.parse(doc), identity: true }),
  extra(m) {
    return [...policy.extra(m), ...m.statements.filter(s => get(s.raw, 'principal') != null).map(() => 'a Principal')];
  },
};

function listOfObjects(v) {
  return v == null ? [] : Array.isArray(v) ? v : [v];
}

/**
 * The actions the server decides on their request body (LOCK-A1c, api/policy/BodyFacts): PutObjectTagging on its
 * tags (POL-S11), PutObjectRetention and PutObjectLegalHold on the lock it asks for (LOCK-A1). Matched on every
 * spelling the server accepts for them (name/cos:X, cos:X, X, s3:x in any case, the operation's name) and a few it
 * refuses, so the body field is never hidden for an action the server would read one for.
 */
const BODY_ACTIONS = ['putobjecttagging', 'putobjectretention', 'putobjectlegalhold'];
export const readsBody = action => BODY_ACTIONS.includes(
  action.trim().toLowerCase().replace(/^(name\/cos:|cos:|s3:)/, '').replace(/_/g, ''));

/** What the server would decide for a request, and which statement decided (POST /-/admin/policy/explain, docs/policy.md "Explain"). */
function policyExplain(bucket) {
  const principal = h('input', { id: 'explain-principal', value: 'anonymous', size: 40 });
  const action = h('input', { id: 'explain-action', value: 'GetObject', size: 24 });
  const key = h('input', { id: 'explain-key', size: 30 });
  // LOCK-A1c: the body the server reads the condition facts from; sent only for the actions that read one, since
  // the server refuses a body on any other action (400 InvalidArgument) rather than ignore it.
  const body = h('textarea', { id: 'explain-body', rows: 4, class: 'xml',
    placeholder: '<Retention><Mode>COMPLIANCE</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>' });
  const bodyField = h('label', { id: 'explain-body-field', hidden: true }, 'Request body (XML, as the request would send it: '
    + 'the tag set, retention or legal hold the server decides this action on; empty: explained without those facts)', body);
  const showBody = () => { bodyField.hidden = !readsBody(action.value); };
  action.addEventListener('input', showBody);
  const run = h('button', { type: 'submit', id: 'explain-run' }, 'Explain');
  const out = h('div', { id: 'explain-result', 'aria-live': 'polite' });
  const f = h('form', { class: 'card', 'aria-label': 'Policy explain' }, h('h2', {}, 'Explain'),
    h('p', { class: 'muted' }, 'What the server would decide for a request, with the saved policy, ACLs and public access block, '
      + 'and why. Principal: anonymous, a CAM name or a uin; action: GetObject, name/cos:X or s3:X. Only the bucket owner\u2019s root key may ask.'),
    h('div', { class: 'inline' }, h('label', { for: 'explain-principal' }, 'Principal'), principal,
      h('label', { for: 'explain-action' }, 'Action'), action, h('label', { for: 'explain-key' }, 'Key'), key, run), bodyField, out);
  showBody();
  f.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(run, async () => {
      const question = { bucket, principal: principal.value.trim(), action: action.value.trim(), key: key.value.trim() || null };
      if (!bodyField.hidden && body.value.trim()) question.body = body.value;
      // the question goes under a signed Content-MD5, so the server answers what was signed (ADM-12)
      let r;
      try {
        r = JSON.parse(await api.admin('POST', 'policy/explain', {}, JSON.stringify(question)));
      } catch (e) {
        // A refused question (bad input, 400 InvalidArgument; not the owner's root, AccessDenied) has no answer:
        // the last one is removed so it cannot be read as this question's, and the refusal is shown in its place.
        out.replaceChildren(h('p', { id: 'explain-refused', class: 'error', role: 'alert' },
          h('strong', {}, e.code || 'Error'), e.message && e.message !== e.code ? ' ' + e.message : ''));
        throw e;
      }
      out.replaceChildren(
        h('p', { id: 'explain-verdict', class: r.allowed ? 'allowed' : 'denied' }, h('strong', {}, r.allowed ? 'ALLOWED' : 'DENIED'), ` (${r.reason})`),
        h('p', { id: 'explain-explanation' }, r.explanation),
        r.statement ? h('p', { id: 'explain-statement' }, `Decided by ${r.document ? r.document.toLowerCase().replace(/_/g, ' ') + ' ' : ''}${r.statement}`) : null,
        h('ul', { class: 'trace' }, (r.trace || []).map(t => h('li', {}, typeof t === 'string' ? t : JSON.stringify(t)))));
    });
  });
  return f;
}
