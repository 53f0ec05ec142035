// The dashboard page: log in, ask, see SQL + table + chart, pin to dashboards. Plain browser JavaScript, no build
// step; everything it loads comes from the dashboard itself. Data from the database is only ever put into the page
// as text (textContent), never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 50;
const POLL_MS = 400;

// --- API -----------------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls the JSON API; the custom header is what the server requires of every request that changes something. */
async function api(method, path, body) {
  const options = { method, headers: { 'X-Requested-With': 'nl2sql-dashboard' }, credentials: 'same-origin' };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    throw new ApiError(0, 'The dashboard does not answer (is it still running?)');
  }
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && path !== '/api/login') {
    showLogin();
  }
  if (!response.ok) {
    throw new ApiError(response.status, data.error || ('HTTP ' + response.status));
  }
  return data;
}

/**
 * Waits for a query job to finish, reporting progress; returns the finished job's status.
 * handle.cancel() asks the server to stop it.
 */
function waitForJob(job, onProgress, handle) {
  return new Promise((resolve, reject) => {
    const started = Date.now() - job.elapsedMs;
    let latest = job;
    let stopped = false;
    const ticker = setInterval(() => onProgress(latest, (Date.now() - started) / 1000), 100);
    const finish = (fn, value) => {
      stopped = true;
      clearInterval(ticker);
      fn(value);
    };
    if (handle) {
      handle.cancel = () => api('POST', '/api/jobs/' + job.id + '/cancel').catch(() => {});
    }
    const poll = async () => {
      if (stopped) return;
      try {
        latest = await api('GET', '/api/jobs/' + job.id);
      } catch (e) {
        finish(reject, e);
        return;
      }
      if (['done', 'failed', 'cancelled'].includes(latest.state)) {
        finish(resolve, latest);
      } else {
        setTimeout(poll, POLL_MS);
      }
    };
    onProgress(job, job.elapsedMs / 1000);
    poll();
  });
}

// --- Table and chart -----------------------------------------------------------------------------------------------

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Shows one page of a finished job's rows; returns a function that moves to another page. */
async function renderTablePage(container, job, offset, limit) {
  const page = await api('GET', '/api/jobs/' + job.id + '/rows?offset=' + offset + '&limit=' + limit);
  const table = el('table');
  const head = table.createTHead().insertRow();
  job.columns.forEach((c) => {
    const th = el('th', c.name);
    th.title = c.type;
    head.appendChild(th);
  });
  const body = table.createTBody();
  page.rows.forEach((row) => {
    const tr = body.insertRow();
    row.forEach((value, i) => {
      const td = tr.insertCell();
      if (value === null) {
        td.textContent = 'NULL';
        td.className = 'null';
      } else {
        td.textContent = String(value);
        if (job.columns[i].kind === 'NUMBER') td.className = 'num';
      }
    });
  });
  container.replaceChildren(table);
  return page;
}

function plotLayout(data, extra) {
  return Object.assign({
    margin: { t: 24, r: 16, b: 64, l: 64 },
    xaxis: { title: { text: data.x.name }, automargin: true },
    yaxis: { title: { text: data.y.length === 1 ? data.y[0].name : '' }, automargin: true, rangemode: 'tozero' },
    showlegend: data.y.length > 1,
    height: 320,
  }, extra || {});
}

