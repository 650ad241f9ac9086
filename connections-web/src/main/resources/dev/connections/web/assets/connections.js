// The Connections page: Your connected apps, Explore all integrations, an app's connections and the
// popups to add, edit, set as default, delete and test them, and connecting apps by OAuth 2.0 (the browser
// goes to the provider and comes back through the API's callback); all data through the JSON API.
import { Api, ApiError } from './api.js';
import { append, h, uid } from './dom.js';
import { closeDialog, openDialog } from './dialogs.js';
import { Field, clearProblems, errorSummary, problemText, showProblems } from './forms.js';
import { ago, loadMessages, t, tn } from './i18n.js';

const NAME_LIMIT = 100;
const OVERVIEW_APPS = 6;

function setting(root, key, metaName) {
  return root.dataset[key] ?? document.querySelector(`meta[name="${metaName}"]`)?.content ?? null;
}

class Page {
  constructor(root) {
    this.root = root;
    this.api = new Api(setting(root, 'api', 'connections-api'),
      setting(root, 'csrfHeader', 'csrf-header'), setting(root, 'csrfToken', 'csrf-token'));
    this.assets = setting(root, 'assets', 'connections-assets');
    this.language = setting(root, 'locale', 'connections-locale');
    this.me = null;
    this.testResults = new Map();
    this.searchTimer = null;
    this.renderCount = 0;
  }

  async start() {
    await loadMessages(this.assets, this.language);
    this.root.classList.add('cx');
    this.status = h('div', { class: 'cx-live', role: 'status', 'aria-live': 'polite' });
    this.notice = h('div', { class: 'cx-notice-area' });
    this.view = h('div', { class: 'cx-view' });
    this.root.replaceChildren(this.notice, this.view, this.status);
    window.addEventListener('hashchange', () => this.render(true));
    await this.render(false);
  }

  may(action) {
    return this.me?.allowed?.includes(action) ?? false;
  }

  /** Says {@code text} to screen readers and shows it as a notice above the view. */
  announce(text, kind = 'success') {
    this.notice.replaceChildren(h('p', { class: `cx-notice cx-${kind}`, text }));
    this.status.textContent = '';
    // A fresh text node after clearing, so the same message twice is announced twice.
    setTimeout(() => { this.status.textContent = text; }, 50);
  }

  route() {
    const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
    const [path, query = ''] = hash.split('?');
    const parts = path.split('/').filter(Boolean);
    return { parts, params: new URLSearchParams(query) };
  }

  async render(moveFocus) {
    const { parts, params } = this.route();
    const ticket = ++this.renderCount;
    const fresh = h('div', { class: 'cx-view' });
    try {
      if (!this.me) this.me = await this.api.get('/me');
      if (parts[0] === 'connected') await this.connectedPage(fresh);
      else if (parts[0] === 'apps' && parts[1]) await this.appPage(fresh, parts[1], params);
      else if (parts[0] === 'custom') this.customPage(fresh, params.get('name') ?? '');
      else await this.overview(fresh, params);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      fresh.replaceChildren();
      append(fresh, [h('h1', { class: 'cx-title', tabindex: '-1', text: t('error.title') }),
        h('p', { class: 'cx-notice cx-problem', text: problemText(error) }),
        error.status === 404 ? h('p', {}, h('a', { href: '#/', text: t('nav.back') })) : null]);
    }
    if (ticket !== this.renderCount) return;
    this.view.replaceWith(fresh);
    this.view = fresh;
    const title = fresh.querySelector('h1');
    if (document.querySelector('meta[name="connections-api"]') && title) {
      document.title = `${title.textContent} – ${t('page.title')}`;
    }
    if (moveFocus) {
      this.notice.replaceChildren();
      title?.focus();
    }
    // A notice set before a route change (the custom form's save) shows on the page it leads to.
    if (this.pendingNotice) {
      this.announce(this.pendingNotice);
      this.pendingNotice = null;
    }
    // Back from an OAuth provider: say how it went once, then drop the result from the address, so a reload
    // or a bookmark does not say it again.
    if (this.oauthNotice) {
      this.announce(this.oauthNotice.text, this.oauthNotice.kind);
      this.oauthNotice = null;
      history.replaceState(null, '', `${location.pathname}${location.search}#/${parts.map(encodeURIComponent).join('/')}`);
    }
  }

