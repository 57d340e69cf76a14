/*
 * GraphiQL on the sales analytics (POST /v1/analytics/sales). The API wants a bearer token with the analyst or
 * admin role: the page keeps it as the dashboard does (sessionStorage, key scoville.token, so a sign-in on the
 * dashboard holds here in the same tab), gets one from the development issuer or takes one pasted, and sends it
 * with every request, the schema's introspection too. An Authorization header set in GraphiQL's header editor
 * wins over it (another principal, another issuer's token).
 */
(function () {
  'use strict';

  const ENDPOINT = '/v1/analytics/sales';
  const TOKEN_KEY = 'scoville.token';
  const DEFAULT_QUERY = [
    '# Scoville\'s sales analytics. Ctrl-Enter runs the query;',
    '# the book icon on the left shows the schema.',
    'query LastDay {',
    '  analyticsLagMillis',
    '  topProducts(window: DAY, limit: 5) { sku name revenueCents units }',
    '  sales(window: HOUR, groupBy: CHANNEL) { windowStart key revenueCents orders }',
    '}',
    ''
  ].join('\n');

  const status = document.getElementById('status');
  const signInForm = document.getElementById('sign-in');
  const signOutButton = document.getElementById('sign-out');
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  let generation = 0;

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function showStatus(state, text) {
    status.setAttribute('data-state', state);
    status.textContent = text;
  }

  function showSignIn(show) {
    signInForm.hidden = !show;
    signOutButton.hidden = show;
  }

  async function fetcher(params, options) {
    const headers = Object.assign({ 'Content-Type': 'application/json', 'Accept': 'application/json' },
      (options && options.headers) || {});
    const ownAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
    if (!ownAuthorization && token()) {
      headers.Authorization = 'Bearer ' + token();
    }
    const response = await fetch(ENDPOINT, { method: 'POST', headers: headers, body: JSON.stringify(params), cache: 'no-store' });
    const body = await response.json();
    if (response.status === 401 || response.status === 403) {
      showStatus('signed-out', 'The API refused ' + (ownAuthorization || token() ? 'the token' : 'a request without a token')
        + ' (' + (body.detail || ('HTTP ' + response.status)) + '): sign in');
      showSignIn(true);
    } else if (params.operationName === 'IntrospectionQuery' && body.data) {
      showStatus('ok', 'Schema loaded');
    }
    return body;
  }

  /** (Re)draws GraphiQL; a new key makes it load the schema again, e.g. with a new token. */
  function render() {
    generation += 1;
    root.render(React.createElement(GraphiQL, {
      key: generation,
      fetcher: fetcher,
      defaultQuery: DEFAULT_QUERY,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false
    }));
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
    showStatus('loading', 'Signed in, loading the schema…');
    render();
  }

  signInForm.addEventListener('submit', signIn);
  signOutButton.addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn(true);
    showStatus('signed-out', 'Signed out');
  });

  showSignIn(!token());
  if (!token()) {
    showStatus('signed-out', 'Sign in to load the schema (an analyst or admin token)');
  }
  render();
}());
