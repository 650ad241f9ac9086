// Message bundles: assets/i18n/<language>.json, English as the fallback for any missing key.

let messages = {};
let fallback = {};
let language = 'en';

async function bundle(assets, name) {
  const response = await fetch(`${assets}i18n/${name}.json`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`No message bundle ${name}`);
  return response.json();
}

/** Loads English and, when another language is asked for, its bundle (English where it has no entry). */
export async function loadMessages(assets, wanted) {
  fallback = await bundle(assets, 'en');
  language = /^[a-z]{2}$/.test(wanted ?? '') ? wanted : 'en';
  messages = fallback;
  if (language !== 'en') {
    try {
      messages = await bundle(assets, language);
    } catch {
      language = 'en';
    }
  }
}

export function currentLanguage() {
  return language;
}

/** The message {@code key} with {name} placeholders filled from {@code params}. */
export function t(key, params = {}) {
  const text = messages[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (params[name] ?? match));
}

/** A counted message: {@code key.one} or {@code key.other} as the language's plural rules choose. */
export function tn(key, count, params = {}) {
  const form = new Intl.PluralRules(language).select(count);
  const chosen = messages[`${key}.${form}`] ?? fallback[`${key}.${form}`] ? `${key}.${form}` : `${key}.other`;
  return t(chosen, { count: new Intl.NumberFormat(language).format(count), ...params });
}

/** "5 minutes ago", "yesterday" … in the page's language. */
export function ago(iso) {
  const seconds = (Date.parse(iso) - Date.now()) / 1000;
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const units = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'second');
}