  /** The message of an OAuth callback's failure {@code reason}, in the page's language. */
  oauthFailure(reason) {
    const known = ['access-denied', 'unknown-state', 'expired-state', 'foreign-state', 'provider-error', 'signed-out',
      'not-allowed', 'name-taken', 'invalid', 'not-found', 'unavailable'];
    return t(`oauth.failed.${known.includes(reason) ? reason : 'error'}`);
  }

  // B1 + B2: the overview.
  async overview(view, params = new URLSearchParams()) {
    if (params.get('oauth') === 'failed') {
      this.oauthNotice = { text: this.oauthFailure(params.get('reason')), kind: 'problem' };
    }
    const apps = await this.api.get('/apps', { limit: OVERVIEW_APPS, offset: 0 });
    const connectedTitle = h('h2', { id: 'cx-connected-title', text: t('connected.title') });
    const head = h('div', { class: 'cx-section-head' }, connectedTitle);
    if (apps.total > apps.items.length) {
      head.append(h('a', { href: '#/connected', class: 'cx-see-all', id: 'cx-see-all', text: t('connected.seeAll', { total: apps.total }) }));
    }
    const connected = h('section', { class: 'cx-card', 'aria-labelledby': 'cx-connected-title', id: 'cx-connected' }, head,
      apps.items.length ? this.appGrid(apps.items) : h('p', { class: 'cx-empty', text: t('connected.none') }));
    append(view, [h('h1', { class: 'cx-title', tabindex: '-1', text: t('page.title') }),
      h('p', { class: 'cx-lead', text: t('page.lead') }), connected, this.exploreSection()]);
  }

  appGrid(items) {
    return h('ul', { class: 'cx-app-grid' }, items.map(app => h('li', {},
      h('a', { href: `#/apps/${encodeURIComponent(app.integrationId)}`, class: 'cx-app-card', title: app.name,
        'data-app': app.integrationId },
        h('span', { class: 'cx-logo', 'aria-hidden': 'true', text: initial(app.name) }),
        h('span', { class: 'cx-app-text' },
          h('span', { class: 'cx-app-name', text: app.name }),
          h('span', { class: 'cx-count', text: tn('connected.count', app.connectionCount) })),
        app.custom ? h('span', { class: 'cx-badge cx-custom', text: t('badge.custom') }) : null,
        // The core counts a grant needing a reconnect as needing attention too: one badge, the specific one.
        app.needsAttention && !app.needsReconnect ? h('span', { class: 'cx-badge cx-attention', text: t('badge.attention') }) : null,
        app.needsReconnect ? h('span', { class: 'cx-badge cx-attention cx-reconnect-flag', text: t('badge.reconnect') }) : null))));
  }

  // B1 "See all": every connected app, same order.
  async connectedPage(view) {
    const items = [];
    for (let offset = 0; ; offset += 100) {
      const page = await this.api.get('/apps', { limit: 100, offset });
      items.push(...page.items);
      if (!page.items.length || items.length >= page.total) break;
    }
    append(view, [this.breadcrumb(t('connected.title')),
      h('h1', { class: 'cx-title', tabindex: '-1', text: t('connected.title') }),
      h('section', { class: 'cx-card', 'aria-label': t('connected.title') },
        items.length ? this.appGrid(items) : h('p', { class: 'cx-empty', text: t('connected.none') }))]);
  }

