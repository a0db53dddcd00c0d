import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';

/** What the proxy does to a request that matches a rule. */
export type Fault =
  /** Answers with this HTTP status and an S3-style error body, without forwarding. */
  | { readonly kind: 'status'; readonly status: 500 | 503 }
  /** Drops the connection before any reply. */
  | { readonly kind: 'reset-before-reply' }
  /** Forwards, sends the headers and half the body, then drops the connection. */
  | { readonly kind: 'reset-mid-body' }
  /**
   * Forwards and sends only the first `fraction` of the body (cut back to a line break when
   * `atLineBreak`), with Content-Length rewritten to match, so the reply looks complete.
   */
  | { readonly kind: 'truncate'; readonly fraction: number; readonly atLineBreak?: boolean }
  /** Holds the request this long, then forwards it (a slow endpoint). */
  | { readonly kind: 'stall'; readonly ms: number }
  /** Never answers (until the proxy stops). */
  | { readonly kind: 'stall-forever' };

/** Which requests a fault hits, and how many times. */
export interface FaultRule {
  readonly method?: string;
  /** Matched against the object key (the path after the bucket). */
  readonly key?: RegExp;
  /** Only multipart part uploads (`?partNumber=`). */
  readonly multipartPart?: boolean;
  readonly fault: Fault;
  /** @default 1 */
  readonly times?: number;
}

/** A loopback HTTP proxy in front of an S3 endpoint that injects faults by rule. */
export interface FaultProxy {
  readonly endpoint: string;
  /** Adds a rule; the first matching rule with hits left applies. */
  inject(rule: FaultRule): void;
  /** How many faults were injected since the last {@link FaultProxy.clear}. */
  readonly injected: number;
  /** Removes every rule and resets the count. */
  clear(): void;
  stop(): Promise<void>;
}

/**
 * Starts a fault-injecting proxy on 127.0.0.1 (a free port) in front of `target`, an S3 HTTP
 * endpoint such as the embedded server. Point an S3 client at `endpoint`; requests pass
 * through untouched unless a rule matches. For fault tests: resets, 5xx, truncation, stalls.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: { rule: FaultRule; left: number }[] = [];
  const sockets = new Set<Socket>();
  let injected = 0;
  const server: Server = createServer((req, res) => {
    const match = rules.find(({ rule, left }) => left > 0 && matches(rule, req));
    if (!match) return forward(upstream, req, res, undefined);
    match.left--;
    injected++;
    applyFault(match.rule.fault, upstream, req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    inject: (rule) => rules.push({ rule, left: rule.times ?? 1 }),
    get injected() {
      return injected;
    },
    clear: () => {
      rules.length = 0;
      injected = 0;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function matches(rule: FaultRule, req: IncomingMessage): boolean {
  const url = new URL(req.url ?? '/', 'http://proxy');
  const key = decodeURIComponent(url.pathname.split('/').slice(2).join('/'));
  if (rule.method && rule.method !== req.method) return false;
  if (rule.key && !rule.key.test(key)) return false;
  if (rule.multipartPart && !url.searchParams.has('partNumber')) return false;
  return true;
}

function applyFault(fault: Fault, upstream: URL, req: IncomingMessage, res: ServerResponse): void {
  switch (fault.kind) {
    case 'status':
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0"?><Error><Code>${fault.status === 503 ? 'SlowDown' : 'InternalError'}</Code><Message>injected</Message></Error>`,
      );
      return;
    case 'reset-before-reply':
      req.socket.destroy();
      return;
    case 'stall':
      setTimeout(() => forward(upstream, req, res, undefined), fault.ms).unref();
      return;
    case 'stall-forever':
      req.resume();
      return;
    default:
      forward(upstream, req, res, fault);
  }
}

/** Forwards a request upstream; a body fault cuts the reply as it passes back. */
function forward(
  upstream: URL,
  req: IncomingMessage,
  res: ServerResponse,
  fault: Extract<Fault, { kind: 'reset-mid-body' | 'truncate' }> | undefined,
): void {
  const proxied = httpRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
    },
    (reply) => {
      if (!fault) {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      reply.on('data', (chunk: Buffer) => chunks.push(chunk));
      reply.on('end', () => cutReply(Buffer.concat(chunks), reply, res, fault));
    },
  );
  proxied.on('error', () => res.destroy());
  req.pipe(proxied);
}

function cutReply(
  body: Buffer,
  reply: IncomingMessage,
  res: ServerResponse,
  fault: Extract<Fault, { kind: 'reset-mid-body' | 'truncate' }>,
): void {
  if (fault.kind === 'reset-mid-body') {
    res.writeHead(reply.statusCode ?? 200, reply.headers);
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return;
  }
  let end = Math.floor(body.length * fault.fraction);
  if (fault.atLineBreak) end = body.lastIndexOf(0x0a, end - 1) + 1;
  const cut = body.subarray(0, end);
  const headers = { ...reply.headers, 'content-length': String(cut.length) };
  delete headers.etag;
  res.writeHead(reply.statusCode ?? 200, headers);
  res.end(cut);
}
