// The admin pages (docs/console.md "Admin"): the signed-in account's users, keys and the sub-users'
// identity policies, and for the operator (the first account's root) the accounts. Clients of the
// /-/admin endpoints (docs/security.md ADM-1..ADM-12); a sub-user or another account's root sees the
// server's AccessDenied as such. A new SecretKey is shown once, in this page only, and never stored.
import * as api from './cos.js';
import { h, say, sayError, busy, formatTime } from './ui.js';
import { editor } from './editors.js';
import { identityPolicy } from './policy.js';

/** The page's own copy of an error: the status line says it, and the section says it stays refused. */
function refusedBox(e) {
  sayError(e);
  return h('p', { class: 'error admin-refused', role: 'alert' },
    e.code === 'AccessDenied' ? `Access denied (${e.code}): these credentials may not manage this. ${e.message || ''}` : `${e.code}: ${e.message}`);
}

export async function adminPage(main) {
  const users = h('section', { class: 'card', id: 'admin-users', 'aria-label': 'Users' }, h('p', { class: 'muted' }, 'Loading…'));
  const keys = h('section', { class: 'card', id: 'admin-keys', 'aria-label': 'Keys' });
  const accounts = h('section', { class: 'card', id: 'admin-accounts', 'aria-label': 'Accounts' });
  const secret = h('div', { id: 'new-secret' });
  main.replaceChildren(h('h1', {}, 'Admin'),
    h('p', { class: 'muted' }, 'Users, keys and identity policies of your account (its root only); accounts (the operator, the first '
      + 'account\u2019s root, only). The same rules as cosd admin on the server.'), secret, users, keys, accounts);
  let data;
  try {
    data = await api.adminJson('GET', 'users');
  } catch (e) {
    users.replaceChildren(h('h2', {}, 'Users'), refusedBox(e));
    keys.remove();
    accounts.remove();
    return;
  }
  const reload = () => adminPage(main);
  fillUsers(users, data, reload);
  await fillKeys(keys, data, reload);
  await fillAccounts(accounts, reload, data.account);
}

function fillUsers(box, data, reload) {
  const uin = h('input', { id: 'new-user-uin', name: 'uin', required: true, inputmode: 'numeric', pattern: '[0-9]{1,20}', spellcheck: false });
  const name = h('input', { id: 'new-user-name', name: 'name', maxlength: 64, spellcheck: false });
  const add = h('button', { type: 'submit', id: 'add-user', class: 'primary' }, 'Add user');
  const form = h('form', { class: 'inline', 'aria-label': 'Add a user' },
    h('label', { for: 'new-user-uin' }, 'uin'), uin, h('label', { for: 'new-user-name' }, 'Name'), name, add);
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(add, async () => {
      const params = { uin: uin.value.trim() };
      if (name.value.trim()) params.name = name.value.trim();
      await api.adminJson('POST', 'users', params);
      say(`User ${params.uin} added. Create a key for it below.`, 'ok');
      await reload();
    });
  });
  const rows = data.users.map(u => h('tr', { dataset: { uin: u.uin } },
    h('td', {}, u.uin), h('td', {}, u.name), h('td', {}, u.root ? 'root' : 'sub-user'), h('td', {}, formatTime(u.created)),
    h('td', {}, u.root ? '' : [
      h('a', { href: `#/admin/policy/${encodeURIComponent(u.uin)}`, 'aria-label': `Identity policy of ${u.uin}` }, 'Policy'), ' ',
      h('button', { type: 'button', class: 'danger small', 'aria-label': `Remove user ${u.uin}`, onclick: ev => {
        if (!confirm(`Remove user ${u.uin} and all its keys?`)) return;
        busy(ev.target, async () => {
          await api.adminJson('DELETE', 'users', { uin: u.uin });
          say(`User ${u.uin} removed with its keys.`, 'ok');
          await reload();
        });
      } }, 'Remove')])));
  box.replaceChildren(h('h2', {}, `Users of account ${data.account} (APPID ${data.appid})`), form,
    h('table', {}, h('thead', {}, h('tr', {}, ['uin', 'Name', 'Kind', 'Created', ''].map(t => h('th', {}, t)))), h('tbody', {}, rows)));
}

