// Small DOM helpers: elements are built with textContent and attributes only (never parsed markup), so names
// typed by users stay text, and the page needs no inline script or style under a strict CSP.

/** Creates an element; attrs: class, text, on<event> handlers, booleans (true = present), other attributes. */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Appends nodes and strings, skipping null, undefined and false. */
export function append(element, children) {
  for (const child of [children].flat(Infinity)) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

let counter = 0;

/** A document-unique id (fragments may sit in a host page with its own ids). */
export function uid(prefix) {
  counter += 1;
  return `cx-${prefix}-${counter}`;
}

/** Every element focus can reach by Tab inside {@code container}, in order. */
export function tabbables(container) {
  return [...container.querySelectorAll(
    'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])')]
    .filter(element => !element.closest('[hidden]') && element.getClientRects().length > 0);
}
