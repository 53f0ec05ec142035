// The dashboard page: log in, ask, see SQL + table + chart, teach, pin to dashboards, history, memory, users. Plain
// browser JavaScript, no build step; everything it loads comes from the dashboard itself. Data from the database is
// only ever put into the page as text (textContent), never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 50;
const POLL_MS = 400;
const me = { user: null, role: null };

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

function button(text, className, onClick) {
  const b = el('button', text, className);
  b.type = 'button';
  if (onClick) b.addEventListener('click', onClick);
  return b;
}

/** Shows one page of a finished job's rows. */
async function renderTablePage(container, job, offset, limit) {
  const page = await api('GET', '/api/jobs/' + job.id + '/rows?offset=' + offset + '&limit=' + limit);
  const table = el('table');
  const head = table.createTHead().insertRow();
  job.columns.forEach((c) => {
    const th = el('th', c.name);
    th.title = c.type;
    th.scope = 'col';
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

/** Plotly's colours from the page's own (light or dark, as the system is). */
function themed(layout) {
  const style = getComputedStyle(document.body);
  const grid = style.getPropertyValue('--row-line').trim() || '#e3e8ee';
  return Object.assign(layout, {
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { color: style.color, family: style.fontFamily },
  }, layout.xaxis ? { xaxis: Object.assign(layout.xaxis, { gridcolor: grid, zerolinecolor: grid }) } : {},
  layout.yaxis ? { yaxis: Object.assign(layout.yaxis, { gridcolor: grid, zerolinecolor: grid }) } : {});
}

function plotLayout(data, extra) {
  return themed(Object.assign({
    margin: { t: 24, r: 16, b: 64, l: 64 },
    xaxis: { title: { text: data.x.name }, automargin: true },
    yaxis: { title: { text: data.y.length === 1 ? data.y[0].name : '' }, automargin: true, rangemode: 'tozero' },
    showlegend: data.y.length > 1,
    height: 320,
  }, extra || {}));
}

/**
 * Draws a finished job's chart with Plotly: `choice` is {kind, x, y} (any left out: what the server chooses from the
 * result's shape). The chart is labelled with the server's description in words, for screen readers; `describe`
 * gets that text too. Returns the kind drawn.
 */
async function renderChart(container, job, choice, describe) {
  const params = new URLSearchParams();
  if (choice && choice.kind) params.set('kind', choice.kind);
  if (choice && choice.x !== undefined && choice.x !== null) {
    params.set('x', choice.x);
    params.set('y', (choice.y || []).join(','));
  }
  const data = await api('GET', '/api/jobs/' + job.id + '/chart?' + params);
  const config = { displaylogo: false, responsive: true };
  if (window.Plotly) Plotly.purge(container);
  container.replaceChildren();
  container.setAttribute('aria-label', data.description);
  container.classList.toggle('table-only', data.kind === 'table');
  if (describe) describe(data.description);
  if (data.kind === 'table') {
    container.setAttribute('role', 'note');
    container.appendChild(el('p', 'No chart fits this answer: the table shows it.', 'hint'));
    return data.kind;
  }
  container.setAttribute('role', 'img');
  const empty = data.x.values.length === 0;
  if (data.kind === 'value' && !empty) {
    const series = data.y[0];
    const value = series.values[0];
    const number = typeof value === 'number' ? value : NaN;
    if (Number.isFinite(number)) {
      await Plotly.newPlot(container, [{ type: 'indicator', mode: 'number', value: number,
        title: { text: series.name } }], themed({ height: 260, margin: { t: 40, b: 10 } }), config);
    } else {
      const big = el('div', value === null ? 'NULL' : String(value), 'big-value');
      big.appendChild(el('small', series.name));
      container.appendChild(big);
    }
    return data.kind;
  }
  if (data.kind === 'pie') {
    await Plotly.newPlot(container, [{ type: 'pie', labels: data.x.values, values: data.y[0].values,
      name: data.y[0].name, sort: false }], themed({ height: 320, margin: { t: 24, r: 16, b: 24, l: 16 } }), config);
    return data.kind;
  }
  const traces = data.y.map((series) => ({
    type: data.kind === 'bar' ? 'bar' : 'scatter',
    mode: data.kind === 'line' ? 'lines+markers' : 'markers',
    name: series.name,
    x: data.x.values,
    y: series.values,
  }));
  const extra = empty ? { annotations: [{ text: 'No rows', showarrow: false, font: { size: 20 },
    xref: 'paper', yref: 'paper', x: 0.5, y: 0.5 }] } : {};
  await Plotly.newPlot(container, traces, plotLayout(data, extra), config);
  return data.kind;
}

// --- Views ---------------------------------------------------------------------------------------------------------

const views = ['login-view', 'ask-view', 'history-view', 'memory-view', 'users-view', 'dashboards-view'];

function showView(id) {
  views.forEach((v) => { $(v).hidden = v !== id; });
  $('nav').hidden = id === 'login-view';
  ['ask', 'history', 'dashboards', 'memory', 'users'].forEach((name) => {
    const link = $('nav-' + name);
    const active = id === name + '-view';
    link.classList.toggle('active', active);
    if (active) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  });
}

function showLogin() {
  showView('login-view');
  $('login-user').focus();
}

function showError(node, message) {
  node.textContent = message;
  node.hidden = !message;
}

function setMe(data) {
  me.user = data.user;
  me.role = data.role;
  $('who').textContent = data.user + (data.role === 'admin' ? ' (admin)' : '');
  $('nav-users').hidden = data.role !== 'admin';
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
  } else if (hash === '#/history') {
    showView('history-view');
    await loadHistory();
  } else if (hash === '#/memory') {
    showView('memory-view');
    await loadMemory();
  } else if (hash === '#/users' && me.role === 'admin') {
    showView('users-view');
    await loadUsers();
  } else {
    showView('ask-view');
    refreshDashboardNames();
    loadSchema();
    loadThread().catch((e) => showThreadNotice('No conversation: ' + e.message));
    $('question').focus();
  }
}

// --- Log in --------------------------------------------------------------------------------------------------------

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  showError($('login-error'), '');
  $('login-button').disabled = true;
  try {
    const data = await api('POST', '/api/login', { user: $('login-user').value, password: $('login-password').value });
    $('login-password').value = '';
    setMe(data);
    await route();
  } catch (e) {
    showError($('login-error'), e.message);
  } finally {
    $('login-button').disabled = false;
  }
});