/** Draws a finished job's chart with Plotly, as `kind` or the kind the server chose from the result's shape. */
async function renderChart(container, job, kind) {
  const data = await api('GET', '/api/jobs/' + job.id + '/chart' + (kind ? '?kind=' + kind : ''));
  const chosen = kind || data.kind;
  const config = { displaylogo: false, responsive: true };
  container.replaceChildren();
  const empty = data.x.values.length === 0;
  if (chosen === 'value' && !empty) {
    const series = data.y[0];
    const value = series.values[0];
    const number = typeof value === 'number' ? value : Number(value);
    if (Number.isFinite(number)) {
      await Plotly.newPlot(container, [{ type: 'indicator', mode: 'number', value: number,
        title: { text: series.name } }], { height: 260, margin: { t: 40, b: 10 } }, config);
    } else {
      await Plotly.newPlot(container, [], plotLayout(data, { annotations: [{ text: String(value), showarrow: false,
        font: { size: 36 }, xref: 'paper', yref: 'paper', x: 0.5, y: 0.5 }] }), config);
    }
    return chosen;
  }
  const traces = data.y.map((series) => ({
    type: chosen === 'bar' ? 'bar' : 'scatter',
    mode: chosen === 'line' ? 'lines+markers' : 'markers',
    name: series.name,
    x: data.x.values,
    y: series.values,
  }));
  const extra = empty ? { annotations: [{ text: 'No rows', showarrow: false, font: { size: 20 },
    xref: 'paper', yref: 'paper', x: 0.5, y: 0.5 }] } : {};
  await Plotly.newPlot(container, traces, plotLayout(data, extra), config);
  return chosen;
}

// --- Views ---------------------------------------------------------------------------------------------------------

const views = ['login-view', 'ask-view', 'dashboards-view'];

function showView(id) {
  views.forEach((v) => { $(v).hidden = v !== id; });
  $('nav').hidden = id === 'login-view';
  $('nav-ask').classList.toggle('active', id === 'ask-view');
  $('nav-dashboards').classList.toggle('active', id === 'dashboards-view');
}

function showLogin() {
  showView('login-view');
  $('login-user').focus();
}

function showError(node, message) {
  node.textContent = message;
  node.hidden = !message;
}

async function route() {
  const hash = location.hash || '#/ask';
  const board = hash.match(/^#\/dashboards\/(\d+)$/);
  if (hash.startsWith('#/dashboards')) {
    showView('dashboards-view');
    await loadDashboardList(board ? board[1] : null);
    if (board) {
      await openBoard(board[1]);
    } else {
      $('board').replaceChildren();
    }
  } else {
    showView('ask-view');
    refreshDashboardNames();
    $('question').focus();
  }
}

// --- Log in --------------------------------------------------------------------------------------------------------

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  showError($('login-error'), '');
  $('login-button').disabled = true;
  try {
    const me = await api('POST', '/api/login', { user: $('login-user').value, password: $('login-password').value });
    $('login-password').value = '';
    $('who').textContent = me.user;
    await route();
  } catch (e) {
    showError($('login-error'), e.message);
  } finally {
    $('login-button').disabled = false;
  }
});

$('logout').addEventListener('click', async () => {
  await api('POST', '/api/logout').catch(() => {});
  showLogin();
});

// --- Ask -----------------------------------------------------------------------------------------------------------

const current = { job: null, question: null, offset: 0, kind: null, handle: null };

async function runJob(start, label) {
  showError($('error'), '');
  $('pin-status').textContent = '';
  $('ask-button').disabled = true;
  $('run-sql').disabled = true;
  // the text is there from the first frame (the job's own ticks follow once it has started)
  $('progress-text').textContent = label + '… 0.0 s';
  $('progress').hidden = false;
  const handle = {};
  current.handle = handle;
  try {
    const job = await start();
    const done = await waitForJob(job, (j, seconds) => {
      const what = j.state === 'queued' ? 'Waiting for a free worker' : label;
      $('progress-text').textContent = what + '… ' + seconds.toFixed(1) + ' s';
    }, handle);
    $('progress').hidden = true;
    if (done.sql) {
      $('sql-editor').value = done.sql;
    }
    if (done.state !== 'done') {
      showError($('error'), done.error || ('The query ' + done.state));
      return;
    }
    await showResult(done);
  } catch (e) {
    showError($('error'), e.message);
  } finally {
    current.handle = null;
    $('progress').hidden = true;
    $('ask-button').disabled = false;
    $('run-sql').disabled = false;
  }
}

async function showResult(job) {
  current.job = job;
  current.offset = 0;
  current.kind = job.chart;
  $('result').hidden = false;
  $('chart-kind').value = job.chart;
  $('pin-title').value = current.question || firstLine(job.sql);
  await Promise.all([showPage(), renderChart($('chart'), job, job.chart)]);
}

