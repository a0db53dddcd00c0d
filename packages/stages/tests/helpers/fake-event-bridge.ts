import type {
  PutEventsCommand,
  PutEventsCommandOutput,
  PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { EventBridgeSender } from '../../src/index.js';

/**
 * A stand-in for EventBridge's PutEvents (no local EventBridge exists to test against, and
 * aws-sdk-client-mock is not a dependency of this package). `failures` decides, per call and
 * per entry, which entries the "service" refuses and with what error code.
 */
export class FakeEventBridge implements EventBridgeSender {
  readonly calls: PutEventsRequestEntry[][] = [];
  readonly accepted: PutEventsRequestEntry[] = [];

  constructor(
    private readonly failures: (
      call: number,
      entry: PutEventsRequestEntry,
    ) => string | undefined = () => undefined,
  ) {}

  async send(command: PutEventsCommand): Promise<PutEventsCommandOutput> {
    const entries = command.input.Entries ?? [];
    const call = this.calls.length;
    this.calls.push(entries);
    const results = entries.map((entry) => {
      const code = this.failures(call, entry);
      if (code) return { ErrorCode: code, ErrorMessage: `refused: ${code}` };
      this.accepted.push(entry);
      return { EventId: `event-${this.accepted.length}` };
    });
    const failed = results.filter((result) => 'ErrorCode' in result).length;
    return { FailedEntryCount: failed, Entries: results, $metadata: { httpStatusCode: 200 } };
  }
}
