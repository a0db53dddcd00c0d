import { UI_TOKEN_HEADER, type UiBootstrap, type UiError } from '../../src/ui/ui-api-types.js';

/** What the server embedded in the page: its token, the target, whether values are masked. */
export const bootstrap: UiBootstrap = JSON.parse(
  document.getElementById('ceap-bootstrap')?.textContent ?? '{}',
) as UiBootstrap;

/** An answer the server refused, with its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: UiError,
  ) {
    super(body.message);
    this.name = body.error;
  }
}

/** A GET with the ETag of the last answer: `undefined` when nothing changed (304). */
export async function getJson<T>(
  path: string,
  etag?: string,
): Promise<{ value?: T; etag?: string }> {
  const response = await fetch(path, { headers: etag ? { 'If-None-Match': etag } : {} });
  if (response.status === 304) return { ...(etag !== undefined && { etag }) };
  const body = await response.json();
  if (!response.ok) throw new ApiError(response.status, body as UiError);
  const next = response.headers.get('ETag');
  return { value: body as T, ...(next !== null && { etag: next }) };
}

/** A state-changing request: JSON, with the page's token. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [UI_TOKEN_HEADER]: bootstrap.token },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new ApiError(response.status, answer as UiError);
  return answer as T;
}