function firstLine(text) {
  const line = (text || '').split('\n')[0];
  return line.length > 80 ? line.slice(0, 79) + '…' : line;
}

async function showPage() {
  const job = current.job;
  const page = await renderTablePage($('result-table'), job, current.offset, PAGE_SIZE);
  const last = Math.min(page.rowCount, current.offset + PAGE_SIZE);
  $('page-info').textContent = page.rowCount === 0 ? 'No rows'
    : 'Rows ' + (current.offset + 1) + '–' + last + ' of ' + page.rowCount + (job.truncated ? ' (more not shown)' : '');
  $('prev-page').disabled = current.offset === 0;
  $('next-page').disabled = last >= page.rowCount;
}

$('ask-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const question = $('question').value.trim();
  if (!question) return;
  current.question = question;
  $('result').hidden = true;
  $('sql-editor').value = '';
  runJob(() => api('POST', '/api/ask', { question }), 'The model is writing SQL');
});

$('question').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    $('ask-form').requestSubmit();
  }
});

$('run-sql').addEventListener('click', () => {
  const sql = $('sql-editor').value.trim();
  if (!sql) return;
  if (current.job && sql !== current.job.sql) current.question = null;
  runJob(() => api('POST', '/api/sql', { sql }), 'Running the SQL');
});

$('cancel-button').addEventListener('click', () => {
  if (current.handle && current.handle.cancel) current.handle.cancel();
});

$('prev-page').addEventListener('click', () => {
  current.offset = Math.max(0, current.offset - PAGE_SIZE);
  showPage().catch((e) => showError($('error'), e.message));
});

$('next-page').addEventListener('click', () => {
  current.offset += PAGE_SIZE;
  showPage().catch((e) => showError($('error'), e.message));
});

$('chart-kind').addEventListener('change', () => {
  current.kind = $('chart-kind').value;
  renderChart($('chart'), current.job, current.kind).catch((e) => showError($('error'), e.message));
});

async function pin(display) {
  const dashboard = $('pin-dashboard').value.trim();
  if (!dashboard) {
    $('pin-status').textContent = 'Name a dashboard first';
    $('pin-dashboard').focus();
    return;
  }
  try {
    const pinned = await api('POST', '/api/pins', {
      dashboard,
      title: $('pin-title').value.trim() || firstLine(current.job.sql),
      question: current.question,
      sql: current.job.sql,
      display,
    });
    $('pin-status').replaceChildren(document.createTextNode('Pinned to '),
      linkTo('#/dashboards/' + pinned.dashboardId, dashboard));
    refreshDashboardNames();
  } catch (e) {
    $('pin-status').textContent = 'Not pinned: ' + e.message;
  }
}

function linkTo(href, text) {
  const a = el('a', text);
  a.href = href;
  return a;
}

$('pin-chart').addEventListener('click', () => pin(current.kind));
$('pin-table').addEventListener('click', () => pin('table'));

async function refreshDashboardNames() {
  try {
    const list = await api('GET', '/api/dashboards');
    $('dashboard-names').replaceChildren(...list.map((d) => { const o = el('option'); o.value = d.name; return o; }));
  } catch (e) {
    // Only a convenience for the pin form.
  }
}

// --- Dashboards ----------------------------------------------------------------------------------------------------

async function loadDashboardList(activeId) {
  showError($('dashboards-error'), '');
  try {
    const list = await api('GET', '/api/dashboards');
    $('dashboard-list').replaceChildren(...list.map((d) => {
      const a = linkTo('#/dashboards/' + d.id, d.name + ' (' + d.pins + ')');
      a.classList.toggle('active', String(d.id) === String(activeId));
      const li = el('li');
      li.appendChild(a);
      return li;
    }));
    if (list.length === 0) {
      $('dashboard-list').replaceChildren(el('li', 'None yet: ask a question and pin its chart or table.'));
    }
  } catch (e) {
    showError($('dashboards-error'), e.message);
  }
}

$('new-dashboard-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const created = await api('POST', '/api/dashboards', { name: $('new-dashboard-name').value });
    $('new-dashboard-name').value = '';
    location.hash = '#/dashboards/' + created.id;
  } catch (e) {
    showError($('dashboards-error'), e.message);
  }
});