  exploreSection() {
    const results = h('div', { class: 'cx-results', id: 'cx-results' });
    const search = new Field('q', t('explore.search'), { type: 'search' });
    search.input.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.search(results, search.value, true), 200);
    });
    const section = h('section', { class: 'cx-card', 'aria-labelledby': 'cx-explore-title', id: 'cx-explore' },
      h('div', { class: 'cx-section-head' }, h('h2', { id: 'cx-explore-title', text: t('explore.title') }),
        this.may('ADD') ? h('a', { href: '#/custom', class: 'cx-button cx-secondary', id: 'cx-add-custom', text: t('custom.open') }) : null),
      h('form', { role: 'search', class: 'cx-search', onsubmit: event => event.preventDefault() }, search.element), results);
    this.search(results, '', false);
    return section;
  }

  async search(results, query, announce) {
    // Answers may arrive out of order while typing: only the latest search draws.
    const ticket = this.searchTicket = (this.searchTicket ?? 0) + 1;
    let page;
    try {
      page = await this.api.get('/integrations', { q: query.trim(), limit: 50 });
    } catch (error) {
      if (ticket === this.searchTicket) results.replaceChildren(h('p', { class: 'cx-notice cx-problem', text: problemText(error) }));
      return;
    }
    if (ticket !== this.searchTicket) return;
    if (!page.items.length) {
      const custom = this.may('ADD')
        ? h('a', { href: `#/custom?name=${encodeURIComponent(query.trim())}`, class: 'cx-button', text: t('custom.open') }) : null;
      results.replaceChildren(h('div', { class: 'cx-no-match' },
        h('p', { class: 'cx-no-match-title', text: t('explore.noMatch', { query: query.trim() }) }),
        h('p', { class: 'cx-hint', text: t('explore.noMatchHelp') }), custom));
    } else {
      results.replaceChildren(h('ul', { class: 'cx-app-list' }, page.items.map(item => h('li', {},
        h('a', { href: `#/apps/${encodeURIComponent(item.id)}`, class: 'cx-app-card', 'data-app': item.id },
          h('span', { class: 'cx-logo', 'aria-hidden': 'true', text: initial(item.name) }),
          h('span', { class: 'cx-app-text' },
            h('span', { class: 'cx-app-name', text: item.name }),
            h('span', { class: 'cx-app-desc', text: item.description ?? '' })),
          item.oauthGrants?.length ? h('span', { class: 'cx-badge cx-oauth', title: t('badge.oauthHint'), text: t('badge.oauth') }) : null,
          item.connected ? h('span', { class: 'cx-badge cx-default', text: t('badge.connected') }) : null)))));
    }
    if (announce) this.status.textContent = tn('explore.found', page.total);
  }

  breadcrumb(current) {
    return h('nav', { class: 'cx-breadcrumb', 'aria-label': t('nav.breadcrumb') },
      h('a', { href: '#/', text: t('page.title') }), ' › ', h('span', { 'aria-current': 'page', text: current }));
  }

  // B3, B5, B6, B7 and Test: one app and its connections.
  async appPage(view, appId, params = new URLSearchParams()) {
    const [integration, list] = await Promise.all([
      this.api.get(`/integrations/${encodeURIComponent(appId)}`).catch(error => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
      this.api.get(`/apps/${encodeURIComponent(appId)}/connections`),
    ]);
    if (!integration && !list.items.length) throw new ApiError(404, {});
    const app = integration ?? { id: appId, name: appId, settings: [], custom: true };
    const connections = list.items;
    const header = h('div', { class: 'cx-app-header' },
      h('span', { class: 'cx-logo cx-large', 'aria-hidden': 'true', text: initial(app.name) }),
      h('div', { class: 'cx-app-title' },
        h('h1', { class: 'cx-title', tabindex: '-1', text: app.name }),
        app.description ? h('p', { class: 'cx-app-desc', text: app.description }) : null,
        app.docsUrl ? h('p', {}, h('a', { href: app.docsUrl, rel: 'noopener noreferrer', target: '_blank', text: t('app.docs') })) : null),
      this.may('ADD') ? h('div', { class: 'cx-app-actions' },
        oauthGrant(app) ? h('button', { type: 'button', class: 'cx-button', id: 'cx-connect-oauth', 'data-focus-key': 'oauth',
          text: t('oauth.open', { app: app.name }), onclick: event => this.oauthDialog(event.currentTarget, app) }) : null,
        h('button', { type: 'button', class: oauthGrant(app) ? 'cx-button cx-secondary' : 'cx-button', id: 'cx-add-connection',
          'data-focus-key': 'add', text: t('add.open'), onclick: event => this.addDialog(event.currentTarget, app) })) : null);
    append(view, [this.breadcrumb(app.name), header]);
    if (params.get('oauth') === 'connected') {
      const made = connections.find(c => c.id === params.get('connection'));
      this.oauthNotice = made ? { text: t('oauth.connected', { name: made.name, app: app.name }), kind: 'success' } : null;
    }
    const refused = connections.filter(needsReconnect);
    if (refused.length) {
      view.append(h('div', { class: 'cx-notice cx-problem', id: 'cx-needs-reconnect' },
        h('strong', { text: `${t('badge.reconnect')}: ` }),
        // A client credentials grant has no sign-in to repeat: the host's client itself was refused.
        refused.map(c => t(c.oauth.grantType === 'CLIENT_CREDENTIALS' ? 'app.reconnectClient' : 'app.reconnect',
          { name: c.name, app: app.name })).join(' ')));
    }
    const fallen = connections.find(c => c.default && c.status?.state === 'INVALID');
    if (fallen) {
      view.append(h('div', { class: 'cx-notice cx-problem', id: 'cx-needs-attention' },
        h('strong', { text: `${t('badge.attention')}: ` }), t('app.attention', { name: fallen.name, app: app.name })));
    }
    const section = h('section', { class: 'cx-card', 'aria-labelledby': 'cx-connections-title', id: 'cx-connections' },
      h('h2', { id: 'cx-connections-title', text: t('app.connections') }));
    if (!connections.length) section.append(h('p', { class: 'cx-empty', text: t('app.none') }));
    else section.append(h('ul', { class: 'cx-connection-list' }, connections.map(c => this.connectionRow(app, c))));
    view.append(section);
  }

  connectionRow(app, c) {
    const status = statusBadge(c.status);
    const lastUsed = c.status?.lastUsedAt ? t('status.lastUsed', { when: ago(c.status.lastUsedAt) }) : t('status.neverUsed');
    const actions = h('div', { class: 'cx-connection-actions' });
    const key = suffix => `${c.id}:${suffix}`;
    if (this.may('TEST')) {
      actions.append(h('button', { type: 'button', class: 'cx-link cx-test', 'data-focus-key': key('test'),
        'aria-label': t('action.testNamed', { name: c.name }), text: t('action.test'),
        onclick: event => this.test(event.currentTarget, app, c) }));
    }
    if (this.may('EDIT') && needsReconnect(c) && c.oauth.grantType === 'AUTHORIZATION_CODE') {
      actions.append(h('button', { type: 'button', class: 'cx-link cx-reconnect', 'data-focus-key': key('reconnect'),
        'aria-label': t('action.reconnectNamed', { name: c.name }), text: t('action.reconnect'),
        onclick: event => this.reconnect(event.currentTarget, c) }));
    }
    if (this.may('EDIT')) {
      actions.append(h('button', { type: 'button', class: 'cx-link cx-edit', 'data-focus-key': key('edit'),
        'aria-label': t('action.editNamed', { name: c.name }), text: t('action.edit'),
        onclick: event => this.editDialog(event.currentTarget, app, c) }));
    }
    if (this.may('SET_DEFAULT') && !c.default) {
      actions.append(h('button', { type: 'button', class: 'cx-link cx-set-default', 'data-focus-key': key('default'),
        'aria-label': t('action.setDefaultNamed', { name: c.name }), text: t('action.setDefault'),
        onclick: () => this.setDefault(app, c) }));
    }
    if (this.may('DELETE')) {
      actions.append(h('button', { type: 'button', class: 'cx-link cx-danger-link cx-delete', 'data-focus-key': key('delete'),
        'aria-label': t('action.deleteNamed', { name: c.name }), text: t('action.delete'),
        onclick: event => this.deleteDialog(event.currentTarget, app, c) }));
    }
    const tested = this.testResults.get(c.id);
    return h('li', { class: 'cx-connection', id: `cx-connection-${c.id}`, 'data-id': c.id },
      h('div', { class: 'cx-connection-main' },
        h('span', { class: 'cx-connection-name', text: c.name }),
        c.default ? h('span', { class: 'cx-badge cx-default', text: t('badge.default') }) : null,
        needsReconnect(c) ? h('span', { class: 'cx-badge cx-attention cx-reconnect-badge', text: t('badge.reconnect') }) : null,
        c.kind === 'oauth'
          ? h('span', { class: 'cx-oauth-hint', text: t(c.oauth?.grantType === 'CLIENT_CREDENTIALS' ? 'app.oauthClient' : 'app.oauth') })
          : h('span', { class: 'cx-key-hint' }, `${t('app.key')} `, h('code', { text: c.keyHint ?? '' })),
        h('span', { class: 'cx-health' }, status, h('span', { class: 'cx-last-used', text: lastUsed }))),
      actions,
      tested ? h('p', { class: `cx-test-result cx-${tested.state.toLowerCase()}`, 'data-result': tested.state, text: tested.text }) : null);
  }

  async reloadApp() {
    await this.render(false);
  }

  async test(button, app, c) {
    button.disabled = true;
    button.textContent = t('action.testing');
    let text;
    let state;
    try {
      const result = await this.api.request('POST', `/connections/${c.id}/test`);
      state = result.state;
      text = t(`test.${result.state}`, { app: app.name, reason: result.reason ?? '' });
    } catch (error) {
      state = 'FAILED';
      text = problemText(error);
    }
    this.testResults.set(c.id, { state, text });
    await this.reloadApp();
    this.status.textContent = text;
    this.root.querySelector(`[data-focus-key="${CSS.escape(`${c.id}:test`)}"]`)?.focus();
  }

  async setDefault(app, c) {
    try {
      await this.api.request('POST', `/connections/${c.id}/default`, { version: c.version });
      await this.reloadApp();
      this.announce(t('default.done', { name: c.name }));
    } catch (error) {
      await this.reloadApp();
      this.announce(problemText(error), 'problem');
    }
    this.root.querySelector(`[data-focus-key="${CSS.escape(`${c.id}:edit`)}"]`)?.focus();
  }

  /** Reconnect: the provider's sign-in again, for a connection whose grant it refused. */
  async reconnect(button, c) {
    button.disabled = true;
    try {
      const started = await this.api.request('POST', `/connections/${c.id}/oauth/reconnect`);
      location.assign(started.authorizationUrl);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      button.disabled = false;
      this.announce(problemText(error), 'problem');
    }
  }

  // "Connect with <app>": name the connection, then sign in at the app (authorization code), or connect at
  // once with the host's own client (client credentials).
  oauthDialog(opener, app) {
    const name = this.nameField();
    const grant = oauthGrant(app);
    const signIn = grant === 'AUTHORIZATION_CODE';
    const intro = h('p', { class: 'cx-hint', text: t(signIn ? 'oauth.intro' : 'oauth.introClient', { app: app.name }) });
    this.formDialog(opener, t('oauth.title', { app: app.name }), [name],
      signIn ? t('oauth.continue', { app: app.name }) : t('oauth.connect'), async () => {
        if (signIn) {
          const started = await this.api.request('POST', `/apps/${encodeURIComponent(app.id)}/oauth/authorizations`,
            { body: { name: name.value } });
          return { navigate: started.authorizationUrl };
        }
        const made = await this.api.request('POST', `/apps/${encodeURIComponent(app.id)}/oauth/client-credentials`,
          { body: { name: name.value } });
        return t('oauth.connected', { name: made.name, app: app.name });
      }, intro);
  }

  /**
   * A popup form: fields, an error summary, Save and Cancel; {@code submit} throws ApiError to reject, and
   * returns the message to announce, or {navigate: url} to leave the page (to an OAuth provider).
   */
  formDialog(opener, title, fields, saveLabel, submit, intro) {
    const summary = errorSummary();
    const save = h('button', { type: 'submit', class: 'cx-button', text: saveLabel });
    const form = h('form', { novalidate: true, class: 'cx-form' }, intro, summary, fields.map(f => f.element),
      h('div', { class: 'cx-dialog-buttons' },
        h('button', { type: 'button', class: 'cx-button cx-secondary', text: t('action.cancel'),
          onclick: () => closeDialog(dialog) }), save));
    const dialog = openDialog(this.root, opener, title, form);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      save.disabled = true;
      clearProblems(summary, fields);
      try {
        const message = await submit();
        if (message?.navigate) {
          // The provider's page replaces this one; the button stays disabled until it does.
          location.assign(message.navigate);
          save.disabled = true;
          return;
        }
        closeDialog(dialog);
        await this.reloadApp();
        this.announce(message);
      } catch (error) {
        save.disabled = false;
        if (!(error instanceof ApiError)) throw error;
        // Everything typed stays, the key included; focus goes to the first field in error.
        focusProblem(summary, showProblems(summary, fields, error));
      }
    });
    return dialog;
  }

  nameField(value = '') {
    return new Field('name', t('field.name'), { value, maxChars: NAME_LIMIT, required: true, hint: t('field.nameHint') });
  }

  keyField(label, hint, required = true) {
    return new Field('apiKey', label, { type: 'password', autocomplete: 'new-password', hint, required });
  }

  // B3: Add connection.
  addDialog(opener, app) {
    const name = this.nameField();
    const key = this.keyField(t('field.apiKey'), app.keyFormat ? t('field.keyFormat', { format: app.keyFormat }) : t('field.keyHint'));
    const settings = (app.settings ?? []).map(s => new Field(`settings.${s.name}`, s.label ?? s.name,
      { required: s.required, hint: s.description || null, value: s.defaultValue ?? null }));
    const fields = [name, key, ...settings];
    this.formDialog(opener, t('add.title', { app: app.name }), fields, t('action.save'), async () => {
      const values = Object.fromEntries(settings.filter(f => f.value !== '').map(f => [f.name.slice(9), f.value]));
      const added = await this.api.request('POST', `/apps/${encodeURIComponent(app.id)}/connections`,
        { body: { name: name.value, apiKey: key.value, settings: values } });
      return added.default ? t('add.doneDefault', { name: added.name }) : t('add.done', { name: added.name });
    });
  }

  // B5: rename, or replace the key (the old key is never shown).
  editDialog(opener, app, c) {
    const name = this.nameField(c.name);
    // An OAuth connection's tokens come from the provider: only its name can be edited.
    const key = c.kind === 'oauth' ? null : this.keyField(t('field.newKey'), t('field.newKeyHint', { hint: c.keyHint ?? '' }), false);
    // What the server holds now: a rename that succeeded before a rejected key is not sent again.
    const current = { name: c.name, version: c.version };
    const done = [];
    this.formDialog(opener, t('edit.title'), [name, key].filter(Boolean), t('action.save'), async () => {
      if (name.value !== current.name) {
        const renamed = await this.api.request('PATCH', `/connections/${c.id}`, { body: { name: name.value }, version: current.version });
        Object.assign(current, { name: renamed.name, version: renamed.version });
        done.push(t('edit.renamed', { name: renamed.name }));
      }
      if (key && key.value !== '') {
        await this.api.request('PATCH', `/connections/${c.id}`, { body: { apiKey: key.value }, version: current.version });
        done.push(t('edit.keyReplaced'));
      }
      return done.length ? done.join(' ') : t('edit.unchanged');
    });
  }

  // B7: "Delete custom key" → Delete / Cancel, then say which connection became the default.
  deleteDialog(opener, app, c) {
    const remove = h('button', { type: 'button', class: 'cx-button cx-danger', id: 'cx-confirm-delete', text: t('action.delete') });
    const cancel = h('button', { type: 'button', class: 'cx-button cx-secondary', autofocus: true, text: t('action.cancel') });
    const summary = errorSummary();
    const oauth = c.kind === 'oauth';
    const body = h('div', {}, h('p', { text: t(oauth ? 'delete.questionOAuth' : 'delete.question', { name: c.name, app: app.name }) }),
      c.default ? h('p', { class: 'cx-hint', text: t('delete.defaultNote') }) : null, summary,
      h('div', { class: 'cx-dialog-buttons' }, cancel, remove));
    const dialog = openDialog(this.root, opener, t(oauth ? 'delete.titleOAuth' : 'delete.title'), body, { className: 'cx-delete-dialog' });
    cancel.addEventListener('click', () => closeDialog(dialog));
    remove.addEventListener('click', async () => {
      remove.disabled = true;
      try {
        const result = await this.api.request('DELETE', `/connections/${c.id}`, { version: c.version });
        closeDialog(dialog);
        await this.reloadApp();
        const done = result?.newDefault
          ? t('delete.doneNewDefault', { name: c.name, other: result.newDefault.name })
          : t('delete.done', { name: c.name });
        // What the provider did with the access matters: where it was not revoked, the user must do it there.
        const revocation = oauth && result?.revocation ? ` ${t(`delete.revocation.${result.revocation}`, { app: app.name })}` : '';
        this.announce(done + revocation, oauth && result?.revocation !== 'REVOKED' ? 'problem' : 'success');
        // The deleted row's buttons are gone: focus goes to the page's next useful control.
        (this.root.querySelector('#cx-add-connection') ?? this.root.querySelector('h1'))?.focus();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        showProblems(summary, [], error);
        remove.disabled = false;
      }
    });
  }

  // B4: a fully custom connection.
  customPage(view, suggestedName) {
    const appName = new Field('appName', t('custom.appName'), { value: suggestedName, maxChars: NAME_LIMIT, required: true });
    const baseUrl = new Field('baseUrl', t('custom.baseUrl'), { type: 'url', required: true, hint: t('custom.baseUrlHint'), value: 'https://' });
    const authType = new Field('auth.type', t('custom.authType'), { type: 'select', aliases: ['authType'],
      choices: [['HEADER', t('custom.auth.HEADER')], ['QUERY', t('custom.auth.QUERY')], ['BASIC', t('custom.auth.BASIC')]] });
    const headerName = new Field('auth.headerName', t('custom.headerName'), { value: 'Authorization', aliases: ['headerName', 'keyName', 'auth.name'] });
    const prefix = new Field('auth.prefix', t('custom.prefix'), { value: 'Bearer ', hint: t('custom.prefixHint'), aliases: ['prefix', 'keyPrefix'] });
    const queryParameter = new Field('auth.queryParameter', t('custom.queryParameter'), { aliases: ['queryParameter'] });
    const username = new Field('auth.username', t('custom.username'), { hint: t('custom.usernameHint'), aliases: ['username', 'basicUsername'] });
    const probePath = new Field('probePath', t('custom.probePath'), { hint: t('custom.probePathHint') });
    const name = this.nameField();
    const key = this.keyField(t('field.apiKey'), t('field.keyHint'));
    // How the app grants access: a key typed here, or the user's sign-in at the app (OAuth 2.0, no key).
    const accessName = uid('access');
    const accessChoice = value => h('label', { class: 'cx-choice' },
      h('input', { type: 'radio', name: accessName, value, checked: value === 'KEY' }), t(`custom.access.${value}`));
    const access = h('fieldset', { class: 'cx-choices' }, h('legend', { text: t('custom.access') }),
      accessChoice('KEY'), accessChoice('OAUTH2'));
    const authorizationUrl = new Field('oauth2.authorizationUrl', t('custom.oauth.authorizationUrl'),
      { type: 'url', required: true, value: 'https://', hint: t('custom.oauth.authorizationUrlHint') });
    const tokenUrl = new Field('oauth2.tokenUrl', t('custom.oauth.tokenUrl'),
      { type: 'url', required: true, value: 'https://', hint: t('custom.oauth.tokenUrlHint') });
    const revocationUrl = new Field('oauth2.revocationUrl', t('custom.oauth.revocationUrl'),
      { type: 'url', hint: t('custom.oauth.revocationUrlHint') });
    const scopes = new Field('oauth2.scopes', t('custom.oauth.scopes'), { hint: t('custom.oauth.scopesHint') });
    const clientAuthentication = new Field('oauth2.clientAuthentication', t('custom.oauth.clientAuthentication'), {
      type: 'select', hint: t('custom.oauth.clientAuthenticationHint'),
      choices: [['CLIENT_SECRET_BASIC', t('custom.oauth.CLIENT_SECRET_BASIC')], ['CLIENT_SECRET_POST', t('custom.oauth.CLIENT_SECRET_POST')]] });
    const oauthFields = [authorizationUrl, tokenUrl, revocationUrl, scopes, clientAuthentication];
    const oauthSet = h('fieldset', { id: 'cx-custom-oauth' }, h('legend', { text: t('custom.oauth') }),
      h('p', { class: 'cx-hint', text: t('custom.oauth.intro') }), oauthFields.map(f => f.element));
    const howLegend = h('legend', { text: t('custom.how') });
    const basicOption = authType.input.querySelector('option[value=BASIC]');
    const oauth = () => access.querySelector('input:checked')?.value === 'OAUTH2';
    const byType = { HEADER: [headerName, prefix], QUERY: [queryParameter], BASIC: [username] };
    const showAuth = () => {
      for (const [type, fields] of Object.entries(byType)) for (const f of fields) f.element.hidden = authType.value !== type;
      // The server names the key's header or parameter "keyName" whichever way it is sent.
      headerName.aliases = authType.value === 'HEADER' ? ['headerName', 'keyName', 'auth.name'] : ['headerName'];
      queryParameter.aliases = authType.value === 'QUERY' ? ['queryParameter', 'keyName', 'auth.name'] : ['queryParameter'];
    };
    const showAccess = () => {
      const signIn = oauth();
      oauthSet.hidden = !signIn;
      key.element.hidden = signIn;
      // A token goes in a header or a query parameter; basic authentication is for keys only.
      basicOption.hidden = signIn;
      basicOption.disabled = signIn;
      if (signIn && authType.value === 'BASIC') authType.input.value = 'HEADER';
      howLegend.textContent = t(signIn ? 'custom.howToken' : 'custom.how');
      authType.label = t(signIn ? 'custom.tokenType' : 'custom.authType');
      authType.element.querySelector('label').textContent = authType.label;
      save.textContent = t(signIn ? 'custom.oauth.continue' : 'action.save');
      showAuth();
    };
    authType.input.addEventListener('change', showAuth);
    access.addEventListener('change', showAccess);
    const keyFields = [appName, baseUrl, authType, headerName, prefix, queryParameter, username, probePath, name, key];
    const fields = () => oauth()
      ? [appName, baseUrl, authType, headerName, prefix, queryParameter, probePath, ...oauthFields, name]
      : keyFields;
    const summary = errorSummary();
    const save = h('button', { type: 'submit', class: 'cx-button', text: t('action.save') });
    const form = h('form', { novalidate: true, class: 'cx-form cx-card', id: 'cx-custom-form' }, summary,
      h('fieldset', {}, h('legend', { text: t('custom.app') }), appName.element, baseUrl.element, probePath.element),
      access, oauthSet,
      h('fieldset', {}, howLegend, authType.element, headerName.element, prefix.element,
        queryParameter.element, username.element),
      h('fieldset', {}, h('legend', { text: t('custom.connection') }), name.element, key.element),
      h('div', { class: 'cx-dialog-buttons' }, h('a', { href: '#/', class: 'cx-button cx-secondary', text: t('action.cancel') }), save));
    showAccess();
    form.addEventListener('submit', async event => {
      event.preventDefault();
      save.disabled = true;
      const signIn = oauth();
      const shown = fields();
      clearProblems(summary, [...keyFields, ...oauthFields]);
      const type = authType.value;
      const body = {
        appName: appName.value,
        baseUrl: baseUrl.value,
        auth: {
          type,
          headerName: type === 'HEADER' ? headerName.value : null,
          prefix: type === 'HEADER' ? prefix.value : null,
          queryParameter: type === 'QUERY' ? queryParameter.value : null,
          username: type === 'BASIC' ? username.value : null,
        },
        probePath: probePath.value.trim() === '' ? null : probePath.value,
        settings: {},
        name: name.value,
      };
      try {
        if (signIn) {
          body.oauth2 = {
            authorizationUrl: authorizationUrl.value,
            tokenUrl: tokenUrl.value,
            revocationUrl: revocationUrl.value.trim() === '' ? null : revocationUrl.value,
            scopes: scopes.value.split(/\s+/).filter(scope => scope !== ''),
            clientAuthentication: clientAuthentication.value,
          };
          const started = await this.api.request('POST', '/custom-connections/oauth/authorizations', { body });
          // The app's sign-in page replaces this one; the callback brings the browser back to the app's page.
          location.assign(started.authorizationUrl);
          return;
        }
        body.apiKey = key.value;
        const added = await this.api.request('POST', '/custom-connections', { body });
        this.pendingNotice = t('add.doneDefault', { name: added.name });
        location.hash = `#/apps/${encodeURIComponent(added.integrationId)}`;
      } catch (error) {
        save.disabled = false;
        if (!(error instanceof ApiError)) throw error;
        focusProblem(summary, showProblems(summary, shown, error));
      } finally {
        if (!signIn) save.disabled = false;
      }
    });
    append(view, [this.breadcrumb(t('custom.title')), h('h1', { class: 'cx-title', tabindex: '-1', text: t('custom.title') }),
      h('p', { class: 'cx-lead', text: t('custom.lead') }), form]);
  }
}

