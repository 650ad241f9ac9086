// Popups: a modal <dialog> whose focus moves in, stays in (Tab wraps), leaves with Escape, and returns
// to the button that opened it (or, when a re-render replaced that button, to its successor).
import { h, tabbables, uid } from './dom.js';

/**
 * Opens a modal popup titled {@code title} holding {@code body}, inside {@code host}. Returns the
 * dialog; {@code close(dialog)} closes it.
 */
export function openDialog(host, opener, title, body, { className = '' } = {}) {
  const titleId = uid('dialog-title');
  const dialog = h('dialog', { class: `cx-dialog ${className}`, 'aria-labelledby': titleId },
    h('h2', { id: titleId, class: 'cx-dialog-title', text: title }), body);
  const focusKey = opener?.dataset.focusKey;
  dialog.addEventListener('keydown', event => {
    if (event.key !== 'Tab') return;
    const reachable = tabbables(dialog);
    if (!reachable.length) return;
    const first = reachable[0];
    const last = reachable[reachable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    const target = opener?.isConnected ? opener
      : (focusKey && host.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)) || host.querySelector('h1');
    target?.focus();
  });
  host.append(dialog);
  dialog.showModal();
  const first = dialog.querySelector('[autofocus]') ?? tabbables(dialog)[0];
  first?.focus();
  // A prefilled name is selected, so typing replaces it (as a rename usually wants).
  if (first instanceof HTMLInputElement) first.select();
  return dialog;
}

export function closeDialog(dialog) {
  if (dialog.open) dialog.close();
}