$('logout').addEventListener('click', async () => {
  await api('POST', '/api/logout').catch(() => {});
  // Logging out closed the conversation on the server.
  sessionStorage.removeItem(THREAD_KEY);
  thread.id = null;
  thread.view = null;
  showLogin();
});

// --- Schema and example questions ----------------------------------------------------------------------------------

let schemaLoaded = false;

async function loadSchema() {
  if (schemaLoaded) return;
  try {
    const schema = await api('GET', '/api/schema');
    schemaLoaded = true;
    const examples = schema.examples || [];
    $('question').placeholder = examples.length > 0 ? 'For example: ' + examples[0] : 'Ask about ' + schema.tables
      .slice(0, 3).map((t) => t.name.toLowerCase()).join(', ');
    $('examples').replaceChildren(...examples.map((q) => button(q, 'example', () => {
      $('question').value = q;
      $('question').focus();
    })));
    $('schema').replaceChildren(...schema.tables.map((t) => {
      const block = el('div', null, 'schema-table');
      const title = el('h3', t.name + (t.type === 'view' ? ' (view)' : ''));
      if (t.remarks) title.title = t.remarks;
      const list = el('ul');
      t.columns.forEach((c) => {
        const li = el('li', c.name + ' ');
        li.appendChild(el('span', c.type + (c.key ? ', key' : ''), 'type'));
        if (c.remarks) li.title = c.remarks;
        list.appendChild(li);
      });
      block.append(title, list);
      return block;
    }));
    if (schema.truncated) $('schema').appendChild(el('p', 'Only the first tables are listed.', 'hint'));
  } catch (e) {
    $('schema').replaceChildren(el('p', e.message, 'error'));
  }
}

// --- Ask -----------------------------------------------------------------------------------------------------------

/** The answer on screen: its job, the question it answers (if any), the table's page and the chart's choice. */
const current = { job: null, question: null, asked: null, offset: 0, chart: null, handle: null, explained: null };