async function fillKeys(box, data, reload) {
  const list = await api.adminJson('GET', 'keys');
  const who = h('select', { id: 'new-key-uin', name: 'uin' }, data.users.map(u => h('option', { value: u.uin }, `${u.uin} (${u.root ? 'root' : u.name})`)));
  const create = h('button', { type: 'submit', id: 'create-key', class: 'primary' }, 'Create key');
  const form = h('form', { class: 'inline', 'aria-label': 'Create a key' }, h('label', { for: 'new-key-uin' }, 'For'), who, create);
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(create, async () => {
      const k = await api.adminJson('POST', 'keys', { uin: who.value });
      await reload();
      showSecret(document.getElementById('new-secret'), `New key for ${k.uin}`, k.secretId, k.secretKey);
    });
  });
  const mine = api.credentials()?.secretId;
  const rows = list.keys.map(k => h('tr', { dataset: { secretId: k.secretId } },
    h('td', { class: 'mono' }, k.secretId), h('td', {}, k.uin + (k.root ? ' (root)' : '')), h('td', {}, k.active ? 'active' : 'revoked'),
    h('td', {}, formatTime(k.created)),
    h('td', {}, k.active ? h('button', { type: 'button', class: 'danger small', 'aria-label': `Revoke ${k.secretId}`, onclick: ev => {
      const self = k.secretId === mine ? ' This is the key you are signed in with: the console stops working with it.' : '';
      if (!confirm(`Revoke ${k.secretId}? Requests signed with it fail from now on.${self}`)) return;
      busy(ev.target, async () => {
        await api.adminJson('DELETE', 'keys', { 'secret-id': k.secretId });
        say(`Key ${k.secretId} revoked.`, 'ok');
        await reload();
      });
    } }, 'Revoke') : '')));
  box.replaceChildren(h('h2', {}, 'Keys'), h('p', { class: 'muted' }, 'SecretIds only: a SecretKey is shown once, when it is created.'), form,
    h('table', {}, h('thead', {}, h('tr', {}, ['SecretId', 'User', 'State', 'Created', ''].map(t => h('th', {}, t)))), h('tbody', {}, rows)));
}

/** The new SecretKey, once: in a read-only field with a copy button and a warning; gone when the page is left. */
function showSecret(box, title, id, key) {
  const field = h('input', { id: 'new-secret-key', readonly: true, value: key, size: 40, spellcheck: false, 'aria-label': 'SecretKey' });
  const copy = h('button', { type: 'button', id: 'copy-secret', onclick: async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(key);
    } catch {
      document.execCommand('copy'); // no clipboard API outside secure contexts
    }
    say('SecretKey copied.', 'ok');
  } }, 'Copy');
  box.replaceChildren(h('section', { class: 'card secret', 'aria-label': 'New key' }, h('h2', {}, title),
    h('p', {}, 'SecretId ', h('code', { id: 'new-secret-id' }, id)),
    h('p', {}, h('label', { for: 'new-secret-key' }, 'SecretKey '), field, ' ', copy),
    h('p', { class: 'warn', role: 'alert' }, 'Copy the SecretKey now: it is shown only this once. The server keeps it sealed and '
      + 'never shows it again; if it is lost, create a new key and revoke this one.'),
    h('button', { type: 'button', id: 'dismiss-secret', onclick: () => box.replaceChildren() }, 'Done')));
  field.focus();
  field.select();
}

/**
 * An account's e-mail address (the name S3 grants by e-mail use, docs/accounts.md ACC-7): set with
 * PUT /-/admin/accounts/email, removed with DELETE (ADM-12). The operator picks any account; another
 * root has only its own.
 */
function emailForm(uins, reload) {
  const who = h('select', { id: 'email-account', name: 'uin' }, uins.map(u => h('option', { value: u }, u)));
  const email = h('input', { id: 'email-address', type: 'email', name: 'email', required: true, spellcheck: false, size: 30 });
  const set = h('button', { type: 'submit', id: 'email-save', class: 'primary' }, 'Set e-mail');
  const clear = h('button', { type: 'button', id: 'email-clear', class: 'danger' }, 'Remove e-mail');
  const form = h('form', { class: 'inline', 'aria-label': 'E-mail address of an account' }, h('label', { for: 'email-account' }, 'Account'), who,
    h('label', { for: 'email-address' }, 'E-mail'), email, set, clear);
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(set, async () => {
      const r = await api.adminJson('PUT', 'accounts/email', { uin: who.value, email: email.value.trim() });
      say(`Account ${r.uin}: e-mail ${r.email}. Grants already made by e-mail stay with the account they named.`, 'ok');
      await reload();
    });
  });
  clear.addEventListener('click', () => busy(clear, async () => {
    if (!confirm(`Remove the e-mail address of account ${who.value}?`)) return;
    await api.adminJson('DELETE', 'accounts/email', { uin: who.value });
    say(`Account ${who.value} has no e-mail address now.`, 'ok');
    await reload();
  }));
  return h('div', { id: 'account-email' }, h('h3', {}, 'E-mail address'), form);
}

