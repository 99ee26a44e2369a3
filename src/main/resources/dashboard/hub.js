// backup-hub dashboard: theme, local times, filters, logout, keyboard shortcuts. No inline script
// anywhere (the pages' Content-Security-Policy forbids it); writes go to the JSON API with the
// session's CSRF token, which the page carries in <meta name="csrf-token">.
(() => {
  const root = document.documentElement;
  const stored = localStorage.getItem('hub-theme'); // a display preference, never a credential
  if (stored) root.dataset.theme = stored;

  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? '';
  window.hubApi = (method, url, body) => fetch(url, {
    method, credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  const pad = (n) => String(n).padStart(2, '0');
  const local = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const bytes = (n) => {
    const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
    return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
  };

  document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('time[datetime]').forEach((t) => {
      const d = new Date(t.getAttribute('datetime'));
      if (!isNaN(d)) { t.textContent = local(d); t.title = d.toISOString().replace('.000Z', 'Z') + ' (UTC)'; }
    });
    document.querySelectorAll('[data-bytes]').forEach((e) => { e.textContent = bytes(Number(e.dataset.bytes)); });

    const toggle = document.querySelector('[data-theme-toggle]');
    const isDark = () => (root.dataset.theme ? root.dataset.theme === 'dark'
      : matchMedia('(prefers-color-scheme: dark)').matches);
    toggle?.setAttribute('aria-pressed', String(isDark()));
    toggle?.addEventListener('click', () => {
      root.dataset.theme = isDark() ? 'light' : 'dark';
      localStorage.setItem('hub-theme', root.dataset.theme);
      toggle.setAttribute('aria-pressed', String(isDark()));
    });
    document.querySelector('[data-logout]')?.addEventListener('click', async () => {
      await hubApi('POST', '/logout');
      location.assign('/login');
    });

    const form = document.querySelector('[data-filter-form]');
    const tiles = [...document.querySelectorAll('[data-tiles] > li')];
    const apply = () => {
      const q = (form.q.value || '').toLowerCase();
      let shown = 0;
      tiles.forEach((tile) => {
        const ok = (!form.environment.value || tile.dataset.environment === form.environment.value)
          && (!form.engine.value || tile.dataset.engine === form.engine.value)
          && (!q || tile.dataset.text.toLowerCase().includes(q));
        tile.hidden = !ok;
        if (ok) shown++;
      });
      const none = document.querySelector('[data-no-match]');
      if (none) none.hidden = shown > 0;
    };
    form?.addEventListener('input', apply);
    form?.addEventListener('submit', (e) => e.preventDefault());

    document.addEventListener('keydown', (e) => {
      const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName ?? '');
      if (e.key === '/' && !typing) { e.preventDefault(); document.querySelector('[data-search]')?.focus(); }
      if (e.key === '?' && !typing) { e.preventDefault(); document.getElementById('shortcuts')?.showModal(); }
    });
  });
})();