function setProgress(text, running) {
  $('progress-text').textContent = text;
  $('progress-announce').textContent = text;
  document.querySelector('#progress .spinner').hidden = !running;
  $('cancel-button').hidden = !running;
}

/** Shows a failure in place of the previous answer, which no longer matches what was asked. */
function showFailure(title, message) {
  $('result').hidden = true;
  $('error-title').textContent = title;
  $('error-text').textContent = message;
  $('error').hidden = false;
}

async function runJob(start, label) {
  $('error').hidden = true;
  $('pin-status').textContent = '';
  $('teach-status').textContent = '';
  $('ask-button').disabled = true;
  $('run-sql').disabled = true;
  // the text is there from the first frame (the job's own ticks follow once it has started)
  setProgress(label + '… 0.0 s', true);
  const handle = {};
  current.handle = handle;
  let announced = 0;
  try {
    const job = await start();
    const done = await waitForJob(job, (j, seconds) => {
      const what = j.state === 'queued' ? 'Waiting for a free worker' : label;
      // Screen readers hear the live region on each change: say it every 5 s, show it every tick.
      const text = what + '… ' + seconds.toFixed(1) + ' s';
      if (seconds - announced >= 5) {
        announced = seconds;
        $('progress-announce').textContent = what + '… ' + Math.round(seconds) + ' seconds';
      }
      $('progress-text').textContent = text;
    }, handle);
    if (done.sql) {
      $('sql-editor').value = done.sql;
      $('sql-card').hidden = false;
    }
    updateTeachRow();
    if (done.state !== 'done') {
      setProgress(done.state === 'cancelled' ? 'Cancelled.' : 'Failed.', false);
      showFailure(done.state === 'cancelled' ? 'Cancelled' : (done.kind === 'question'
        ? 'No answer to this question' : 'The SQL failed'), done.error || ('The query ' + done.state));
      return;
    }
    setProgress('Done in ' + (done.elapsedMs / 1000).toFixed(1) + ' s: ' + done.rowCount
      + (done.rowCount === 1 ? ' row.' : ' rows.'), false);
    await showResult(done);
  } catch (e) {
    setProgress('', false);
    showFailure('The dashboard could not run it', e.message);
  } finally {
    current.handle = null;
    $('ask-button').disabled = false;
    $('run-sql').disabled = false;
  }
}

async function showResult(job) {
  current.job = job;
  current.offset = 0;
  current.chart = { kind: job.chart, x: job.chartX, y: job.chartY };
  current.explained = null;
  $('result').hidden = false;
  $('error').hidden = true;
  $('chart-kind').value = job.chart;
  $('pin-title').value = current.question || firstLine(job.sql);
  $('download-csv').href = '/api/jobs/' + job.id + '/csv';
  $('mark-correct').hidden = !(job.kind === 'question' && job.sql);
  $('mark-correct').disabled = false;
  $('explain-panel').hidden = job.kind !== 'question';
  $('explain-panel').open = false;
  $('explain-body').replaceChildren();
  $('result-summary').textContent = job.truncated ? 'The first ' + job.rowCount + ' rows (the limit).' : '';
  fillAxisControls(job);
  await Promise.all([showPage(), drawCurrentChart()]);
}

function drawCurrentChart() {
  return renderChart($('chart'), current.job, current.chart, (text) => { $('chart-description').textContent = text; })
    .catch((e) => showFailure('The chart could not be drawn', e.message));
}

function fillAxisControls(job) {
  const x = $('chart-x');
  x.replaceChildren(...[{ value: -1, name: 'row number' }].concat(job.columns.map((c, i) => ({ value: i, name: c.name })))
    .map((o) => { const opt = el('option', o.name); opt.value = o.value; return opt; }));
  x.value = String(job.chartX);
  const y = $('chart-y');
  const legend = y.querySelector('legend');
  const boxes = [];
  job.columns.forEach((c, i) => {
    if (c.kind !== 'NUMBER') return;
    const label = el('label');
    const box = el('input');
    box.type = 'checkbox';
    box.value = i;
    box.checked = job.chartY.includes(i);
    label.append(box, document.createTextNode(c.name));
    boxes.push(label);
  });
  y.replaceChildren(legend, ...boxes);
  if (boxes.length === 0) y.appendChild(el('span', 'no columns of numbers', 'hint'));
}

