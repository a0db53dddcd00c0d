import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { UI_TOKEN_HEADER } from './ui-api-types.js';
import { UiRequestError } from './ui-params.js';

/** A fresh per-server token: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Where the server listens, and whether it was told to accept other hosts. */
export interface ListenPlace {
  readonly host: string;
  readonly port: number;
  readonly allowRemote: boolean;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Refuses a request whose Host header is not this server's. A page on another site that
 * rebinds its own DNS name to 127.0.0.1 sends its name as Host, so it is refused before it can
 * read anything. With `--allow-remote` the names clients use are not known: Host is not
 * checked, and Origin and the token still guard what changes state.
 */
export function checkHost(request: IncomingMessage, place: ListenPlace): void {
  if (place.allowRemote) return;
  const host = request.headers.host ?? '';
  const allowed = [place.host, ...LOOPBACK_NAMES].map((name) => `${name}:${place.port}`);
  if (!allowed.includes(host)) {
    throw new UiRequestError(
      421,
      `Host ${JSON.stringify(host)} is not this server (${allowed[0]})`,
    );
  }
}

/**
 * A state-changing request must come from this server's own page: it carries the token the
 * page was served with (which another site cannot read), a JSON body (a cross-site form cannot
 * send one without a preflight this server never answers), and an Origin, when the browser
 * sends one, that is this server's.
 */
export function checkStateChange(request: IncomingMessage, token: string): void {
  const given = request.headers[UI_TOKEN_HEADER];
  if (typeof given !== 'string' || !sameSecret(given, token)) {
    throw new UiRequestError(
      403,
      `a state-changing request needs this server's token in ${UI_TOKEN_HEADER}`,
    );
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${request.headers.host}`) {
    throw new UiRequestError(403, `Origin ${JSON.stringify(origin)} is not this server`);
  }
  const type = request.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    throw new UiRequestError(
      415,
      'a state-changing request must send Content-Type: application/json',
    );
  }
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
