import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Workflow } from '@ceap/core/workflow';
import type { RunnerClient } from '../client/runner-client.js';
import { createScheduleStore } from '../schedule/schedule-store.js';
import type { ScheduleStore } from '../schedule/schedule-types.js';
import { storeSchedules } from './schedule-view.js';
import type { UiApiContext } from './ui-api.js';
import { contentTypeOf, indexHtml, loadUiAssets } from './ui-assets.js';
import { UiBackfills } from './ui-backfills.js';
import { statusOf, UiRequestError } from './ui-params.js';
import { routeRequest } from './ui-routes.js';
import { checkHost, checkStateChange, type ListenPlace, newToken } from './ui-security.js';

/** Options of {@link startUiServer}. */
export interface UiServerOptions {
  readonly client: RunnerClient;
  /** The project's workflows (its config's, or the shipped ones). */
  readonly workflows: Readonly<Record<string, Workflow>>;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 8080 */
  readonly port?: number;
  /** Needed for any host that is not loopback. @default false */
  readonly allowRemote?: boolean;
  /** Show record values unmasked. @default false */
  readonly showValues?: boolean;
  /** Start runs detached, so that they outlive the server. @default true */
  readonly detach?: boolean;
  /**
   * Where the target keeps its schedules' state: the store `ceap schedule` uses. The CLI passes
   * the one for its home or deployment.
   * @default createScheduleStore(client.target): CEAP_HOME, or the `dev` deployment on AWS
   */
  readonly scheduleStore?: ScheduleStore;
  /** Now, for the schedules' next run (the CLI passes `CEAP_NOW`'s clock). @default the system clock */
  readonly now?: () => Date;
}

/** A running UI server. */
export interface UiServer {
  /** `http://host:port/` */
  readonly url: string;
  /** The per-server token the page carries on state-changing requests. */
  readonly token: string;
  /**
   * Stops listening, ends open connections, and stops the backfills under way (their running
   * runs end ABORTED, as with `backfill`'s Ctrl-C); the client is the caller's to close.
   */
  close(): Promise<void>;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];
/** The largest request body: an execution input is at most 256 KiB, plus the request's fields. */
const MAX_BODY_BYTES = 300 * 1024;

/**
 * Serves the web UI: the page (bundled with esbuild) and a JSON API over the runner client, the
 * same client the CLI uses, so it works for both targets. It binds 127.0.0.1 unless told
 * otherwise; any other host needs `allowRemote`. Every request's Host must be this server's
 * (against DNS rebinding); every POST needs the per-server token embedded in the page.
 */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.includes(host) && !options.allowRemote) {
    throw new UiRequestError(
      400,
      `--host ${host} would accept connections from other machines; add --allow-remote to mean it`,
    );
  }
  const token = newToken();
  const assets = await loadUiAssets();
  const context: UiApiContext = {
    client: options.client,
    workflows: options.workflows,
    schedules: storeSchedules(
      options.client,
      options.scheduleStore ?? createScheduleStore(options.client.target),
      options.now,
    ),
    backfills: new UiBackfills(options.client),
    detach: options.detach ?? true,
    ended: new Map(),
  };
  const showValues = options.showValues ?? false;
  const html = indexHtml({ token, target: options.client.target, showValues });
  const place: ListenPlace = { host, port: 0, allowRemote: options.allowRemote ?? false };
  const server = createServer((request, response) => {
    void handle(request, response).catch((error) => sendError(response, error));
  });
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    checkHost(request, place);
    const path = new URL(request.url ?? '/', 'http://ui').pathname;
    if (request.method === 'GET' && (path === '/' || path === '/index.html')) {
      return send(response, 200, 'text/html; charset=utf-8', html);
    }
    const name = path.startsWith('/assets/') ? path.slice('/assets/'.length) : '';
    const asset = assets.get(name);
    if (request.method === 'GET' && asset) return send(response, 200, contentTypeOf(name), asset);
    if (request.method === 'POST') checkStateChange(request, token);
    const body = request.method === 'POST' ? await readJson(request) : undefined;
    const answer = await routeRequest(context, {
      method: request.method ?? 'GET',
      path,
      body,
      showValues,
    });
    sendJson(request, response, 200, answer);
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  Object.assign(place, { port });
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    token,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await context.backfills.close();
      await closed;
    },
  };
}

/** The body of a POST as JSON: an empty body is `{}`; more than MAX_BODY_BYTES is refused. */
async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new UiRequestError(413, `the request body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UiRequestError(400, `the request body is not JSON: ${(error as Error).message}`);
  }
}

/**
 * A JSON answer with an ETag, so a page that polls gets 304 and no body while nothing changed.
 */
function sendJson(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  value: unknown,
): void {
  const body = JSON.stringify(value);
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  response.setHeader('ETag', etag);
  response.setHeader('Cache-Control', 'no-cache');
  if (request.method === 'GET' && request.headers['if-none-match'] === etag) {
    response.writeHead(304).end();
    return;
  }
  send(response, status, 'application/json; charset=utf-8', body);
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Uint8Array,
): void {
  response.writeHead(status, {
    'Content-Type': type,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy':
      "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  });
  response.end(body);
}

/** Every error is a JSON object `{ error, message }` with a 4xx for the caller's mistakes. */
function sendError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const named = error as Error;
  send(
    response,
    statusOf(error),
    'application/json; charset=utf-8',
    JSON.stringify({ error: named.name ?? 'Error', message: named.message ?? String(error) }),
  );
}