function chosenAxes() {
  return {
    kind: $('chart-kind').value,
    x: Number($('chart-x').value),
    y: Array.from($('chart-y').querySelectorAll('input:checked')).map((b) => Number(b.value)).slice(0, 5),
  };
}

['chart-kind', 'chart-x'].forEach((id) => $(id).addEventListener('change', () => {
  current.chart = chosenAxes();
  drawCurrentChart();
}));
$('chart-y').addEventListener('change', () => {
  current.chart = chosenAxes();
  drawCurrentChart();
});

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

/** Asks in this tab's conversation, so that the question may follow up on the ones before. */
function ask(question) {
  current.question = question;
  current.asked = question;
  $('result').hidden = true;
  $('sql-editor').value = '';
  const label = thread.view && thread.view.nextSees > 0
    ? 'The model is writing SQL, following on from the conversation' : 'The model is writing SQL';
  return runJob(() => askInThread(question), label).then(() => refreshThread());
}

// --- Conversation --------------------------------------------------------------------------------------------------

// Each tab has its own conversation (an nl2sql connection on the server); a reload keeps it.
const THREAD_KEY = 'nl2sql-dashboard-thread';
const thread = { id: null, view: null };

async function newThread() {
  const view = await api('POST', '/api/threads');
  thread.id = view.id;
  sessionStorage.setItem(THREAD_KEY, view.id);
  renderThread(view);
  return view;
}

/** This tab's conversation, or a new one where it has none or the server ended it (idle, restart). */
async function loadThread() {
  const saved = thread.id || sessionStorage.getItem(THREAD_KEY);
  if (saved) {
    try {
      thread.id = saved;
      renderThread(await api('GET', '/api/threads/' + saved));
      return;
    } catch (e) {
      if (e.status !== 404 && e.status !== 400) throw e;
    }
  }
  await newThread();
}

async function refreshThread() {
  if (!thread.id) return;
  try {
    renderThread(await api('GET', '/api/threads/' + thread.id));
  } catch (e) {
    // The next question starts a new conversation and says so.
  }
}

