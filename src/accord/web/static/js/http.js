// JSON from the API; a refused request carries the API's {"error": {param, value, message, hint}} to the caller.

export class ApiError extends Error {
  constructor(status, detail, url) {
    super(detail.message || `${url}: HTTP ${status}`);
    this.status = status;
    this.detail = detail;
  }
}

export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (response.ok) return response.json();
  let detail = {};
  try {
    const body = await response.json();
    if (body && body.error) detail = body.error;
    else if (body && typeof body.detail === "string") detail = { message: body.detail };
    else if (body && Array.isArray(body.detail)) {
      // FastAPI's own validation answer (422): name the parameter it refused.
      const first = body.detail[0] || {};
      detail = { param: (first.loc || []).slice(-1)[0], message: first.msg };
    }
  } catch (_) { /* not JSON */ }
  throw new ApiError(response.status, detail, url);
}
