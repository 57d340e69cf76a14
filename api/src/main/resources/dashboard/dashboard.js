/*
 * The owner's live page: every REFRESH_MS it asks the API (one GraphQL POST for the numbers, REST for stock and
 * the latest orders) and redraws. Money arrives as integer cents and is shown as dollars. Times are UTC; "today"
 * is the UTC day, like the analytics' DAY windows.
 */
(function () {
  'use strict';

  const REFRESH_MS = 2000;
  const TIMEOUT_MS = 8000;
  const LOW_STOCK = Number(new URLSearchParams(location.search).get('lowStock') || 25);
  const CHANNELS = ['WEB', 'MOBILE', 'POS', 'WHOLESALE'];
  const PEPPER = '#c8102e';
  const HEAT_COLORS = ['#7cb342', '#9ccc65', '#c0ca33', '#fdd835', '#ffb300', '#fb8c00', '#f4511e', '#e53935', '#c62828', '#8e0000', '#4a0000'];

  const QUERY = `
    query Dashboard($dayStart: DateTime!, $hourAgo: DateTime!, $dayAgo: DateTime!, $monthAgo: DateTime!) {
      today: sales(window: DAY, from: $dayStart) { windowStart revenueCents units orders averageOrderCents }
      lastHour: sales(window: MINUTE, from: $hourAgo) { windowStart revenueCents orders }
      lastDay: sales(window: HOUR, from: $dayAgo) { windowStart revenueCents orders }
      byChannel: sales(window: DAY, from: $dayStart, groupBy: CHANNEL) { key revenueCents units orders }
      byHeat: sales(window: DAY, from: $dayStart, groupBy: HEAT_LEVEL) { key revenueCents units orders }
      top: topProducts(window: DAY, limit: 10) { sku name revenueCents units }
      ratings: ratings(window: DAY, from: $monthAgo, groupBy: PRODUCT) { key ratings averageTaste averageHeat }
      customers: customers(window: DAY, from: $dayStart) { newCustomers returningCustomers }
      analyticsLagMillis
    }`;

  // What the owner acts on, asked apart so that the sales numbers still show if this part cannot answer.
  const INSIGHTS = `
    query Insights($dayStart: DateTime!) {
      funnel: funnel(window: DAY, from: $dayStart) { windowStart placed reserved rejected expired paid cancelled shipped delivered
        rejectedByReason { reason orders } reservedRate paidRate shippedRate deliveredRate }
      openAlerts: alerts(open: true) { id kind sku raisedAt detail }
      segments: segments(window: DAY) { segment customers revenueCents windowCustomers windowRevenueCents }
    }`;
  const FUNNEL_STEPS = [['placed', 'Placed', null], ['reserved', 'Reserved', 'reservedRate'], ['paid', 'Paid', 'paidRate'],
    ['shipped', 'Shipped', 'shippedRate'], ['delivered', 'Delivered', 'deliveredRate']];
  const FUNNEL_LOSSES = [['rejected', 'Rejected'], ['expired', 'Expired'], ['cancelled', 'Cancelled']];

  const charts = {};
  let products = {};

  document.getElementById('low-stock-threshold').textContent = String(LOW_STOCK);

  // ---------- formatting ----------

  /** "$1,234.56" from integer cents, exact (no floating point on the cents). */
  function dollars(cents) {
    const n = Math.round(Number(cents) || 0);
    const abs = Math.abs(n);
    const whole = Math.floor(abs / 100).toLocaleString('en-US');
    return (n < 0 ? '-' : '') + '$' + whole + '.' + String(abs % 100).padStart(2, '0');
  }

  function count(n) {
    return Number(n || 0).toLocaleString('en-US');
  }

  function hhmm(iso) {
    return iso.substring(11, 16);
  }

  function stamp(iso) {
    return iso ? iso.substring(0, 10) + ' ' + iso.substring(11, 19) : '';
  }

  function setNumber(id, value, attribute, text) {
    const el = document.getElementById(id);
    el.setAttribute(attribute, String(value));
    el.textContent = text;
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function fillTable(id, items, emptyText, columns, render) {
    const body = document.querySelector('#' + id + ' tbody');
    const rows = items.map(render);
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      tr.className = 'empty';
      const td = cell(tr, emptyText);
      td.colSpan = columns;
      rows.push(tr);
    }
    body.replaceChildren(...rows);
  }

  // ---------- reading the API ----------

  // ---------- signing in ----------
  // The API wants a bearer token with the analyst (or admin) role. The page gets one from the development issuer
  // (client credentials, e.g. the demo client "analytics"), or takes one pasted (any issuer's); it keeps it for
  // the browser tab only (sessionStorage), and asks again once the API refuses it.

  const TOKEN_KEY = 'scoville.token';
  const signInForm = document.getElementById('sign-in');
  const signOutButton = document.getElementById('sign-out');

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function showSignIn(show) {
    signInForm.hidden = !show;
    signOutButton.hidden = show;
  }

  async function signIn(event) {
    event.preventDefault();
    const pasted = document.getElementById('pasted-token').value.trim();
    if (pasted) {
      sessionStorage.setItem(TOKEN_KEY, pasted.replace(/^Bearer\s+/i, ''));
    } else {
      const form = new URLSearchParams({ grant_type: 'client_credentials',
        client_id: document.getElementById('client-id').value.trim(), client_secret: document.getElementById('client-secret').value });
      const response = await fetch('/oauth2/token', { method: 'POST', body: form, cache: 'no-store' });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok || !answer.access_token) {
        showStatus('signed-out', 'Sign-in refused: ' + (answer.detail || answer.error || ('HTTP ' + response.status)));
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, answer.access_token);
    }
    showSignIn(false);
    showStatus('loading', 'Signed in, loading…');
    refresh().catch((e) => showStatus('error', 'Showing older numbers · ' + e.message));
  }

  signInForm.addEventListener('submit', signIn);
  signOutButton.addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn(true);
  });
  showSignIn(!token());

  /** The API refused the token (or there is none): an error that asks to sign in. */
  class SignInNeeded extends Error { }

  async function fetchJson(url, options) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const opts = Object.assign({ signal: controller.signal, cache: 'no-store' }, options || {});
      if (token()) {
        opts.headers = Object.assign({}, opts.headers || {}, { 'Authorization': 'Bearer ' + token() });
      }
      const response = await fetch(url, opts);
      const body = await response.json();
      if (response.status === 401 || response.status === 403) {
        throw new SignInNeeded((body && body.detail) || ('HTTP ' + response.status));
      }
      if (!response.ok) {
        throw new Error((body && (body.detail || body.title)) || ('HTTP ' + response.status + ' from ' + url));
      }
      return body;
    } finally {
      clearTimeout(timer);
    }
  }

  async function analytics(now) {
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const variables = {
      dayStart: dayStart.toISOString(),
      hourAgo: new Date(now.getTime() - 3600e3).toISOString(),
      dayAgo: new Date(now.getTime() - 24 * 3600e3).toISOString(),
      monthAgo: new Date(now.getTime() - 30 * 24 * 3600e3).toISOString()
    };
    const answer = await fetchJson('/v1/analytics/sales', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: variables, operationName: 'Dashboard' })
    });
    if (answer.errors && answer.errors.length) {
      throw new Error(answer.errors.map((e) => e.message).join('; '));
    }
    return answer.data;
  }

  async function insights(now) {
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const answer = await fetchJson('/v1/analytics/sales', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ query: INSIGHTS, variables: { dayStart: dayStart.toISOString() }, operationName: 'Insights' })
    });
    if (answer.errors && answer.errors.length) {
      throw new Error(answer.errors.map((e) => e.message).join('; '));
    }
    return answer.data;
  }

  async function stock() {
    const page = await fetchJson('/v1/products?limit=200');
    const list = page.items || [];
    const low = list.filter((p) => p.available !== undefined && p.available !== null && p.available <= LOW_STOCK);
    const details = await Promise.all(low.map((p) => fetchJson('/v1/inventory/' + encodeURIComponent(p.sku)).catch(() => null)));
    return { list: list, low: low.map((p, i) => Object.assign({}, p, { inventory: details[i] })) };
  }

  async function latestOrders() {
    const page = await fetchJson('/v1/orders?limit=10');
    return page.items || [];
  }

  // ---------- drawing ----------

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init(document.getElementById(id));
    }
    return charts[id];
  }

  function moneyAxis() {
    return { type: 'value', axisLabel: { formatter: (v) => '$' + Math.round(v / 100).toLocaleString('en-US') }, splitLine: { lineStyle: { color: '#f1e9e0' } } };
  }

  function revenueBars(id, buckets, label) {
    chart(id).setOption({
      animation: false,
      grid: { left: 56, right: 12, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => dollars(v) },
      xAxis: { type: 'category', data: buckets.map((b) => label(b.windowStart)), axisTick: { alignWithLabel: true } },
      yAxis: moneyAxis(),
      series: [{
        type: 'bar', name: 'Revenue', data: buckets.map((b) => b.revenueCents),
        itemStyle: { color: (p) => (p.value < 0 ? '#8a7b6d' : PEPPER), borderRadius: [3, 3, 0, 0] }
      }]
    });
  }

  function drawKpis(data) {
    const today = data.today[data.today.length - 1] || { revenueCents: 0, orders: 0, units: 0, averageOrderCents: 0 };
    setNumber('revenue-today', today.revenueCents, 'data-cents', dollars(today.revenueCents));
    setNumber('orders-today', today.orders, 'data-value', count(today.orders));
    setNumber('units-today', today.units, 'data-value', count(today.units));
    setNumber('average-order-today', today.averageOrderCents, 'data-cents', dollars(today.averageOrderCents));
    const lastHour = data.lastHour.reduce((sum, b) => sum + b.revenueCents, 0);
    setNumber('revenue-last-hour', lastHour, 'data-cents', dollars(lastHour));
    const customers = data.customers[data.customers.length - 1] || { newCustomers: 0, returningCustomers: 0 };
    setNumber('new-customers-today', customers.newCustomers, 'data-value', count(customers.newCustomers));
    setNumber('returning-customers-today', customers.returningCustomers, 'data-value', count(customers.returningCustomers));
  }

  function drawChannels(byChannel) {
    const totals = {};
    CHANNELS.forEach((c) => { totals[c] = { revenueCents: 0, orders: 0, units: 0 }; });
    byChannel.forEach((b) => { totals[b.key] = b; });
    const keys = Object.keys(totals);
    chart('chart-channels').setOption({
      animation: false,
      tooltip: { trigger: 'item', valueFormatter: (v) => dollars(v) },
      color: ['#c8102e', '#f26522', '#ffb300', '#6d4c41'],
      legend: { bottom: 0, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 11 } },
      series: [{
        type: 'pie', radius: ['42%', '72%'], center: ['50%', '45%'],
        label: { show: true, position: 'inside', formatter: '{d}%', fontSize: 10, color: '#fff' },
        data: keys.filter((k) => totals[k].revenueCents > 0).map((k) => ({ name: k, value: totals[k].revenueCents }))
      }]
    });
    fillTable('sales-by-channel', keys, '', 3, (k) => {
      const tr = document.createElement('tr');
      tr.dataset.channel = k;
      cell(tr, k);
      cell(tr, count(totals[k].orders) + (totals[k].orders === 1 ? ' order' : ' orders'), 'num');
      const revenue = cell(tr, dollars(totals[k].revenueCents), 'num revenue');
      revenue.dataset.cents = String(totals[k].revenueCents);
      return tr;
    });
  }

  function drawHeat(byHeat) {
    const levels = byHeat.slice().sort((a, b) => Number(a.key) - Number(b.key));
    chart('chart-heat').setOption({
      animation: false,
      grid: { left: 56, right: 12, top: 16, bottom: 36 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => dollars(v) },
      xAxis: { type: 'category', name: 'heat', nameLocation: 'middle', nameGap: 24, data: levels.map((b) => b.key) },
      yAxis: moneyAxis(),
      series: [{
        type: 'bar', name: 'Revenue', data: levels.map((b) => ({
          value: b.revenueCents, itemStyle: { color: HEAT_COLORS[Math.max(0, Math.min(10, Number(b.key)))], borderRadius: [3, 3, 0, 0] }
        }))
      }]
    });
  }

  /** Average taste and heat per SKU over the windows given, weighted by the number of ratings. */
  function ratingsBySku(buckets) {
    const bySku = {};
    buckets.forEach((b) => {
      const r = bySku[b.key] || (bySku[b.key] = { ratings: 0, taste: 0, heat: 0 });
      r.ratings += b.ratings;
      r.taste += b.averageTaste * b.ratings;
      r.heat += b.averageHeat * b.ratings;
    });
    return bySku;
  }

  function drawTopProducts(top, ratings) {
    const bySku = ratingsBySku(ratings);
    fillTable('top-products', top, 'No sales yet today', 7, (p, i) => {
      const tr = document.createElement('tr');
      tr.dataset.sku = p.sku;
      const r = bySku[p.sku];
      cell(tr, String(i + 1));
      cell(tr, p.name || p.sku).title = p.sku;
      cell(tr, count(p.units), 'num units');
      cell(tr, dollars(p.revenueCents), 'num revenue').dataset.cents = String(p.revenueCents);
      cell(tr, r ? (r.taste / r.ratings).toFixed(1) + ' ★' : '–', 'num taste');
      cell(tr, r ? (r.heat / r.ratings).toFixed(1) : '–', 'num heat');
      cell(tr, r ? count(r.ratings) : '0', 'num ratings');
      return tr;
    });
  }

  function drawStock(stockLevels) {
    products = {};
    stockLevels.list.forEach((p) => { products[p.sku] = p; });
    const sauces = stockLevels.list.filter((p) => p.available !== undefined && p.available !== null)
      .sort((a, b) => a.available - b.available);
    chart('chart-stock').setOption({
      animation: false,
      grid: { left: 110, right: 40, top: 8, bottom: 20 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', splitLine: { lineStyle: { color: '#f1e9e0' } } },
      yAxis: { type: 'category', inverse: true, data: sauces.map((p) => p.sku), axisLabel: { fontSize: 10 } },
      series: [{
        type: 'bar', name: 'Available', label: { show: true, position: 'right', fontSize: 10 },
        data: sauces.map((p) => ({ value: p.available, itemStyle: { color: p.available <= LOW_STOCK ? PEPPER : '#8bc34a' } }))
      }]
    });
    fillTable('low-stock', stockLevels.low.sort((a, b) => a.available - b.available), 'Nothing is running low', 5, (p) => {
      const tr = document.createElement('tr');
      tr.dataset.sku = p.sku;
      cell(tr, p.sku);
      cell(tr, p.name || '');
      cell(tr, count(p.available), 'num available low').dataset.value = String(p.available);
      cell(tr, p.inventory ? count(p.inventory.onHand) : '–', 'num');
      cell(tr, p.inventory ? count(p.inventory.reserved) : '–', 'num');
      return tr;
    });
  }

  function percent(rate) {
    return rate === null || rate === undefined ? '–' : (rate * 100).toFixed(1) + ' %';
  }

  /** Today's funnel: how many orders reached each step, the share that went on from the step before, and the losses. */
  function drawFunnel(buckets) {
    const today = buckets && buckets.length ? buckets[buckets.length - 1] : null;
    const steps = FUNNEL_STEPS.map(([field, label, rate]) => ({
      field: field, label: label, value: today ? today[field] : 0, rate: today && rate ? today[rate] : null
    }));
    chart('chart-funnel').setOption({
      animation: false,
      grid: { left: 80, right: 50, top: 8, bottom: 20 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', splitLine: { lineStyle: { color: '#f1e9e0' } } },
      yAxis: { type: 'category', inverse: true, data: steps.map((s) => s.label) },
      series: [{ type: 'bar', name: 'Orders', label: { show: true, position: 'right', fontSize: 10 },
        data: steps.map((s, i) => ({ value: s.value, itemStyle: { color: HEAT_COLORS[10 - i * 2] } })) }]
    });
    const rows = steps.map((s) => ({ label: s.label, field: s.field, value: s.value, note: s.rate === null ? '' : percent(s.rate) + ' of the step before' }))
      .concat(FUNNEL_LOSSES.map(([field, label]) => ({ label: label, field: field, value: today ? today[field] : 0,
        note: field === 'rejected' && today ? today.rejectedByReason.map((r) => r.reason + ' ' + count(r.orders)).join(', ') : '' })));
    fillTable('funnel', rows, 'No orders yet today', 3, (r) => {
      const tr = document.createElement('tr');
      tr.dataset.step = r.field;
      cell(tr, r.label);
      cell(tr, count(r.value), 'num orders').dataset.value = String(r.value);
      cell(tr, r.note, 'note');
      return tr;
    });
  }

  function drawAlerts(alerts) {
    fillTable('open-alerts', alerts, 'Nothing unusual', 4, (a) => {
      const tr = document.createElement('tr');
      tr.dataset.alertId = a.id;
      cell(tr, stamp(a.raisedAt));
      const kind = cell(tr, '');
      const badge = document.createElement('span');
      badge.className = 'badge alert ' + a.kind;
      badge.textContent = a.kind.replace('_', ' ');
      kind.appendChild(badge);
      cell(tr, a.sku);
      cell(tr, a.detail, 'detail').title = a.detail;
      return tr;
    });
    document.getElementById('open-alert-count').textContent = alerts.length ? String(alerts.length) + ' open' : '';
  }

  function drawSegments(segments) {
    fillTable('segments', segments, 'No paying customers yet', 5, (g) => {
      const tr = document.createElement('tr');
      tr.dataset.segment = g.segment;
      cell(tr, g.segment.replace('_', ' ').toLowerCase());
      cell(tr, count(g.customers), 'num customers').dataset.value = String(g.customers);
      cell(tr, dollars(g.revenueCents), 'num revenue').dataset.cents = String(g.revenueCents);
      cell(tr, count(g.windowCustomers), 'num');
      cell(tr, dollars(g.windowRevenueCents), 'num');
      return tr;
    });
  }

  function drawOrders(orders) {
    fillTable('latest-orders', orders, 'No orders yet', 7, (o) => {
      const tr = document.createElement('tr');
      tr.dataset.orderId = o.orderId;
      cell(tr, stamp(o.createdAt));
      cell(tr, o.orderId);
      cell(tr, o.customerId);
      cell(tr, o.channel);
      cell(tr, (o.lines || []).map((l) => l.quantity + '× ' + l.sku).join(', '));
      const status = cell(tr, '');
      const badge = document.createElement('span');
      badge.className = 'badge ' + o.status;
      badge.textContent = o.status;
      status.appendChild(badge);
      cell(tr, dollars(o.totalCents), 'num total').dataset.cents = String(o.totalCents);
      return tr;
    });
  }

  function showStatus(state, text) {
    const el = document.getElementById('status');
    el.dataset.state = state;
    el.textContent = text;
  }

  // ---------- the loop ----------

  let refreshes = 0;

  async function refresh() {
    const now = new Date();
    const parts = await Promise.allSettled([analytics(now), stock(), latestOrders(), insights(now)]);
    const problems = [];
    if (parts[0].status === 'fulfilled') {
      const data = parts[0].value;
      drawKpis(data);
      revenueBars('chart-minutes', data.lastHour, hhmm);
      revenueBars('chart-hours', data.lastDay, hhmm);
      drawChannels(data.byChannel);
      drawHeat(data.byHeat);
      drawTopProducts(data.top, data.ratings);
      document.body.dataset.lagMillis = data.analyticsLagMillis === null ? '' : String(data.analyticsLagMillis);
    } else {
      problems.push('analytics: ' + parts[0].reason.message);
    }
    if (parts[1].status === 'fulfilled') {
      drawStock(parts[1].value);
    } else {
      problems.push('stock: ' + parts[1].reason.message);
    }
    if (parts[2].status === 'fulfilled') {
      drawOrders(parts[2].value);
    } else {
      problems.push('orders: ' + parts[2].reason.message);
    }
    if (parts[3].status === 'fulfilled') {
      drawFunnel(parts[3].value.funnel);
      drawAlerts(parts[3].value.openAlerts);
      drawSegments(parts[3].value.segments);
    } else {
      problems.push('funnel, alerts and segments: ' + parts[3].reason.message);
    }
    refreshes += 1;
    document.body.dataset.refreshes = String(refreshes);
    const refused = parts.find((p) => p.status === 'rejected' && p.reason instanceof SignInNeeded);
    if (refused) {
      showSignIn(true);
      showStatus('signed-out', (token() ? 'The API refused the token (' + refused.reason.message + '): ' : '')
        + 'sign in with an analyst or admin client');
    } else if (problems.length) {
      showStatus('error', 'Showing older numbers · ' + problems.join(' · '));
    } else {
      const lag = parts[0].value.analyticsLagMillis;
      showStatus('ok', 'Updated ' + now.toISOString().substring(11, 19) + ' UTC'
        + (lag === null ? '' : ' · latest payment ' + (lag / 1000).toFixed(1) + ' s ago'));
    }
  }

  async function loop() {
    try {
      await refresh();
    } catch (e) {
      showStatus('error', 'Showing older numbers · ' + e.message);
    }
    setTimeout(loop, REFRESH_MS);
  }

  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  loop();
}());
