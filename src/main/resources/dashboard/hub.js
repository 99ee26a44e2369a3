// backup-hub dashboard: theme, local times, filters, keyboard shortcuts, and the buttons and forms
// that call the JSON API. No inline script anywhere (the pages' Content-Security-Policy forbids it);
// writes go to the API with the session's CSRF token, which the page carries in
// <meta name="csrf-token">. Text from the API is only ever set as textContent, never as HTML.
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
  const duration = (ms) => {
    const s = Math.round(ms / 1000);
    if (s < 60) return ms < 1000 ? `${ms} ms` : `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
    if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
    return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
  };
  const ago = (d) => `${duration(Math.max(0, Date.now() - d.getTime()))} ago`;

  const format = (scope) => {
    scope.querySelectorAll('time[datetime]').forEach((t) => {
      const d = new Date(t.getAttribute('datetime'));
      if (isNaN(d)) return;
      t.textContent = t.dataset.ago !== undefined ? ago(d) : local(d);
      t.title = `${d.toISOString().replace('.000Z', 'Z')} (UTC)`;
    });
    scope.querySelectorAll('[data-bytes]').forEach((e) => { e.textContent = bytes(Number(e.dataset.bytes)); });
    scope.querySelectorAll('[data-ms]').forEach((e) => { e.textContent = duration(Number(e.dataset.ms)); });
    scope.querySelectorAll('[data-seconds]').forEach((e) => { e.textContent = duration(Number(e.dataset.seconds) * 1000); });
  };

  // --- calling the API from buttons and forms -------------------------------------------------
  // <button data-api="POST /api/v1/..."> and <form data-api="...">: the form's named fields become the
  // JSON body (empty ones left out; data-list: comma-separated list; data-number: a number).
  // data-then says what follows: job (open the job's page), reload, go:/path, message, secret.
  const problem = async (res) => {
    try { const p = await res.json(); return p.detail || p.title || `The hub answered ${res.status}.`; } catch { return `The hub answered ${res.status}.`; }
  };
  const showError = (el, text) => {
    const out = el.closest('form, li, section, main')?.querySelector('[data-error]') ?? document.querySelector('[data-error]');
    if (out) { out.textContent = text; out.hidden = false; }
  };
  const bodyOf = (form) => {
    const body = {};
    for (const el of form.elements) {
      if (!el.name || el.dataset.noBody !== undefined || el.type === 'submit') continue;
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) continue;
      let value = el.value.trim();
      if (value === '') continue;
      if (el.dataset.list !== undefined) value = value.split(',').map((s) => s.trim()).filter(Boolean);
      else if (el.dataset.number !== undefined) value = Number(value);
      body[el.name] = value;
    }
    return body;
  };
  const followUp = async (el, res) => {
    const how = el.dataset.then || 'reload';
    if (how === 'job') { const job = await res.json(); location.assign(`/jobs/${job.id}`); return; }
    if (how.startsWith('go:')) { location.assign(how.slice(3)); return; }
    if (how === 'message') {
      const out = el.parentElement.querySelector('[data-message-out]');
      if (out) out.textContent = el.dataset.message;
      return;
    }
    if (how === 'secret') {
      const created = await res.json();
      const box = document.querySelector('[data-secret]');
      box.querySelector('[data-secret-url]').value = new URL(created.url, location.origin).href;
      box.querySelector('[data-secret-value]').value = created.secret;
      el.hidden = true;
      box.hidden = false;
      box.querySelector('[data-secret-value]').focus();
      return;
    }
    location.reload();
  };
  const call = async (el, body) => {
    const [method, url] = el.dataset.api.split(' ');
    if (el.dataset.confirm && !confirm(el.dataset.confirm)) return;
    const busy = el.tagName === 'FORM' ? el.querySelector('button[type="submit"], button:not([type])') : el;
    if (busy) busy.disabled = true;
    try {
      const res = await hubApi(method, url, body);
      if (!res.ok) { showError(el, await problem(res)); return; }
      await followUp(el, res);
    } catch (e) {
      showError(el, `The hub could not be reached: ${e.message}`);
    } finally {
      if (busy) busy.disabled = false;
    }
  };

  // --- the restore wizard: preview, type the database's name, restore -------------------------
  const restoreWizard = () => {
    const previewForm = document.querySelector('form[data-restore-preview]');
    if (!previewForm) return;
    const planBox = document.querySelector('[data-restore-plan]');
    const confirmForm = planBox.querySelector('form[data-restore-confirm]');
    const field = (name) => planBox.querySelector(`[data-plan="${name}"]`);
    let plan = null;
    previewForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      planBox.hidden = true;
      const res = await hubApi('POST', previewForm.dataset.restorePreview, bodyOf(previewForm));
      if (!res.ok) { showError(previewForm, await problem(res)); return; }
      previewForm.querySelector('[data-error]').hidden = true;
      plan = await res.json();
      const d = plan.destination;
      field('source').textContent = `${plan.source.artifactId} of ${plan.source.targetId} (${plan.source.verification}, ${bytes(plan.source.bytes)})`;
      field('destination').textContent = `database ${d.database} on ${d.targetId} (${d.host}), ${d.exists ? (d.empty ? 'exists, empty' : 'exists, has data') : 'does not exist yet'}`;
      field('mode').textContent = plan.mode;
      field('safetyBackup').textContent = plan.safetyBackup ? 'yes' : 'no';
      const v = plan.versions ?? {};
      field('versions').textContent = [v.dumpServer && `dumped from ${v.dumpServer}`, v.dumpTool && `by ${v.dumpTool}`,
        v.destinationServer && `into ${v.destinationServer}`].filter(Boolean).join(', ') || 'not known';
      const warnings = field('warnings');
      warnings.replaceChildren(...(plan.warnings ?? []).map((w) => Object.assign(document.createElement('li'), { textContent: w })));
      field('database').textContent = d.database;
      const input = confirmForm.querySelector('[data-must-type]');
      input.dataset.mustType = d.database;
      input.value = '';
      confirmForm.querySelector('button[type="submit"]').disabled = true;
      planBox.hidden = false;
      input.focus();
    });
    confirmForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const d = plan.destination;
      const res = await hubApi('POST', confirmForm.dataset.restoreConfirm,
        { targetId: d.targetId, database: d.database, mode: plan.mode, confirm: plan.confirm });
      if (!res.ok) { showError(confirmForm, await problem(res)); return; }
      location.assign(`/jobs/${(await res.json()).id}`);
    });
  };

  // --- a job's live progress, over server-sent events -----------------------------------------
  const liveJob = () => {
    const box = document.querySelector('[data-job-live]');
    if (!box) return;
    const field = (name) => document.querySelector(`[data-field="${name}"]`);
    const show = (p) => {
      const job = p.job;
      const status = field('status');
      status.textContent = job.status;
      status.className = `badge ${job.status}`;
      field('verification').textContent = job.verification ?? '';
      field('bytes').textContent = p.bytes == null ? '–' : bytes(p.bytes);
      field('rate').textContent = p.bytesPerSecond == null ? '–' : `${bytes(p.bytesPerSecond)}/s`;
      field('elapsed').textContent = p.elapsedMs == null ? '–' : duration(p.elapsedMs);
      field('eta').textContent = p.etaMs == null ? '–' : duration(p.etaMs);
      const bar = field('progress');
      if (p.expectedBytes && p.bytes != null) {
        bar.hidden = false;
        bar.value = job.finishedAt ? 100 : Math.min(99, Math.round((p.bytes / p.expectedBytes) * 100));
      }
      const error = field('error');
      error.textContent = job.error ?? '';
      error.hidden = !job.error;
      if (job.artifactId) {
        const link = Object.assign(document.createElement('a'), { href: `/artifacts/${job.artifactId}`, textContent: job.artifactId });
        field('artifact').replaceChildren('Backup: ', link);
        field('artifact').hidden = false;
      }
      if (job.finishedAt) {
        field('cancel')?.remove();
        const t = Object.assign(document.createElement('time'), { dateTime: job.finishedAt });
        field('finished').replaceChildren(t);
        format(field('finished'));
      }
    };
    if (!field('cancel')) return; // finished before the page was drawn: nothing will change
    const events = new EventSource(box.dataset.jobLive);
    events.onmessage = (m) => {
      const p = JSON.parse(m.data);
      show(p);
      if (p.job.finishedAt) events.close(); // the stream ends here; EventSource would reconnect
    };
  };

  // --- client-side filters of a page's rows or tiles --------------------------------------------
  const filters = () => {
    const form = document.querySelector('[data-filter-form]');
    if (!form) return;
    const server = (form.dataset.autosubmit ?? '').split(' ').filter(Boolean);
    const rows = [...document.querySelectorAll('[data-tiles] > *')];
    const apply = () => {
      const q = (form.q?.value || '').toLowerCase();
      let shown = 0;
      rows.forEach((row) => {
        let ok = !q || (row.dataset.text ?? '').toLowerCase().includes(q);
        for (const el of form.elements) {
          if (!ok || !el.name || el.name === 'q' || server.includes(el.name)) continue;
          if (el.type === 'checkbox') ok = !el.checked || row.dataset[el.name] === el.value;
          else if (el.value) ok = row.dataset[el.name] === el.value;
        }
        row.hidden = !ok;
        if (ok) shown++;
      });
      const none = document.querySelector('[data-no-match]');
      if (none) none.hidden = shown > 0;
    };
    form.addEventListener('input', (e) => { if (!server.includes(e.target.name)) apply(); });
    form.addEventListener('submit', (e) => { if (!server.length) e.preventDefault(); });
  };

  document.addEventListener('DOMContentLoaded', () => {
    format(document);

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

    document.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-api]');
      if (button) { e.preventDefault(); call(button); }
      const copy = e.target.closest('button[data-copy]');
      if (copy) {
        const source = document.querySelector(copy.dataset.copy);
        source.select();
        const done = () => { const out = copy.parentElement.querySelector('[data-copied]'); if (out) out.textContent = 'Copied.'; };
        (navigator.clipboard ? navigator.clipboard.writeText(source.value) : Promise.reject(new Error('no clipboard')))
          .then(done, () => { if (document.execCommand('copy')) done(); });
      }
    });
    document.addEventListener('submit', (e) => {
      const form = e.target.closest('form[data-api]');
      if (!form) return;
      e.preventDefault();
      call(form, form.dataset.api.startsWith('DELETE') ? undefined : bodyOf(form));
    });
    // A confirmation typed by hand: the form's button works only once the input says the name.
    document.addEventListener('input', (e) => {
      const input = e.target.closest('[data-must-type]');
      if (input) input.form.querySelector('button[type="submit"]').disabled = input.value !== input.dataset.mustType || !input.dataset.mustType;
    });
    document.querySelectorAll('form[data-autosubmit]').forEach((form) => {
      const names = form.dataset.autosubmit.split(' ').filter(Boolean);
      form.addEventListener('change', (e) => { if (!names.length || names.includes(e.target.name)) form.submit(); });
    });

    filters();
    restoreWizard();
    liveJob();

    document.addEventListener('keydown', (e) => {
      const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName ?? '');
      if (e.key === '/' && !typing) { e.preventDefault(); document.querySelector('[data-search]')?.focus(); }
      if (e.key === '?' && !typing) { e.preventDefault(); document.getElementById('shortcuts')?.showModal(); }
    });
  });
})();
