// The little behaviour the Connections page needs: the workspace menu, popups, the "replace key" pencil,
// search as you type, and the custom form's key-placement switch. Everything works without it except the
// popups and the workspace menu (Settings' left menu leads to the same pages).
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  // Workspace menu: a menu button (WAI-ARIA menu pattern). Enter, Space or Down opens it on the first
  // item, Up on the last; Up/Down/Home/End move; Escape closes it and returns to the button; Tab leaves.
  const menuButton = document.getElementById('workspace-menu-button');
  if (menuButton) {
    const menu = document.getElementById(menuButton.getAttribute('aria-controls'));
    const items = () => Array.from(menu.querySelectorAll('[role^=menuitem]'));
    const focusItem = (index) => {
      const list = items();
      list[(index + list.length) % list.length].focus();
    };
    const openMenu = (index) => {
      menu.hidden = false;
      menuButton.setAttribute('aria-expanded', 'true');
      focusItem(index);
    };
    const closeMenu = (backToButton) => {
      menu.hidden = true;
      menuButton.setAttribute('aria-expanded', 'false');
      if (backToButton) menuButton.focus();
    };
    menuButton.addEventListener('click', () => (menu.hidden ? openMenu(0) : closeMenu(false)));
    menuButton.addEventListener('keydown', (event) => {
      if (['Enter', ' ', 'ArrowDown'].includes(event.key)) {
        event.preventDefault();
        openMenu(0);
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        openMenu(-1);
      }
    });
    menu.addEventListener('keydown', (event) => {
      const index = items().indexOf(document.activeElement);
      const moves = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: -1 };
      if (event.key in moves) {
        event.preventDefault();
        focusItem(moves[event.key]);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        closeMenu(true);
      } else if (event.key === 'Tab') {
        closeMenu(false);
      } else if (event.key === ' ' && index >= 0) {
        event.preventDefault();
        document.activeElement.click();
      }
    });
    document.addEventListener('click', (event) => {
      if (!menu.hidden && !menu.contains(event.target) && !menuButton.contains(event.target)) closeMenu(false);
    });
  }

  // Popups: a button with data-open="id" opens <dialog id>; data-close closes the enclosing one.
  document.querySelectorAll('[data-open]').forEach((button) => {
    button.addEventListener('click', () => {
      const dialog = document.getElementById(button.dataset.open);
      if (dialog) {
        dialog.showModal();
        const first = dialog.querySelector('input:not([type=hidden]):not([disabled])');
        if (first) first.focus();
      }
    });
  });
  document.querySelectorAll('[data-close]').forEach((button) => {
    button.addEventListener('click', () => button.closest('dialog').close());
  });
  // A form that came back with errors re-opens its popup.
  const reopen = document.body.dataset.openDialog;
  if (reopen && reopen !== 'custom') {
    const dialog = document.getElementById(reopen);
    if (dialog) dialog.showModal();
  }

  // Edit popup: the stored key is never shown; the pencil swaps its hint for an empty password field.
  document.querySelectorAll('.key-field').forEach((field) => {
    const flag = field.querySelector('.replace-key');
    const input = field.querySelector('.new-key');
    const sync = () => {
      const replacing = flag.value === 'true';
      field.classList.toggle('replacing', replacing);
      input.disabled = !replacing;
    };
    field.querySelector('.edit-key').addEventListener('click', () => {
      flag.value = flag.value === 'true' ? 'false' : 'true';
      if (flag.value !== 'true') input.value = '';
      sync();
      if (!input.disabled) input.focus();
    });
    sync();
  });

  // Explore all integrations: filter by name as the user types, rendered by the server.
  const search = document.getElementById('integration-search');
  if (search) {
    let timer = null;
    let latest = 0;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const ticket = ++latest;
        const query = search.value;
        const url = search.dataset.resultsUrl + '?q=' + encodeURIComponent(query);
        const response = await fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
        if (!response.ok || ticket !== latest) return;
        const holder = document.createElement('div');
        // The fragment is our own server-rendered, escaped HTML.
        holder.innerHTML = await response.text();
        const list = holder.querySelector('#integration-list');
        if (list) document.getElementById('integration-list').replaceWith(list);
        const address = new URL(window.location.href);
        if (query) address.searchParams.set('q', query); else address.searchParams.delete('q');
        history.replaceState(null, '', address);
      }, 120);
    });
  }

  // Custom connection: show only the fields of the chosen key placement.
  const authType = document.getElementById('authType');
  if (authType) {
    const update = () => {
      document.querySelectorAll('.auth-option').forEach((option) => {
        const shown = option.dataset.auth.split(' ').includes(authType.value);
        option.hidden = !shown;
        option.querySelectorAll('input').forEach((input) => { input.disabled = !shown; });
      });
      const keyName = document.querySelector('label[for=keyName]');
      if (keyName) keyName.textContent = authType.value === 'QUERY_PARAMETER' ? 'Query parameter name' : 'Header name';
    };
    authType.addEventListener('change', update);
    update();
  }
});
