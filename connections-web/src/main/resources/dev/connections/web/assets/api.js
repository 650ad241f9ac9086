// The page's client of the Connections JSON API: the host's CSRF header on writes, the connection's version
// as If-Match, problem details turned into ApiError.

/** A failed call: the HTTP status (0 when the server was not reached) and the problem details. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** [{field, message}] of a rejected input, [] otherwise. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

export class Api {
  constructor(base, csrfHeader, csrfToken) {
    this.base = base.replace(/\/+$/, '');
    this.csrfHeader = csrfHeader;
    this.csrfToken = csrfToken;
  }

  get(path, query) {
    return this.request('GET', path, { query });
  }

  async request(method, path, { body, version, query } = {}) {
    const headers = { Accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.csrfHeader && this.csrfToken) headers[this.csrfHeader] = this.csrfToken;
    if (version != null) headers['If-Match'] = `"${version}"`;
    const search = query ? `?${new URLSearchParams(query)}` : '';
    let response;
    try {
      response = await fetch(this.base + path + search, {
        method,
        headers,
        credentials: 'same-origin',
        redirect: 'manual',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, {});
    }
    // A host whose sign-in redirects (form login) answers an expired session with a redirect, not a 401.
    if (response.type === 'opaqueredirect') throw new ApiError(401, {});
    const type = response.headers.get('Content-Type') ?? '';
    const data = type.includes('json') ? await response.json().catch(() => null) : null;
    if (!response.ok) throw new ApiError(response.status, data);
    if (data === null && response.status !== 204) throw new ApiError(401, {});
    return data;
  }
}
