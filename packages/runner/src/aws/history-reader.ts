import {
  GetExecutionHistoryCommand,
  type HistoryEvent,
  paginateGetExecutionHistory,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { callAws } from './aws-errors.js';
import { TERMINAL_EVENTS } from './aws-redrive.js';

/** GetExecutionHistory's largest page. */
const PAGE_SIZE = 1000;

/**
 * The history of one execution, read with the SDK paginator newest first and kept between
 * reads: each read fetches only the events added since the previous one, so a poll costs one
 * call however long the history has grown, and a fold always sees the whole history.
 */
export class HistoryReader {
  private events: HistoryEvent[] = [];
  private lastId = 0;

  constructor(
    private readonly sfn: SFNClient,
    private readonly executionId: string,
    private readonly executionArn: string,
  ) {}

  /**
   * Whether the execution has ended (its first attempt: a redrive's needs the whole history),
   * from its newest event alone and without the inputs and outputs nobody reads here.
   */
  async hasEnded(): Promise<boolean> {
    const page = await callAws(
      { executionId: this.executionId, operation: 'GetExecutionHistory' },
      () =>
        this.sfn.send(
          new GetExecutionHistoryCommand({
            executionArn: this.executionArn,
            reverseOrder: true,
            maxResults: 1,
            includeExecutionData: false,
          }),
        ),
    );
    return TERMINAL_EVENTS.has(page.events?.[0]?.type ?? '');
  }

  /**
   * Every event so far, oldest first, with their data: the step rows read the steps' results
   * (counts, output pointers) from it.
   */
  async read(): Promise<HistoryEvent[]> {
    const known = this.lastId;
    const newer = await callAws(
      { executionId: this.executionId, operation: 'GetExecutionHistory' },
      async () => {
        const found: HistoryEvent[] = [];
        const pages = paginateGetExecutionHistory(
          { client: this.sfn, pageSize: PAGE_SIZE },
          { executionArn: this.executionArn, reverseOrder: true, includeExecutionData: true },
        );
        for await (const page of pages) {
          const events = page.events ?? [];
          found.push(...events.filter((event) => idOf(event) > known));
          if (events.some((event) => idOf(event) <= known)) break;
        }
        return found;
      },
    );
    if (newer.length > 0) {
      // Keyed by id: two reads at once (a describe() during monitoring) fetch the same events.
      const byId = new Map(this.events.map((event) => [idOf(event), event]));
      for (const event of newer) byId.set(idOf(event), event);
      this.events = [...byId.values()].sort((a, b) => idOf(a) - idOf(b));
      this.lastId = idOf(this.events.at(-1) as HistoryEvent);
    }
    return this.events;
  }
}

function idOf(event: HistoryEvent): number {
  return event.id ?? 0;
}
