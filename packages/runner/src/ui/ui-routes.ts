import { ScheduleState } from '../schedule/schedule-types.js';
import { stepView } from './step-view.js';
import {
  gridView,
  redriveRun,
  runView,
  startRun,
  stopRun,
  type UiApiContext,
  workflowsView,
} from './ui-api.js';
import { backfillRequestParam } from './ui-backfills.js';
import {
  decoded,
  executionIdParam,
  startRequestParam,
  UiRequestError,
  workflowParam,
} from './ui-params.js';

/** One API request, as the server has read and checked it. */
export interface UiApiRequest {
  readonly method: string;
  readonly path: string;
  /** A POST's JSON body. */
  readonly body?: unknown;
  readonly showValues: boolean;
}

type Handler = (
  context: UiApiContext,
  params: readonly string[],
  request: UiApiRequest,
) => Promise<unknown>;

/** The API: every path parameter is checked (ids, workflows, steps) before the client sees it. */
const ROUTES: readonly (readonly [string, RegExp, Handler])[] = [
  ['GET', /^\/api\/workflows$/, (c) => workflowsView(c)],
  [
    'GET',
    /^\/api\/workflows\/([^/]+)\/grid$/,
    (c, [w]) => gridView(c, workflowParam(c.workflows, w ?? '')),
  ],
  [
    'GET',
    /^\/api\/runs\/([^/]+)$/,
    (c, [id], r) => runView(c, executionIdParam(id ?? ''), r.showValues),
  ],
  [
    'GET',
    /^\/api\/runs\/([^/]+)\/steps\/([^/]+)$/,
    (c, [id, step], r) =>
      stepView(c, executionIdParam(id ?? ''), decoded(step ?? ''), r.showValues),
  ],
  ['POST', /^\/api\/runs$/, (c, _p, r) => startRun(c, startRequestParam(c.workflows, r.body))],
  [
    'POST',
    /^\/api\/runs\/([^/]+)\/stop$/,
    (c, [id], r) => stopRun(c, executionIdParam(id ?? ''), reasonOf(r.body)),
  ],
  [
    'POST',
    /^\/api\/runs\/([^/]+)\/redrive$/,
    (c, [id]) => redriveRun(c, executionIdParam(id ?? '')),
  ],
  ['GET', /^\/api\/backfills$/, async (c) => ({ backfills: c.backfills.list() })],
  [
    'POST',
    /^\/api\/backfills$/,
    (c, _p, r) => c.backfills.start(backfillRequestParam(c.workflows, r.body)),
  ],
  [
    'POST',
    /^\/api\/workflows\/([^/]+)\/schedule\/(pause|resume)$/,
    (c, [w, action]) =>
      c.schedules.setState(
        workflowParam(c.workflows, w ?? '').name,
        action === 'pause' ? ScheduleState.Paused : ScheduleState.Active,
      ),
  ],
];

/** Answers an API request, or throws UiRequestError (404 for no route, 405 for a wrong method). */
export async function routeRequest(context: UiApiContext, request: UiApiRequest): Promise<unknown> {
  const matching = ROUTES.map(([method, pattern, handler]) => ({
    method,
    handler,
    match: pattern.exec(request.path),
  })).filter((route) => route.match !== null);
  if (matching.length === 0) throw new UiRequestError(404, `no such page or API: ${request.path}`);
  const route = matching.find((r) => r.method === request.method);
  if (!route?.match) {
    throw new UiRequestError(
      405,
      `${request.method} ${request.path} is not allowed; use ${matching.map((r) => r.method).join(' or ')}`,
    );
  }
  return route.handler(context, route.match.slice(1), request);
}

function reasonOf(body: unknown): string | undefined {
  const reason = (body as { reason?: unknown } | undefined)?.reason;
  if (reason === undefined) return undefined;
  if (typeof reason !== 'string' || reason.length > 256)
    throw new UiRequestError(400, 'reason must be a string of at most 256 characters');
  return reason;
}