/** Opens a dashboard: every pin re-runs its saved SQL, two at a time. */
async function openBoard(id) {
  const container = $('board');
  let board;
  try {
    board = await api('GET', '/api/dashboards/' + id);
  } catch (e) {
    container.replaceChildren(el('p', e.message, 'error'));
    return;
  }
  const head = el('div', null, 'board-head card');
  head.appendChild(el('h2', board.name));
  const refresh = el('button', 'Refresh');
  refresh.id = 'refresh-board';
  refresh.type = 'button';
  const remove = el('button', 'Delete dashboard', 'secondary');
  remove.type = 'button';
  head.append(refresh, remove);
  const pins = el('div', null, 'pins');
  const cards = board.pins.map((p) => pinCard(p));
  pins.append(...cards);
  if (cards.length === 0) pins.appendChild(el('p', 'No pins yet.'));
  container.replaceChildren(head, pins);
  const runAll = () => runLimited(cards.map((card) => () => runPin(card)), 2);
  refresh.addEventListener('click', runAll);
  remove.addEventListener('click', async () => {
    if (!confirm('Delete the dashboard "' + board.name + '" and its pins?')) return;
    await api('DELETE', '/api/dashboards/' + board.id).catch((e) => alert(e.message));
    location.hash = '#/dashboards';
  });
  await runAll();
}

function pinCard(p) {
  const card = el('article', null, 'pin card');
  card.dataset.pinId = p.id;
  card.dataset.display = p.display;
  const header = el('header');
  header.appendChild(el('h3', p.title));
  const remove = el('button', 'Remove', 'secondary remove-pin');
  remove.type = 'button';
  remove.addEventListener('click', async () => {
    await api('DELETE', '/api/pins/' + p.id).then(() => card.remove()).catch((e) => alert(e.message));
  });
  header.appendChild(remove);
  card.appendChild(header);
  if (p.question && p.question !== p.title) card.appendChild(el('p', p.question, 'question'));
  const details = el('details');
  details.append(el('summary', 'SQL'), el('pre', p.sql));
  card.appendChild(details);
  card.append(el('div', null, 'pin-status'), el('div', null, 'pin-body'), el('footer'));
  return card;
}

async function runPin(card) {
  const status = card.querySelector('.pin-status');
  const body = card.querySelector('.pin-body');
  const footer = card.querySelector('footer');
  status.className = 'pin-status';
  try {
    const job = await api('POST', '/api/pins/' + card.dataset.pinId + '/run');
    const done = await waitForJob(job, (j, seconds) => {
      status.textContent = 'Running… ' + seconds.toFixed(1) + ' s';
    });
    if (done.state !== 'done') {
      status.textContent = done.error || ('The query ' + done.state);
      status.className = 'pin-status error';
      return;
    }
    status.textContent = '';
    if (card.dataset.display === 'table') {
      body.className = 'pin-body table-wrap';
      const page = await renderTablePage(body, done, 0, 20);
      footer.textContent = page.rowCount > 20 ? 'First 20 of ' + page.rowCount + ' rows. ' : '';
    } else {
      body.className = 'pin-body chart';
      await renderChart(body, done, card.dataset.display);
      footer.textContent = '';
    }
    card.dataset.job = done.id;
    footer.textContent += 'Ran at ' + new Date().toLocaleTimeString() + ' in ' + done.elapsedMs + ' ms.';
  } catch (e) {
    status.textContent = e.message;
    status.className = 'pin-status error';
  }
}

/** Runs async tasks with at most `limit` at once. */
async function runLimited(tasks, limit) {
  const queue = tasks.slice();
  const worker = async () => {
    while (queue.length > 0) {
      await queue.shift()();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}

// --- Start ---------------------------------------------------------------------------------------------------------

window.addEventListener('hashchange', () => { route(); });

(async () => {
  try {
    const me = await api('GET', '/api/me');
    if (!me.user) {
      showLogin();
      return;
    }
    $('who').textContent = me.user;
    await route();
  } catch (e) {
    showLogin();
    showError($('login-error'), e.message);
  }
})();
