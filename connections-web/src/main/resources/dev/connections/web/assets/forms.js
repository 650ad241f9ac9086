// Form fields that keep what was typed, show every problem of a field at once tied to it
// (aria-invalid + aria-describedby) and show limits before submit instead of cutting silently.
import { h, uid } from './dom.js';
import { t, tn } from './i18n.js';

/**
 * A labelled input. Options: type, value, hint, maxChars (a live counter, never a maxlength cut),
 * required, autocomplete, aliases (other field names the server may report it by).
 */
export class Field {
  constructor(name, label, options = {}) {
    this.name = name;
    this.label = label;
    this.aliases = options.aliases ?? [];
    const id = uid(name.replace(/[^a-zA-Z0-9]/g, '-'));
    this.errorId = `${id}-error`;
    this.hintId = options.hint ? `${id}-hint` : null;
    this.counterId = options.maxChars ? `${id}-counter` : null;
    const tag = options.type === 'select' ? 'select' : 'input';
    this.input = h(tag, {
      id,
      name,
      type: tag === 'input' ? (options.type ?? 'text') : null,
      autocomplete: options.autocomplete ?? 'off',
      spellcheck: options.type === 'password' ? 'false' : null,
      'aria-required': options.required ? 'true' : null,
      class: 'cx-input',
    });
    for (const [value, text] of options.choices ?? []) this.input.append(h('option', { value, text }));
    if (options.value != null) this.input.value = options.value;
    this.errors = h('ul', { id: this.errorId, class: 'cx-field-errors', hidden: true });
    this.hint = this.hintId ? h('p', { id: this.hintId, class: 'cx-hint', text: options.hint }) : null;
    this.counter = this.counterId ? h('p', { id: this.counterId, class: 'cx-counter' }) : null;
    this.maxChars = options.maxChars;
    this.element = h('div', { class: 'cx-field', 'data-field': name },
      h('label', { for: id }, label, options.required ? h('span', { class: 'cx-required', text: ` ${t('field.required')}` }) : null),
      this.input, this.counter, this.hint, this.errors);
    if (this.counter) {
      this.input.addEventListener('input', () => this.count());
      this.count();
    }
    this.describe();
  }

  get value() {
    return this.input.value;
  }

  /** Whether the server's {@code field} names this input. */
  names(field) {
    return field === this.name || this.aliases.includes(field);
  }

  count() {
    // Code points, as the server counts characters, not UTF-16 units.
    const used = [...this.input.value].length;
    const over = used - this.maxChars;
    this.counter.textContent = over > 0
      ? t('field.counterOver', { used, max: this.maxChars, over })
      : t('field.counter', { used, max: this.maxChars });
    this.counter.classList.toggle('cx-over', over > 0);
  }

  /** Shows all of {@code messages} under the input, or clears them. */
  showErrors(messages) {
    this.errors.replaceChildren(...messages.map(message => h('li', { text: message })));
    this.errors.hidden = messages.length === 0;
    if (messages.length) this.input.setAttribute('aria-invalid', 'true');
    else this.input.removeAttribute('aria-invalid');
    this.describe();
  }

  describe() {
    const ids = [this.errors.hidden ? null : this.errorId, this.counterId, this.hintId].filter(Boolean);
    if (ids.length) this.input.setAttribute('aria-describedby', ids.join(' '));
    else this.input.removeAttribute('aria-describedby');
  }
}

/**
 * Puts a rejected submit's problems next to their fields, all of them at once, and lists them all (with the
 * field's label) in a summary that screen readers announce. Returns the first invalid input.
 */
export function showProblems(summary, fields, error) {
  const byField = new Map(fields.map(field => [field, []]));
  const lines = [];
  for (const { field, message } of error.fieldErrors) {
    const owner = fields.find(candidate => candidate.names(field));
    if (owner) byField.get(owner).push(message);
    lines.push(owner ? `${owner.label}: ${message}` : message);
  }
  for (const [field, messages] of byField) field.showErrors(messages);
  const count = error.fieldErrors.length;
  if (!count) lines.push(problemText(error));
  summary.replaceChildren(h('p', { class: 'cx-summary-title', text: count ? tn('form.problems', count) : t('form.failed') }));
  if (lines.length) summary.append(h('ul', {}, lines.map(line => h('li', { text: line }))));
  summary.hidden = false;
  return fields.find(field => byField.get(field).length)?.input ?? null;
}

/** Clears a form's problems before another submit. */
export function clearProblems(summary, fields) {
  summary.hidden = true;
  summary.replaceChildren();
  for (const field of fields) field.showErrors([]);
}

/** What to tell the user about a failed call that named no field. */
export function problemText(error) {
  switch (error.status) {
    case 0: return t('error.network');
    case 401: return t('error.signedOut');
    case 403: return t('error.forbidden');
    case 404: return t('error.notFound');
    case 412: return t('error.stale');
    default: return error.problem?.detail || error.problem?.title || t('error.generic');
  }
}

/** The error summary of a form: announced at once (role=alert), hidden until a submit fails. */
export function errorSummary() {
  return h('div', { class: 'cx-error-summary', role: 'alert', hidden: true });
}