async function fillAccounts(box, reload, own) {
  let list;
  try {
    list = await api.adminJson('GET', 'accounts');
  } catch (e) {
    if (e.code !== 'AccessDenied') throw e;
    // Only the operator manages accounts: for every other root this is expected, so no alert.
    box.replaceChildren(h('h2', {}, 'Accounts'), h('p', { class: 'muted', id: 'accounts-denied' },
      'Accounts are managed by the operator, the root of the first account (AccessDenied for these credentials).'),
      emailForm([own], reload));
    return;
  }
  const uin = h('input', { id: 'new-account-uin', inputmode: 'numeric', pattern: '[0-9]{1,20}', placeholder: 'generated', spellcheck: false });
  const appid = h('input', { id: 'new-account-appid', inputmode: 'numeric', pattern: '[0-9]{1,20}', placeholder: 'generated', spellcheck: false });
  const email = h('input', { id: 'new-account-email', type: 'email', placeholder: '(none)', spellcheck: false });
  const add = h('button', { type: 'submit', id: 'add-account', class: 'primary' }, 'Add account');
  const form = h('form', { class: 'inline', 'aria-label': 'Add an account' }, h('label', { for: 'new-account-uin' }, 'Root uin'), uin,
    h('label', { for: 'new-account-appid' }, 'APPID'), appid, h('label', { for: 'new-account-email' }, 'E-mail'), email, add);
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    busy(add, async () => {
      const params = {};
      if (uin.value.trim()) params.uin = uin.value.trim();
      if (appid.value.trim()) params.appid = appid.value.trim();
      if (email.value.trim()) params.email = email.value.trim();
      const a = await api.adminJson('POST', 'accounts', params);
      await reload();
      showSecret(document.getElementById('new-secret'), `New account ${a.uin} (APPID ${a.appid}): its root key`, a.secretId, a.secretKey);
    });
  });
  const rows = list.accounts.map(a => h('tr', { dataset: { uin: a.uin } },
    h('td', {}, a.uin), h('td', {}, a.appid), h('td', {}, a.email || '\u2014'), h('td', { class: 'num' }, String(a.buckets)),
    h('td', {}, formatTime(a.created)),
    h('td', {}, a.first ? 'operator' : h('button', { type: 'button', class: 'danger small', 'aria-label': `Remove account ${a.uin}`, onclick: ev => {
      if (!confirm(`Remove account ${a.uin} with its users and keys? (Refused while it owns buckets.)`)) return;
      busy(ev.target, async () => {
        await api.adminJson('DELETE', 'accounts', { uin: a.uin });
        say(`Account ${a.uin} removed.`, 'ok');
        await reload();
      });
    } }, 'Remove'))));
  box.replaceChildren(h('h2', {}, 'Accounts'), form,
    h('table', {}, h('thead', {}, h('tr', {}, ['Root uin', 'APPID', 'E-mail', 'Buckets', 'Created', ''].map(t => h('th', {}, t)))), h('tbody', {}, rows)),
    emailForm(list.accounts.map(a => a.uin), reload));
}

/**
 * A sub-user's identity policy (docs/policy.md "Identity policies"): the policy editor's form (statements
 * without principals) and raw JSON, saved with a signed Content-MD5 (ADM-6); deleted.
 */
export async function userPolicyPage(main, uin) {
  let saved = null;
  try {
    saved = await api.admin('GET', 'users/policy', { uin });
  } catch (e) {
    if (e.code !== 'NoSuchEntity' || /no user/i.test(e.message)) {
      main.replaceChildren(h('p', {}, h('a', { href: '#/admin' }, '\u2190 Admin')), h('h1', {}, `Identity policy of ${uin}`), refusedBox(e));
      return;
    }
  }
  const box = h('div', {});
  main.replaceChildren(h('p', {}, h('a', { href: '#/admin' }, '\u2190 Admin')), h('h1', {}, `Identity policy of ${uin}`), box);
  await editor(box, null, { ...identityPolicy, store: {
    load: async () => saved,
    save: doc => api.admin('PUT', 'users/policy', { uin }, doc),
    remove: () => api.admin('DELETE', 'users/policy', { uin }),
  } });
  if (saved == null) {
    document.getElementById('user-policy-state').textContent = 'No identity policy yet: this sub-user may do nothing a bucket policy does not grant.';
  }
}
