// The orkit dashboard page: reads the JSON API of the server that serves it, draws with uPlot (bundled).
// Money arrives as exact decimal strings and is shown as it arrives; floats are used only to place chart points.
(() => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const COLOURS = [
    '#1f4fa8',
    '#d35400',
    '#0a7a30',
    '#8e24aa',
    '#b00020',
    '#00838f',
    '#6d4c41',
    '#546e7a',
    '#9e9d24',
  ];
  const EVENT_SERIES = [
    ['retry', 'Retries'],
    ['fallback', 'Fallbacks'],
    ['breaker-open', 'Breaker openings'],
    ['cache-hit', 'Cache hits'],
  ];
  const $ = (id) => document.getElementById(id);
  const form = $('filters');
  const charts = new Map();
  let refreshing;
  let again = false;

  const text = (value) => (value === undefined || value === null || value === '' ? '–' : String(value));
  const count = (value) => Number(value).toLocaleString('en-US');
  const usd = (value) => `$${value}`;
  const when = (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
  const el = (tag, props = {}, children = []) => {
    const node = document.createElement(tag);
    Object.assign(node, props);
    for (const child of [].concat(children)) node.append(child);
    return node;
  };

  /** The filters as API parameters; relative ranges end now (open-ended), so new calls fall inside. */
  function params() {
    const data = new FormData(form);
    const query = new URLSearchParams();
    const range = data.get('range');
    const now = Date.now();
    if (range === '24h') query.set('from', String(now - DAY));
    if (range === '7d') query.set('from', String(now - 7 * DAY));
    if (range === '30d') query.set('from', String(now - 30 * DAY));
    if (range === 'custom') {
      for (const name of ['from', 'to']) {
        const value = data.get(name);
        if (value) query.set(name, String(Date.parse(`${value}Z`)));
      }
    }
    for (const name of ['agent', 'model', 'user', 'tag', 'outcome']) {
      const value = String(data.get(name) ?? '').trim();
      if (value) query.set(name, value);
    }
    return query;
  }

  function bucketFor(query) {
    const from = Number(query.get('from') ?? 0);
    const to = Number(query.get('to') ?? Date.now());
    return to - from <= 8 * DAY ? 'hour' : 'day';
  }

  async function api(path, query) {
    const response = await fetch(`/api/${path}?${query}`, { headers: { accept: 'application/json' } });
    const body = await response.json().catch(() => ({ error: { message: `HTTP ${response.status}` } }));
    if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
    return body;
  }

  function draw(id, options, data) {
    const host = $(id);
    charts.get(id)?.destroy();
    host.textContent = '';
    const width = Math.max(320, host.clientWidth || 900);
    const chart = new uPlot({ width, height: 260, ...options }, data, host);
    charts.set(id, chart);
    host.dataset.points = String(
      data.slice(1).reduce((n, series) => n + series.filter((v) => v != null).length, 0),
    );
  }

  /** Stacked bars of spend per bucket: each series is drawn as the running sum of the groups below it. */
  /** The x range: the chosen time range, or (for all time) the buckets found, a bucket wider on each side. */
  function xRange(query, buckets, width) {
    const from = Number(query.get('from') ?? (buckets[0] ?? Date.now()) - width);
    const to = Number(query.get('to') ?? Date.now() + width / 4);
    return () => [from / 1000, to / 1000];
  }
  const fromZero = (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1];

  function drawSpend(series, bucket, query) {
    const buckets = [...new Set(series.map((row) => row.bucket))].sort((a, b) => a - b);
    const groups = [];
    const totals = new Map();
    for (const row of series) {
      const group = row.group ?? '(none)';
      if (!totals.has(group)) groups.push(group);
      totals.set(group, (totals.get(group) ?? 0) + Number(row.costUsd));
    }
    groups.sort((a, b) => totals.get(b) - totals.get(a));
    const exact = new Map(series.map((row) => [`${row.bucket}|${row.group ?? '(none)'}`, row.costUsd]));
    const running = buckets.map(() => 0);
    const stacked = groups.map((group) =>
      buckets.map((at, index) => {
        running[index] += Number(exact.get(`${at}|${group}`) ?? 0);
        return running[index];
      }),
    );
    const width = bucket === 'hour' ? HOUR : DAY;
    const order = groups.map((_, index) => index).reverse(); // tallest first, so lower stacks paint over it
    draw(
      'spend-chart',
      {
        scales: { x: { time: true, range: xRange(query, buckets, width) }, y: { range: fromZero } },
        axes: [{}, { values: (_u, ticks) => ticks.map((tick) => `$${tick}`), size: 70 }],
        series: [
          { label: 'Bucket start (local time)' },
          ...order.map((index) => ({
            label: groups[index],
            stroke: COLOURS[index % COLOURS.length],
            fill: COLOURS[index % COLOURS.length],
            paths: uPlot.paths.bars({ size: [0.8, 80] }),
            points: { show: false },
            value: (_u, _value, _seriesIndex, at) =>
              at == null ? '–' : usd(exact.get(`${buckets[at]}|${groups[index]}`) ?? '0'),
          })),
        ],
      },
      [buckets.map((at) => at / 1000), ...order.map((index) => stacked[index])],
    );
    $('spend-chart').setAttribute(
      'aria-label',
      `Spend per ${bucket}, stacked by group: ${groups.map((group) => `${group} $${totals.get(group).toFixed(6)}`).join(', ')}`,
    );
  }

  function drawActivity(series, events, bucket, query) {
    const buckets = [
      ...new Set([...series.map((row) => row.bucket), ...events.map((row) => row.bucket)]),
    ].sort((a, b) => a - b);
    const index = new Map(buckets.map((at, position) => [at, position]));
    const requests = buckets.map(() => 0);
    const failures = buckets.map(() => 0);
    for (const row of series) {
      requests[index.get(row.bucket)] += row.calls;
      failures[index.get(row.bucket)] += row.failures;
    }
    const kinds = EVENT_SERIES.map(([type]) => {
      const values = buckets.map(() => 0);
      for (const row of events) if (row.type === type) values[index.get(row.bucket)] += row.count;
      return values;
    });
    const line = (label, colour, dash) => ({ label, stroke: colour, width: 2, dash, points: { size: 6 } });
    draw(
      'activity-chart',
      {
        scales: {
          x: { time: true, range: xRange(query, buckets, bucket === 'hour' ? HOUR : DAY) },
          y: { range: fromZero },
        },
        series: [
          { label: `Bucket (${bucket}, local time)` },
          {
            label: 'Requests',
            stroke: COLOURS[0],
            fill: 'rgba(31, 79, 168, 0.25)',
            paths: uPlot.paths.bars({ size: [0.6, 60] }),
            points: { show: false },
          },
          line('Failures', COLOURS[4]),
          ...EVENT_SERIES.map(([, label], position) => line(label, COLOURS[position + 1], [6, 3])),
        ],
      },
      [buckets.map((at) => at / 1000), requests, failures, ...kinds],
    );
  }

  function renderModels(models) {
    const body = $('model-table').tBodies[0];
    body.textContent = '';
    for (const row of models) {
      const success = row.calls ? `${(((row.calls - row.failures) / row.calls) * 100).toFixed(1)}%` : '–';
      const first = row.timeToFirstTokenMs;
      body.append(
        el('tr', {}, [
          el('th', { scope: 'row', textContent: row.model }),
          el('td', { className: 'num', textContent: count(row.calls) }),
          el('td', { className: 'num', textContent: success }),
          el('td', { className: 'num', textContent: usd(row.costUsd) }),
          el('td', {
            className: 'num',
            textContent: `${count(row.latencyMs.p50)} / ${count(row.latencyMs.p95)} ms`,
          }),
          el('td', {
            className: 'num',
            textContent: first ? `${count(first.p50)} / ${count(first.p95)} ms` : '–',
          }),
        ]),
      );
    }
  }

  function renderCalls(records) {
    const body = $('calls-table').tBodies[0];
    // A live refresh rebuilds the rows: keep keyboard focus on the same call's button.
    const focused = body.contains(document.activeElement)
      ? document.activeElement.dataset.recordId
      : undefined;
    body.textContent = '';
    for (const record of records) {
      const open = el('button', { type: 'button', className: 'link', textContent: 'Open' });
      open.dataset.recordId = record.id;
      open.setAttribute(
        'aria-label',
        `Open the call of ${when(record.startedAt)} costing $${record.costUsd}`,
      );
      open.addEventListener('click', () => showRecord(record.id));
      body.append(
        el('tr', {}, [
          el('td', { textContent: when(record.startedAt) }),
          el('td', { textContent: text(record.attribution.agent) }),
          el('td', { textContent: record.answeredModel ?? record.requestedModel }),
          el('td', { textContent: record.outcome + (record.errorKind ? ` (${record.errorKind})` : '') }),
          el('td', {
            className: 'num',
            textContent: `${count(record.inputTokens)} / ${count(record.outputTokens)}`,
          }),
          el('td', { className: 'num', textContent: usd(record.costUsd) }),
          el('td', {}, open),
        ]),
      );
      if (record.id === focused) open.focus();
    }
  }

  async function showRecord(id) {
    const dialog = $('record');
    const list = $('record-fields');
    list.textContent = '';
    try {
      const detail = await api(`calls/${encodeURIComponent(id)}`, new URLSearchParams());
      if (detail.damaged) {
        list.append(
          el('dt', { textContent: 'Stored row' }),
          el('dd', { textContent: `cannot be read: ${detail.damaged}` }),
        );
      } else {
        const r = detail.record;
        const fields = [
          ['Id', r.id],
          ['Started (UTC)', when(r.startedAt)],
          ['Operation', r.operation],
          ['Model asked / answered', `${r.requestedModel} / ${text(r.answeredModel)}`],
          ['Provider', text(r.provider)],
          ['Generation id', text(r.generationId)],
          ['Outcome', `${r.outcome}${r.finishReason ? `, finish: ${r.finishReason}` : ''}`],
          ['Error', r.errorKind ? `${r.errorKind}: ${text(r.errorMessage)}` : '–'],
          [
            'Input tokens',
            `${count(r.inputTokens)} (cached read ${count(r.cacheReadTokens)}, cache write ${count(r.cacheWriteTokens)})`,
          ],
          ['Output tokens', `${count(r.outputTokens)} (reasoning ${count(r.reasoningTokens)})`],
          ['Cost', `${usd(r.costUsd)} (${r.costSource}${r.byok ? ', your own provider key' : ''})`],
          [
            'Latency',
            `${count(r.latencyMs)} ms${r.timeToFirstTokenMs !== undefined ? `, first token ${count(r.timeToFirstTokenMs)} ms` : ''}`,
          ],
          [
            'Agent / user / tenant',
            `${text(r.attribution.agent)} / ${text(r.attribution.user)} / ${text(r.attribution.tenant)}`,
          ],
          ['Key', text(r.attribution.key)],
          ['Tags', text(r.attribution.tags?.join(', '))],
          ...detail.patches.map((patch) => [`Fixed ${when(patch.at)}`, JSON.stringify(patch.fields)]),
          // Every attempt of the same call: the retries and fallbacks behind this answer (or failure).
          ...(detail.attempts.length > 1
            ? detail.attempts.map((attempt, index) => [
                `Attempt ${index + 1} of ${detail.attempts.length}`,
                `${when(attempt.startedAt)} ${attempt.answeredModel ?? attempt.requestedModel}: ${attempt.outcome}${attempt.errorKind ? ` (${attempt.errorKind})` : ''}, ${usd(attempt.costUsd)}${attempt.id === r.id ? ' (this one)' : ''}`,
              ])
            : []),
        ];
        for (const [name, value] of fields)
          list.append(el('dt', { textContent: name }), el('dd', { textContent: value }));
      }
    } catch (error) {
      list.append(el('dt', { textContent: 'Error' }), el('dd', { textContent: error.message }));
    }
    if (!dialog.open) dialog.showModal();
  }

  function renderBudgets(budgets) {
    const host = $('budgets');
    host.textContent = '';
    if (budgets.length === 0) {
      host.append(
        el('p', {
          className: 'note',
          textContent: 'No budgets configured for this dashboard (pass --budget global:daily:5).',
        }),
      );
      return;
    }
    budgets.forEach((budget, position) => {
      const spent = Number(budget.spentUsd);
      const limit = Number(budget.limitUsd);
      const over = spent >= limit;
      const meter = el('meter', {
        min: 0,
        max: limit,
        value: Math.min(spent, limit),
        high: limit * 0.8,
        optimum: 0,
      });
      meter.setAttribute(
        'aria-label',
        `${budget.scope} ${budget.window}: $${budget.spentUsd} of $${budget.limitUsd}`,
      );
      const projection = budget.projectedExhaustionAt
        ? `${over ? 'Ran out' : 'Runs out'} at ${when(budget.projectedExhaustionAt)} UTC at this rate`
        : 'Lasts the window at this rate';
      const chartId = `budget-chart-${position}`;
      host.append(
        el('div', { className: 'budget' }, [
          el('h3', { textContent: `${budget.scope} · ${budget.window}` }),
          el('p', {}, [
            el('strong', {
              className: over ? 'over' : '',
              textContent: `$${budget.spentUsd} of $${budget.limitUsd}`,
            }),
            ` spent in the window ${when(budget.windowStart)} – ${when(budget.windowEnd)} UTC. ${projection}.`,
          ]),
          meter,
          el('div', {
            id: chartId,
            className: 'chart',
            role: 'img',
            ariaLabel: `Budget left over the ${budget.window} window`,
          }),
          el('p', {
            className: 'note',
            textContent: budget.alerts.length
              ? `Alerts: ${budget.alerts.map((alert) => `${when(alert.at)} ${alert.detail}`).join('; ')}`
              : 'No alerts fired in this window.',
          }),
        ]),
      );
      const xs = [budget.windowStart, ...budget.burn.map((point) => point.at)];
      const left = [limit, ...budget.burn.map((point) => Math.max(0, limit - Number(point.spentUsd)))];
      draw(
        chartId,
        {
          height: 180,
          scales: {
            x: { time: true, range: () => [budget.windowStart / 1000, budget.windowEnd / 1000] },
            y: { range: [0, limit] },
          },
          axes: [{}, { values: (_u, ticks) => ticks.map((tick) => `$${tick}`), size: 70 }],
          series: [
            { label: 'Time' },
            { label: 'Left', stroke: COLOURS[2], width: 2, fill: 'rgba(10,122,48,0.12)' },
          ],
        },
        [xs.map((at) => at / 1000), left],
      );
    });
  }

  function problem(message) {
    const box = $('problems');
    if (message) box.append(el('p', { textContent: message }));
  }

  async function refresh() {
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      const query = params();
      const bucket = bucketFor(query);
      const stack = new FormData(form).get('stack');
      const seriesQuery = new URLSearchParams(query);
      seriesQuery.set('bucket', bucket);
      seriesQuery.set('stack', stack);
      const callsQuery = new URLSearchParams(query);
      callsQuery.set('limit', '15');
      const results = await Promise.allSettled([
        api('summary', query),
        api('series', seriesQuery),
        api('calls', callsQuery),
        api('budgets', new URLSearchParams()),
      ]);
      $('problems').textContent = '';
      for (const result of results) if (result.status === 'rejected') problem(result.reason.message);
      const [summary, series, calls, budgets] = results.map((result) =>
        result.status === 'fulfilled' ? result.value : undefined,
      );
      if (summary) {
        const t = summary.totals;
        $('total-cost').textContent = usd(t.costUsd);
        $('total-calls').textContent = count(t.calls);
        $('success-rate').textContent = t.calls
          ? `${(((t.calls - t.failures) / t.calls) * 100).toFixed(1)}%`
          : '–';
        $('tokens').textContent = `${count(t.inputTokens)} / ${count(t.outputTokens)}`;
        $('cached').textContent = count(t.cacheReadTokens);
        // Only when the server knows the prices (its cacheSavings option).
        $('cache-saved-kpi').hidden = t.cacheSavedUsd === undefined;
        if (t.cacheSavedUsd !== undefined) $('cache-saved').textContent = usd(t.cacheSavedUsd);
        $('empty').hidden = t.calls > 0;
        renderModels(summary.models);
        fill(
          'models',
          summary.models.map((row) => row.model),
        );
      }
      if (series) {
        drawSpend(series.series, series.bucket, query);
        drawActivity(series.series, series.events, series.bucket, query);
        const sum = (type) =>
          series.events.filter((row) => row.type === type).reduce((n, row) => n + row.count, 0);
        $('decisions').textContent =
          `${count(sum('retry'))} · ${count(sum('fallback'))} · ${count(sum('cache-hit'))}`;
        $('activity-note').textContent = series.eventFiltersIgnored.length
          ? `Retries, fallbacks, breaker openings and cache hits are kept per agent and model only: the ${series.eventFiltersIgnored.join(', ')} filter does not narrow them.`
          : '';
        if (series.stack === 'agent') fill('agents', series.series.map((row) => row.group).filter(Boolean));
        if (series.stack === 'user') fill('users', series.series.map((row) => row.group).filter(Boolean));
      }
      if (calls) {
        renderCalls(calls.records);
        if (calls.skipped)
          problem(
            `${calls.skipped} stored row(s) could not be read and were left out (they are kept, unchanged, in the ledger).`,
          );
      }
      if (budgets) renderBudgets(budgets.budgets);
      document.body.dataset.refreshedAt = String(Date.now());
    })().finally(() => {
      refreshing = undefined;
      if (again) {
        again = false;
        void refresh();
      }
    });
    return refreshing;
  }

  function fill(id, values) {
    const list = $(id);
    const known = new Set([...list.options].map((option) => option.value));
    for (const value of values) if (!known.has(value)) list.append(el('option', { value }));
  }

  function live() {
    const status = $('live');
    const source = new EventSource('/api/stream');
    source.addEventListener('open', () => {
      status.className = 'live ok';
      status.textContent = 'live: new calls appear by themselves';
    });
    source.addEventListener('change', () => void refresh());
    source.addEventListener('ledger-error', (event) => {
      status.className = 'live down';
      status.textContent = `ledger unreachable: ${JSON.parse(event.data).message}`;
    });
    source.addEventListener('error', () => {
      status.className = 'live down';
      status.textContent = 'not live: the dashboard server does not answer (retrying)';
    });
  }

  const showCustom = () => {
    for (const node of document.querySelectorAll('.custom')) node.hidden = $('range').value !== 'custom';
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void refresh();
  });
  form.addEventListener('change', (event) => {
    showCustom();
    if (event.target.tagName === 'SELECT') void refresh();
  });
  showCustom();
  live();
  void refresh();
})();