/** Starts the question in the conversation; one the server has ended is replaced, with a notice. */
async function askInThread(question) {
  if (!thread.id) await loadThread();
  try {
    return await api('POST', '/api/threads/' + thread.id + '/ask', { question });
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  await newThread();
  showThreadNotice('Your conversation had ended (after a while without questions, on logout or a restart): this '
    + 'question starts a new one.');
  return api('POST', '/api/threads/' + thread.id + '/ask', { question });
}

function showThreadNotice(text) {
  $('thread-notice').textContent = text || '';
  $('thread-notice').hidden = !text;
  if (text) $('thread').hidden = false;
}

function plural(n, one, many) {
  return n + ' ' + (n === 1 ? one : many);
}

function renderThread(view) {
  thread.view = view;
  const entries = view.entries || [];
  $('thread').hidden = entries.length === 0 && !view.notice;
  showThreadNotice(view.notice);
  $('thread-list').replaceChildren(...entries.map((e) => {
    const li = el('li');
    li.dataset.job = e.job;
    if (current.job && current.job.id === e.job) {
      li.classList.add('current');
      li.setAttribute('aria-current', 'true');
    }
    const main = el('div', null, 'main');
    main.appendChild(el('strong', e.question));
    const outcome = e.state === 'done' ? plural(e.rowCount, 'row', 'rows') : e.state;
    let meta = outcome + (e.state === 'done' || e.state === 'failed' ? ' · ' + (e.elapsedMs / 1000).toFixed(1) + ' s' : '');
    if (e.earlierAnswers > 0) meta += ' · followed on from ' + plural(e.earlierAnswers, 'answer', 'answers');
    if (e.error) meta += ' · ' + e.error;
    main.appendChild(el('div', meta, 'meta'));
    if (e.sql) {
      const sql = el('details', null, 'thread-sql');
      sql.appendChild(el('summary', 'SQL'));
      sql.appendChild(el('code', e.sql));
      main.appendChild(sql);
    }
    li.appendChild(main);
    if (e.nextSees) {
      const badge = el('span', 'in context', 'badge');
      badge.title = 'The next question is asked with this answer as context';
      li.appendChild(badge);
    }
    if (e.state === 'done' && e.kept) {
      const open = button('Show answer', 'secondary reopen', () => reopen(e, li));
      open.setAttribute('aria-label', 'Show the answer to: ' + firstLine(e.question));
      li.appendChild(open);
    } else if (e.state === 'done') {
      li.appendChild(el('span', 'answer no longer kept: ask again', 'hint'));
    }
    return li;
  }));
  const sees = view.nextSees || 0;
  $('followup-hint').textContent = sees > 0
    ? 'Your next question follows on from the last ' + plural(sees, 'answer', 'answers')
      + ': ask “and only those from …?” or “sort them by …”. For something unrelated, start a new conversation.'
    : 'After a first answer you can ask a follow-up, such as “and only those from …?”.';
}

/** Shows an earlier answer of the conversation again (its rows are kept on the server for a while). */
async function reopen(entry, li) {
  try {
    const job = await api('GET', '/api/jobs/' + entry.job);
    current.question = entry.question;
    current.asked = entry.question;
    $('sql-editor').value = job.sql || '';
    $('sql-card').hidden = !job.sql;
    updateTeachRow();
    setProgress('An earlier answer: ' + firstLine(entry.question), false);
    await showResult(job);
    renderThread(thread.view);
  } catch (e) {
    li.replaceChildren(el('span', e.message, 'error'));
  }
}

$('new-conversation').addEventListener('click', async () => {
  $('new-conversation').disabled = true;
  try {
    renderThread(await api('POST', '/api/threads/' + thread.id + '/new'));
    $('result').hidden = true;
    $('sql-card').hidden = true;
    $('error').hidden = true;
    current.job = null;
    current.asked = null;
    setProgress('A new conversation: the next question stands on its own.', false);
    $('question').value = '';
    $('question').focus();
  } catch (e) {
    if (e.status === 404) {
      await newThread().catch((err) => showThreadNotice(err.message));
      $('question').focus();
    } else {
      showThreadNotice(e.message);
    }
  } finally {
    $('new-conversation').disabled = false;
  }
});

function runSql(sql) {
  $('sql-editor').value = sql;
  $('sql-card').hidden = false;
  if (!current.job || sql !== current.job.sql) current.question = null;
  runJob(() => api('POST', '/api/sql', { sql }), 'Running the SQL');
}

$('ask-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const question = $('question').value.trim();
  if (question) ask(question);
});

$('question').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    $('ask-form').requestSubmit();
  }
});

$('sql-editor').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    $('run-sql').click();
  }
});

$('run-sql').addEventListener('click', () => {
  const sql = $('sql-editor').value.trim();
  if (sql) runSql(sql);
});

$('sql-editor').addEventListener('input', updateTeachRow);

/** "Save as the answer" teaches the question last asked with the SQL in the editor, once it differs. */
function updateTeachRow() {
  const sql = $('sql-editor').value.trim();
  $('teach-row').hidden = !current.asked || !sql;
  $('save-answer-question').textContent = current.asked || '';
}

async function teach(question, sql, status, button) {
  if (button) button.disabled = true;
  status.className = '';
  try {
    await api('POST', '/api/memory/pairs', { question, sql });
    status.textContent = 'Taught: "' + question + '" is answered with this SQL from now on.';
    status.className = 'ok';
  } catch (e) {
    status.textContent = e.message;
    status.className = 'error';
    if (button) button.disabled = false;
  }
}

$('mark-correct').addEventListener('click', () => {
  teach(current.job.text, current.job.sql, $('teach-status'), $('mark-correct'));
});

$('save-answer').addEventListener('click', () => {
  teach(current.asked, $('sql-editor').value.trim(), $('teach-status'), null);
});

$('cancel-button').addEventListener('click', () => {
  if (current.handle && current.handle.cancel) current.handle.cancel();
});

$('prev-page').addEventListener('click', () => {
  current.offset = Math.max(0, current.offset - PAGE_SIZE);
  showPage().catch((e) => showFailure('The table could not be shown', e.message));
});

$('next-page').addEventListener('click', () => {
  current.offset += PAGE_SIZE;
  showPage().catch((e) => showFailure('The table could not be shown', e.message));
});

// --- Why this SQL? -------------------------------------------------------------------------------------------------

