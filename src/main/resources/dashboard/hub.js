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
  // Times in the viewer's zone, with the zone named (UTC on hover); ages in one unit, as the server says them.
  const zone = (d) => new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(d)
    .find((part) => part.type === 'timeZoneName')?.value ?? '';
  const local = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())} ${zone(d)}`;
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
  const ago = (d) => {
    const s = Math.max(0, Math.round((Date.now() - d.getTime()) / 1000));
    if (s < 120) return `${s} s ago`;
    if (s < 7200) return `${Math.floor(s / 60)} min ago`;
    if (s < 172800) return `${Math.floor(s / 3600)} h ago`;
    return `${Math.floor(s / 86400)} d ago`;
  };
  const count = new Intl.NumberFormat();
  // A backup's time as people look for it: "last night, 02:00", "yesterday, 14:10", "Mon 1 Dec, 02:00".
  const day = (d) => {
    const hm = `${pad(d.getHours())}:${pad(d.getMinutes())} ${zone(d)}`;
    const today = new Date(); today.setHours(0, 0, 0, 0);
    const days = Math.round((today - new Date(d.getFullYear(), d.getMonth(), d.getDate())) / 86400000);
    const night = (days === 0 && d.getHours() < 7) || (days === 1 && d.getHours() >= 20);
    if (night) return `last night, ${hm}`;
    if (days === 0) return `today, ${hm}`;
    if (days === 1) return `yesterday, ${hm}`;
    return `${d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })}, ${hm}`;
  };

  const format = (scope) => {
    scope.querySelectorAll('time[datetime]').forEach((t) => {
      const d = new Date(t.getAttribute('datetime'));
      if (isNaN(d)) return;
      t.textContent = t.dataset.ago !== undefined ? ago(d) : t.dataset.day !== undefined ? day(d) : local(d);
      t.title = `${d.toISOString().replace('.000Z', 'Z').replace(/\.\d+Z$/, 'Z')} (UTC)`;
    });
    scope.querySelectorAll('[data-bytes]').forEach((e) => { e.textContent = bytes(Number(e.dataset.bytes)); });
    scope.querySelectorAll('[data-ms]').forEach((e) => { e.textContent = duration(Number(e.dataset.ms)); });
    scope.querySelectorAll('[data-seconds]').forEach((e) => { e.textContent = duration(Number(e.dataset.seconds) * 1000); });
    scope.querySelectorAll('[data-count]').forEach((e) => { e.textContent = count.format(Number(e.dataset.count)); });
    // A table wider than the page scrolls sideways in its .scroll box, which keyboards must reach too.
    scope.querySelectorAll('.scroll').forEach((box) => {
      if (box.scrollWidth > box.clientWidth + 1) {
        Object.assign(box, { tabIndex: 0 });
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', 'Table (scrolls sideways)');
      }
    });
    // On a phone a table.cards row is a card: each cell says its column.
    scope.querySelectorAll('table.cards').forEach((table) => {
      const heads = [...(table.tHead?.rows[0]?.cells ?? [])].map((c) => c.textContent.trim());
      [...table.tBodies].forEach((body) => [...body.rows].forEach((row) => [...row.cells].forEach((cell, i) => {
        if (!cell.dataset.label && heads[i]) cell.dataset.label = heads[i];
      })));
    });
  };

  // A failed action says so where it was asked for, or in the page's toast when there is no place for it.
  const toast = (text) => {
    const box = document.querySelector('[data-toast]');
    if (!box) return;
    box.querySelector('[data-toast-text]').textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 15000);
  };

  // Pages that show state (data-refresh="seconds" on the part that changes) are fetched again and
  // that part replaced, so nothing goes stale; "updated … ago" says when. Paused while the tab is hidden.
  const refresh = () => {
    const region = document.querySelector('[data-refresh]');
    if (!region) return;
    const every = Number(region.dataset.refresh) * 1000;
    const stamp = document.querySelector('[data-updated]');
    const mark = () => { if (stamp) { stamp.dateTime = new Date().toISOString(); format(stamp.parentElement); } };
    mark();
    const round = async () => {
      try {
        const res = await fetch(location.href, { credentials: 'same-origin' });
        if (!res.ok) return;
        const fresh = new DOMParser().parseFromString(await res.text(), 'text/html').querySelector('[data-refresh]');
        const current = document.querySelector('[data-refresh]');
        if (!fresh || !current || current.contains(document.activeElement)) return;
        current.replaceWith(fresh);
        format(fresh);
        document.dispatchEvent(new Event('hub:refreshed'));
        mark();
      } catch { /* offline for a moment: the next round tries again */ }
    };
    setInterval(() => { if (!document.hidden) round(); }, every);
    // Coming back to the tab shows what changed meanwhile at once.
    document.addEventListener('visibilitychange', () => { if (!document.hidden) document.dispatchEvent(new Event('hub:refresh')); });
    document.addEventListener('hub:refresh', round);
    setInterval(() => stamp && format(stamp.parentElement), 10000);
  };

  // --- calling the API from buttons and forms -------------------------------------------------
  // <button data-api="POST /api/v1/..."> and <form data-api="...">: the form's named fields become the
  // JSON body (empty ones left out; data-list: comma-separated list; data-number: a number; data-bool: a
  // checkbox that is true when checked).
  // data-then says what follows: job (open the job's page), reload, go:/path, message, secret.
  const problem = async (res) => {
    try {
      const p = await res.json();
      return (p.errors?.length ? p.errors.join('; ') : p.detail || p.title) || `The hub answered ${res.status}.`;
    } catch { return `The hub answered ${res.status}.`; }
  };
  const showError = (el, text) => {
    const out = el.closest('form, td, li, section')?.querySelector('[data-error]');
    if (out) { out.textContent = text; out.hidden = false; } else toast(text);
  };
  const bodyOf = (form) => {
    const body = {};
    for (const el of form.elements) {
      if (!el.name || el.dataset.noBody !== undefined || el.type === 'submit') continue;
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) continue;
      if (el.type === 'checkbox' && el.dataset.bool !== undefined) { body[el.name] = true; continue; }
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
      const url = box.querySelector('[data-secret-url]');
      if (url) url.value = new URL(created.url, location.origin).href;
      const name = box.querySelector('[data-secret-name]');
      if (name) name.textContent = created.name;
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

  // --- forms checked as they are typed, by the API's own rules --------------------------------
  const line = (text, className) => Object.assign(document.createElement('p'), { textContent: text, className: className ?? '' });
  const schedulePreview = () => {
    document.querySelectorAll('form[data-schedule-form]').forEach((form) => {
      const out = form.querySelector('[data-schedule-preview]');
      let timer;
      const run = async () => {
        const res = await hubApi('POST', '/api/v1/schedules/preview', bodyOf(form));
        if (!res.ok) { out.replaceChildren(line(await problem(res), 'error')); return; }
        const schedule = await res.json();
        const list = document.createElement('ul');
        list.className = 'plain';
        schedule.nextFireTimes.forEach((t) => {
          const item = document.createElement('li');
          item.append(Object.assign(document.createElement('time'), { dateTime: t }));
          list.append(item);
        });
        out.replaceChildren(line(`Runs ${schedule.description}. The next five runs:`), list);
        format(out);
      };
      form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 300); });
      run();
    });
  };
  const retentionPreview = () => {
    const form = document.querySelector('form[data-retention-form]');
    if (!form) return;
    const out = form.parentElement.querySelector('[data-preview-out]');
    form.querySelector('[data-preview-button]').addEventListener('click', async () => {
      const [method, url] = form.dataset.preview.split(' ');
      const res = await hubApi(method, url, bodyOf(form));
      out.hidden = false;
      if (!res.ok) { out.replaceChildren(line(await problem(res), 'error')); return; }
      const plan = await res.json();
      if (!plan.delete.length) { out.replaceChildren(line(`With this policy the next sweep deletes nothing; ${plan.keep.length} copies stay.`)); return; }
      const list = document.createElement('ul');
      list.className = 'plain';
      plan.delete.forEach((d) => list.append(Object.assign(document.createElement('li'), { textContent: `${d.store}: ${d.reason}` })));
      out.replaceChildren(line(`With this policy the next sweep would delete ${plan.delete.length} cop${plan.delete.length === 1 ? 'y' : 'ies'}, freeing ${bytes(plan.bytesFreed)}:`), list);
    });
  };

  // --- charts: uPlot (npm, /assets/vendor), a time axis with dates, units on the value axis, a point per
  // run with its value on hover, failed runs marked in red on the time axis --------------------------
  const charts = () => {
    if (!window.uPlot) return;
    const css = (name) => getComputedStyle(root).getPropertyValue(name).trim();
    document.querySelectorAll('[data-chart]').forEach((box) => {
      const runs = JSON.parse(box.dataset.runs);
      const kind = box.dataset.chart;
      const show = kind === 'sizes' ? (v) => (v == null ? '–' : bytes(v)) : (v) => (v == null ? '–' : duration(v * 1000));
      const axis = { stroke: css('--muted'), grid: { stroke: css('--line'), width: 1 }, ticks: { stroke: css('--line') } };
      const opts = {
        width: Math.max(240, box.clientWidth), height: 220,
        scales: { x: { time: true, range: [runs.from, runs.to] }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [axis, { ...axis, size: 80, values: (u, ticks) => ticks.map(show) }],
        series: [
          { value: (u, t) => (t == null ? '–' : local(new Date(t * 1000))) },
          { label: kind === 'sizes' ? 'Size' : 'Duration', stroke: css('--accent'), width: 2, value: (u, v) => show(v),
            points: { show: true, size: 6, fill: css('--accent') }, spanGaps: true },
          { label: 'Failed', stroke: css('--red'), width: 0, value: (u, v) => (v == null ? '' : 'failed'),
            points: { show: true, size: 9, fill: css('--red') }, paths: () => null },
        ],
        legend: { live: true },
      };
      const values = kind === 'sizes' ? runs.sizes : runs.seconds;
      box.resizing?.disconnect(); // drawn again (the theme changed): the old chart goes
      box.uplot?.destroy();
      const chart = new uPlot(opts, [runs.times, values, runs.failed], box);
      box.uplot = chart; // also for the browser tests: the axis labels uPlot drew on its canvas
      box.resizing = new ResizeObserver(() => chart.setSize({ width: Math.max(240, box.clientWidth), height: 220 }));
      box.resizing.observe(box);
    });
  };

  // --- a job's live progress, over server-sent events -----------------------------------------
  const liveJob = () => {
    const box = document.querySelector('[data-job-live]');
    if (!box) return;
    const field = (name) => document.querySelector(`[data-field="${name}"]`);
    const set = (name, text) => { const el = field(name); if (el) el.textContent = text; };
    const show = (p) => {
      const job = p.job;
      const status = field('status');
      status.textContent = job.status;
      status.className = `badge ${job.status}`;
      set('verification', job.verification ? `backup ${job.verification}` : '');
      set('bytes', p.bytes == null ? '–' : bytes(p.bytes));
      set('rate', p.bytesPerSecond == null ? '–' : `${bytes(p.bytesPerSecond)}/s`);
      set('elapsed', p.elapsedMs == null ? '–' : duration(p.elapsedMs));
      set('eta', p.etaMs == null ? '–' : duration(p.etaMs));
      const bar = field('progress');
      if (bar && p.expectedBytes && p.bytes != null) {
        bar.hidden = false;
        bar.value = job.finishedAt ? 100 : Math.min(99, Math.round((p.bytes / p.expectedBytes) * 100));
      }
      if (job.artifactId && job.kind !== 'restore') {
        const link = Object.assign(document.createElement('a'), { href: `/artifacts/${job.artifactId}`, textContent: 'open it' });
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
    if (box.hasAttribute('data-finished')) return; // finished before the page was drawn: nothing will change
    const events = new EventSource(box.dataset.jobLive);
    events.onmessage = (m) => {
      const p = JSON.parse(m.data);
      show(p);
      if (!p.job.finishedAt) return;
      events.close(); // the stream ends here; EventSource would reconnect
      // How it ended, explained (cause, fix, retry; what a restore made), is drawn by the server.
      if (p.job.status !== 'succeeded' || p.job.kind === 'restore') location.reload();
    };
  };

  // --- client-side filters of a page's rows or tiles --------------------------------------------
  const filters = () => {
    const form = document.querySelector('[data-filter-form]');
    if (!form) return;
    const server = (form.dataset.autosubmit ?? '').split(' ').filter(Boolean);
    const apply = () => {
      const rows = [...document.querySelectorAll('[data-tiles] > *')];
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
    document.addEventListener('hub:refreshed', apply);
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
      charts(); // canvas colours are read from the theme when drawn
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
    refresh();
    charts();
    schedulePreview();
    retentionPreview();
    const menu = document.querySelector('[data-menu]');
    menu?.addEventListener('click', () => {
      const open = menu.getAttribute('aria-expanded') !== 'true';
      menu.setAttribute('aria-expanded', String(open));
      document.getElementById('pages').classList.toggle('open', open);
    });
    document.querySelector('[data-toast-close]')?.addEventListener('click', () => { document.querySelector('[data-toast]').hidden = true; });

    document.addEventListener('keydown', (e) => {
      const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName ?? '');
      if (e.key === '/' && !typing) { e.preventDefault(); document.querySelector('[data-search]')?.focus(); }
      if (e.key === '?' && !typing) { e.preventDefault(); document.getElementById('shortcuts')?.showModal(); }
    });
  });
})();
