import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  flowInput,
  slowControl,
  startUiHarness,
  UI_WORKFLOWS,
  type UiHarness,
  uiBindings,
} from './ui-harness.js';

/*
 * The UI server under load, in this process on 127.0.0.1 and a free port: 200 page loads at
 * once (the page and its bundled assets), and 20 live clients polling a workflow's grid with
 * the last ETag (the page's live updates) while a run goes on. Then the server is stopped and
 * nothing it opened may stay: no socket, and no resource Node reports that was not there before.
 */
const PAGE_LOADS = 200;
const LIVE_CLIENTS = 20;
const POLL_ROUNDS = 6;
const PAGE_FILES = ['/', '/assets/app.js', '/assets/app.css'] as const;

/** What one GET got: its status, its ETag and the size of its body. */
interface Got {
  readonly status: number;
  readonly etag: string | undefined;
  readonly bytes: number;
}

/** Every socket the tests' requests used, to check that the server's close ended them all. */
const sockets = new Set<Socket>();

function get(agent: Agent, url: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { agent, headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, etag: response.headers.etag, bytes }),
      );
      response.on('error', reject);
    });
    sent.on('socket', (socket) => sockets.add(socket));
    sent.on('error', reject);
    sent.end();
  });
}

/** Node's active resources by type, with how many of each. */
function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) {
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}

/** The resource types that are more numerous in `after` than in `before`. */
function added(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([type, n]) => n > (before.get(type) ?? 0)).map(([type]) => type);
}

describe('ceap ui under load', () => {
  let ui: UiHarness;
  let before: Map<string, number>;
  let stopped = false;
  // Keep-alive agents, as a browser holds its connections open between requests.
  const agents = { pages: new Agent({ keepAlive: true, maxSockets: 50 }), live: [] as Agent[] };

  beforeAll(async () => {
    before = activeResources();
    ui = await startUiHarness({ workflows: UI_WORKFLOWS, bindings: uiBindings });
  });

  afterAll(async () => {
    slowControl.delayMs = 0;
    for (const agent of [agents.pages, ...agents.live]) agent.destroy();
    if (!stopped) await ui?.stop();
  });

  it(`answers ${PAGE_LOADS} concurrent page loads, each with the page and its assets`, async () => {
    // Arrange
    const load = () => Promise.all(PAGE_FILES.map((path) => get(agents.pages, ui.url(path))));

    // Act
    const loads = await Promise.all(Array.from({ length: PAGE_LOADS }, load));

    // Assert
    expect(loads).toHaveLength(PAGE_LOADS);
    for (const files of loads) {
      expect(files.map((got) => got.status)).toEqual([200, 200, 200]);
      for (const got of files) expect(got.bytes).toBeGreaterThan(0);
    }
  });

  it(`keeps ${LIVE_CLIENTS} live clients polling with ETags up to date while a run goes on`, async () => {
    // Arrange
    slowControl.delayMs = 1500;
    const handle = await ui.client.start({
      workflow: 'ui-flow',
      input: flowInput(),
      logicalDate: '2026-05-01',
    });
    const grid = ui.url('/api/workflows/ui-flow/grid');
    const poll = async (): Promise<Got[]> => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.live.push(agent);
      const answers: Got[] = [];
      let etag: string | undefined;
      for (let round = 0; round < POLL_ROUNDS; round += 1) {
        const got = await get(agent, grid, etag ? { 'If-None-Match': etag } : {});
        answers.push(got);
        etag = got.etag ?? etag;
        await sleep(400);
      }
      return answers;
    };

    // Act
    const clients = await Promise.all(Array.from({ length: LIVE_CLIENTS }, poll));
    const result = await handle.result();
    const last = await get(agents.pages, grid);

    // Assert
    expect(result.status).toBe('SUCCEEDED');
    const statuses = clients.flat().map((got) => got.status);
    expect(statuses).toHaveLength(LIVE_CLIENTS * POLL_ROUNDS);
    expect(statuses.filter((status) => status !== 200 && status !== 304)).toEqual([]);
    // Unchanged answers came back as 304, and the run's progress as new 200s.
    expect(statuses).toContain(304);
    for (const answers of clients) {
      expect(answers[0]?.status).toBe(200);
      expect(answers.filter((got) => got.status === 304).every((got) => got.bytes === 0)).toBe(
        true,
      );
    }
    expect(last.status).toBe(200);
  });

  it('closes every connection on shutdown and leaves no handle behind', async () => {
    // Arrange
    const open = [...sockets].filter((socket) => !socket.destroyed);
    const ended = Promise.all(
      open.map((socket) => new Promise((resolve) => socket.once('close', resolve))),
    );

    // Act: stop the server and the client (not the agents: the server must end their sockets)
    await ui.stop();
    stopped = true;
    await ended;
    await sleep(50);

    // Assert
    expect(open.length).toBeGreaterThan(0);
    expect([...sockets].filter((socket) => !socket.destroyed)).toEqual([]);
    const after = activeResources();
    expect(added(before, after)).toEqual([]);
  });
});