const EXPLAINED = [
  ['linked_tables', 'Tables it looked at'],
  ['linked_columns', 'Columns'],
  ['matched_values', 'Values found in the data'],
  ['from_memory', 'Answered from memory'],
  ['memory_pairs', 'Taught answers used (ids)'],
  ['memory_notes', 'Notes used (ids)'],
  ['attempts', 'Attempts'],
  ['model', 'Model'],
  ['generation_ms', 'Writing took (ms)'],
  ['sql', 'SQL it would write now'],
  ['conversation', 'Conversation the model sees now'],
];

$('explain-panel').addEventListener('toggle', async () => {
  if (!$('explain-panel').open || !current.job || current.explained === current.job.id) return;
  const job = current.job;
  current.explained = job.id;
  const body = $('explain-body');
  body.replaceChildren(el('p', 'Asking the model to explain…', 'hint'));
  body.setAttribute('aria-busy', 'true');
  try {
    const started = await api('POST', '/api/jobs/' + job.id + '/explain');
    const done = await waitForJob(started, () => {});
    if (done.state !== 'done' || !done.explanation) {
      body.replaceChildren(el('p', done.error || 'No explanation', 'error'));
      current.explained = null;
      return;
    }
    const list = el('dl', null, 'explain');
    EXPLAINED.forEach(([key, label]) => {
      const value = done.explanation[key];
      if (value === undefined) return;
      list.append(el('dt', label), el('dd', value === null || value === '' ? '—' : String(value)));
    });
    body.replaceChildren(list);
  } catch (e) {
    body.replaceChildren(el('p', e.message, 'error'));
    current.explained = null;
  } finally {
    body.removeAttribute('aria-busy');
  }
});

// --- Pins ----------------------------------------------------------------------------------------------------------