/** After a rejected submit: focus the first field in error, or the summary when no field was named. */
function focusProblem(summary, firstInvalid) {
  if (firstInvalid) {
    firstInvalid.focus();
  } else {
    summary.setAttribute('tabindex', '-1');
    summary.focus();
  }
}

/** The OAuth 2.0 grant "Connect with" uses for {@code app}: the user's sign-in where offered, else the host's client. */
function oauthGrant(app) {
  const grants = app.oauth?.grants ?? [];
  return grants.includes('AUTHORIZATION_CODE') ? 'AUTHORIZATION_CODE' : grants.includes('CLIENT_CREDENTIALS') ? 'CLIENT_CREDENTIALS' : null;
}

function needsReconnect(c) {
  return c.oauth?.status === 'NEEDS_RECONNECT';
}

function initial(name) {
  return [...(name ?? '?').trim()][0]?.toUpperCase() ?? '?';
}

function statusBadge(status) {
  const state = status?.state ?? 'UNKNOWN';
  const kind = { VALID: 'verified', INVALID: 'rejected' }[state] ?? 'unknown';
  const text = state === 'VALID' && status.checkedAt ? t('status.verified', { when: ago(status.checkedAt) })
    : state === 'INVALID' ? t('status.rejected') : t('status.notVerified');
  return h('span', { class: `cx-badge cx-status cx-${kind}`, 'data-status': kind, title: status?.reason ?? null, text });
}

for (const root of document.querySelectorAll('[data-connections]')) {
  new Page(root).start().catch(error => {
    root.replaceChildren(h('p', { class: 'cx-notice cx-problem', role: 'alert', text: `The Connections page could not start: ${error.message}` }));
  });
}