async function pin(display) {
  const dashboard = $('pin-dashboard').value.trim();
  if (!dashboard) {
    $('pin-status').textContent = 'Name a dashboard first';
    $('pin-dashboard').focus();
    return;
  }
  const body = {
    dashboard,
    title: $('pin-title').value.trim() || firstLine(current.job.sql),
    question: current.question,
    sql: current.job.sql,
    display,
  };
  if (display !== 'table') {
    body.x = current.chart.x;
    body.y = current.chart.y;
  }
  try {
    const pinned = await api('POST', '/api/pins', body);
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

$('pin-chart').addEventListener('click', () => pin(current.chart.kind));
$('pin-table').addEventListener('click', () => pin('table'));

async function refreshDashboardNames() {
  try {
    const list = await api('GET', '/api/dashboards');
    $('dashboard-names').replaceChildren(...list.filter((d) => d.canEdit)
      .map((d) => { const o = el('option'); o.value = d.name; return o; }));
  } catch (e) {
    // Only a convenience for the pin form.
  }
}

// --- History -------------------------------------------------------------------------------------------------------

let historyTimer = null;

async function loadHistory() {
  showError($('history-error'), '');
  try {
    const q = $('history-search').value.trim();
    const entries = await api('GET', '/api/history?limit=100' + (q ? '&q=' + encodeURIComponent(q) : ''));
    $('history-list').replaceChildren(...entries.map((h) => {
      const li = el('li');
      li.dataset.historyId = h.id;
      const main = el('div', null, 'main');
      main.appendChild(el(h.kind === 'sql' ? 'code' : 'strong', h.text));
      if (h.kind === 'question' && h.sql) {
        const sql = el('div');
        sql.appendChild(el('code', h.sql));
        main.appendChild(sql);
      }
      const outcome = h.state === 'done' ? h.rowCount + (h.rowCount === 1 ? ' row' : ' rows') : h.state;
      main.appendChild(el('div', new Date(h.at).toLocaleString() + ' · ' + outcome + ' · '
        + (h.elapsedMs / 1000).toFixed(1) + ' s' + (h.error ? ' · ' + h.error : ''), 'meta'));
      const again = button('Run again', 'secondary run-again', () => {
        location.hash = '#/ask';
        if (h.kind === 'question') {
          $('question').value = h.text;
          ask(h.text);
        } else {
          runSql(h.text);
        }
      });
      again.setAttribute('aria-label', 'Run again: ' + firstLine(h.text));
      const forget = button('Remove', 'secondary', async () => {
        await api('DELETE', '/api/history/' + h.id).then(() => li.remove())
          .catch((e) => showError($('history-error'), e.message));
      });
      forget.setAttribute('aria-label', 'Remove from history: ' + firstLine(h.text));
      li.append(main, again, forget);
      return li;
    }));
    if (entries.length === 0) {
      $('history-list').replaceChildren(el('li', q ? 'Nothing matches.' : 'No questions yet.'));
    }
  } catch (e) {
    showError($('history-error'), e.message);
  }
}

$('history-search').addEventListener('input', () => {
  clearTimeout(historyTimer);
  historyTimer = setTimeout(loadHistory, 250);
});

// --- Memory --------------------------------------------------------------------------------------------------------

async function loadMemory() {
  showError($('memory-error'), '');
  try {
    const items = await api('GET', '/api/memory');
    $('memory-list').replaceChildren(...items.map((item) => {
      const li = el('li');
      li.dataset.memory = item.kind + '-' + item.id;
      li.appendChild(el('span', item.kind === 'pair' ? 'answer' : 'note', 'badge'));
      const main = el('div', null, 'main');
      if (item.kind === 'pair') {
        main.appendChild(el('strong', item.question));
        const sql = el('div');
        sql.appendChild(el('code', item.sql));
        main.appendChild(sql);
      } else {
        main.appendChild(el('span', item.note));
        if (item.on) main.appendChild(el('span', ' (about ' + item.on + ')', 'meta'));
      }
      main.appendChild(el('div', 'taught by ' + item.taughtBy + (item.taughtAt ? ', '
        + new Date(item.taughtAt.replace(' ', 'T')).toLocaleString() : '') + (item.stale
        ? ' · stale: the schema changed and it no longer applies' : ''), 'meta'));
      li.appendChild(main);
      if (item.canRemove) {
        const remove = button('Remove', 'secondary remove-memory', async () => {
          try {
            await api('DELETE', '/api/memory/' + item.kind + 's/' + item.id);
            li.remove();
            $('memory-status').textContent = 'Removed.';
          } catch (e) {
            showError($('memory-error'), e.message);
          }
        });
        remove.setAttribute('aria-label', 'Remove ' + (item.kind === 'pair' ? item.question : item.note));
        li.appendChild(remove);
      }
      return li;
    }));
    if (items.length === 0) {
      $('memory-list').replaceChildren(el('li', 'Nothing taught yet: mark a right answer on the Ask page.'));
    }
  } catch (e) {
    showError($('memory-error'), e.message);
  }
}

$('note-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  showError($('memory-error'), '');
  try {
    await api('POST', '/api/memory/notes', { note: $('note-text').value, on: $('note-on').value.trim() || null });
    $('note-text').value = '';
    $('note-on').value = '';
    $('memory-status').textContent = 'Note added.';
    await loadMemory();
  } catch (e) {
    showError($('memory-error'), e.message);
  }
});

// --- Users (admins) ------------------------------------------------------------------------------------------------

async function loadUsers() {
  showError($('users-error'), '');
  try {
    const users = await api('GET', '/api/users');
    $('user-list').replaceChildren(...users.map((u) => {
      const li = el('li');
      li.dataset.user = u.name;
      li.appendChild(el('strong', u.name + (u.name === me.user ? ' (you)' : ''), 'main'));
      const role = el('select');
      role.setAttribute('aria-label', 'Role of ' + u.name);
      ['user', 'admin'].forEach((r) => { const o = el('option', r); o.value = r; role.appendChild(o); });
      role.value = u.role;
      role.addEventListener('change', () => userChange(() => api('POST', '/api/users/' + u.name + '/role',
        { role: role.value }), 'Role of ' + u.name + ' set to ' + role.value + '.'));
      const password = el('input');
      password.type = 'password';
      password.autocomplete = 'new-password';
      password.placeholder = 'new password';
      password.setAttribute('aria-label', 'New password for ' + u.name);
      const reset = button('Set password', 'secondary', () => userChange(() => api('POST',
        '/api/users/' + u.name + '/password', { password: password.value }).then(() => { password.value = ''; }),
      'Password of ' + u.name + ' changed; their sessions ended.'));
      const remove = button('Remove', 'secondary', () => {
        if (!confirm('Remove the user ' + u.name + '?')) return;
        userChange(() => api('DELETE', '/api/users/' + u.name), 'Removed ' + u.name + '.');
      });
      remove.setAttribute('aria-label', 'Remove ' + u.name);
      li.append(role, password, reset, remove);
      return li;
    }));
  } catch (e) {
    showError($('users-error'), e.message);
  }
}

async function userChange(change, done) {
  showError($('users-error'), '');
  $('users-status').textContent = '';
  try {
    await change();
    $('users-status').textContent = done;
  } catch (e) {
    showError($('users-error'), e.message);
  }
  await loadUsers();
}

$('add-user-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('new-user-name').value.trim();
  userChange(() => api('POST', '/api/users', { name, password: $('new-user-password').value,
    role: $('new-user-role').value }).then(() => {
    $('new-user-name').value = '';
    $('new-user-password').value = '';
  }), 'Added ' + name + '.');
});

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
      if (d.createdBy !== me.user) li.appendChild(el('span', ' by ' + d.createdBy, 'hint'));
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
  if (board.createdBy !== me.user) head.appendChild(el('span', 'by ' + board.createdBy, 'hint'));
  const refresh = button('Refresh');
  refresh.id = 'refresh-board';
  head.appendChild(refresh);
  if (board.canEdit) {
    const rename = button('Rename', 'secondary', async () => {
      const name = prompt('New name of the dashboard', board.name);
      if (!name || name.trim() === board.name) return;
      await api('PATCH', '/api/dashboards/' + board.id, { name }).then(() => route())
        .catch((e) => showError($('dashboards-error'), e.message));
    });
    const remove = button('Delete dashboard', 'secondary', async () => {
      if (!confirm('Delete the dashboard "' + board.name + '" and its pins?')) return;
      try {
        await api('DELETE', '/api/dashboards/' + board.id);
        location.hash = '#/dashboards';
      } catch (e) {
        showError($('dashboards-error'), e.message);
      }
    });
    head.append(rename, remove);
  }
  const pins = el('div', null, 'pins');
  const cards = board.pins.map((p) => pinCard(p, board.canEdit));
  pins.append(...cards);
  if (cards.length === 0) pins.appendChild(el('p', 'No pins yet.'));
  container.replaceChildren(head, pins);
  const runAll = () => runLimited(cards.map((card) => () => runPin(card)), 2);
  refresh.addEventListener('click', runAll);
  await runAll();
}

function pinCard(p, canEdit) {
  const card = el('article', null, 'pin card');
  card.dataset.pinId = p.id;
  card.dataset.display = p.display;
  card.pin = p;
  const header = el('header');
  header.appendChild(el('h3', p.title));
  if (canEdit) {
    const remove = button('Remove', 'secondary remove-pin', async () => {
      await api('DELETE', '/api/pins/' + p.id).then(() => card.remove())
        .catch((e) => showError($('dashboards-error'), e.message));
    });
    remove.setAttribute('aria-label', 'Remove the pin ' + p.title);
    header.appendChild(remove);
  }
  card.appendChild(header);
  if (p.question && p.question !== p.title) card.appendChild(el('p', p.question, 'question'));
  const details = el('details');
  details.append(el('summary', 'SQL'), el('pre', p.sql));
  card.appendChild(details);
  card.append(el('div', null, 'pin-status'), el('div', null, 'pin-body'), el('p', null, 'chart-text'), el('footer'));
  card.querySelector('.pin-status').setAttribute('role', 'status');
  return card;
}

async function runPin(card) {
  const status = card.querySelector('.pin-status');
  const body = card.querySelector('.pin-body');
  const text = card.querySelector('.chart-text');
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
      const p = card.pin;
      await renderChart(body, done, { kind: p.display, x: p.x, y: p.y }, (t) => { text.textContent = t; });
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
// Charts follow the system's light or dark mode when it changes.
window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  if (current.job && !$('result').hidden) drawCurrentChart();
});

(async () => {
  try {
    const data = await api('GET', '/api/me');
    if (!data.user) {
      showLogin();
      return;
    }
    setMe(data);
    await route();
  } catch (e) {
    showLogin();
    showError($('login-error'), e.message);
  }
})();
