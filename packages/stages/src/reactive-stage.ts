import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  ConfigurationError,
  defineStage,
  type StageContext,
  type StageDefinition,
} from '@ceap/core';
import { candidateQualified, DEFAULT_EVENT_SOURCE } from './candidate-event.js';
import { isUnset } from './config-source.js';
import {
  type EventBridgeSender,
  type EventSink,
  eventBridgeSink,
  type PublishRetryOptions,
  sideOutputSink,
} from './event-publisher.js';
import { ScoredRecordRejectReason } from './reject-reasons.js';
import { isScored, notScoredField, notScoredMessage } from './scored-record.js';
import { StageName } from './stage-names.js';
import { StagesEnv } from './stages-env.js';

/** ReactiveStage's configuration, read per invocation. */
export interface ReactiveConfig {
  /** The lowest score that emits an event, 0..1. */
  readonly threshold: number;
  /** The `Source` of the events. */
  readonly eventSource: string;
  /** The bus; unset (with no endpoint) means events go to `events.json`. */
  readonly eventBusName?: string;
  readonly eventBridgeEndpoint?: string;
}

/** Options for {@link createReactiveStage}; an option set here wins over the environment. */
export interface ReactiveStageOptions {
  /** @default `CEAP_REACTIVE_THRESHOLD`, else 0.7 */
  readonly threshold?: number;
  /** An EventBridge client: events then always go to EventBridge. @default built from the environment */
  readonly eventBridge?: EventBridgeSender;
  /** @default `CEAP_EVENT_BUS_NAME`, else 'default' */
  readonly eventBusName?: string;
  /** @default `CEAP_EVENT_SOURCE`, else 'ceap.candidates' */
  readonly eventSource?: string;
  /** Retries of the entries a PutEvents partial failure reports. */
  readonly retry?: PublishRetryOptions;
  /** Waits between retries. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_REACTIVE_THRESHOLD = 0.7;
/** The side output that holds the events when no EventBridge is configured. */
export const EVENTS_OBJECT = 'events.json';

/**
 * Creates ReactiveStage: for each scored candidate at or above the threshold it emits a
 * `CandidateQualified` event, to EventBridge (PutEvents) when a bus, an endpoint or a client
 * is configured, else to `executions/{id}/ReactiveStage/events.json`. Its output is its input,
 * so the run's records stay accounted for; the `emitted` metric counts the events.
 *
 * @example
 * const reactive = createReactiveStage({ threshold: 0.8, eventBridge: new EventBridgeClient({}) });
 */
export function createReactiveStage(
  options: ReactiveStageOptions = {},
): StageDefinition<ReactiveConfig> {
  if (options.threshold !== undefined)
    checkThreshold('createReactiveStage options.threshold', options.threshold);
  return defineStage<ReactiveConfig>({
    name: StageName.Reactive,
    description: 'Emits CandidateQualified events for candidates at or above the score threshold',
    access: { putEvents: true },
    // It emits events beside its records: the output is a server-side copy of its input.
    passThrough: true,
    loadConfig: (env) => loadReactiveConfig(env, options),
    async *transform(records, ctx) {
      const { threshold } = ctx.config;
      const sink = openSink(ctx, options);
      const run = {
        executionId: ctx.executionId,
        workflow: ctx.workflow,
        logicalDate: ctx.logicalDate,
        runKey: ctx.runKey,
        threshold,
        source: ctx.config.eventSource,
        time: new Date().toISOString(),
      };
      let qualified = 0;
      for await (const record of records) {
        if (!isScored(record)) {
          ctx.reject(ScoredRecordRejectReason.NotScored, {
            record,
            field: notScoredField(record),
            message: notScoredMessage(record),
          });
          continue;
        }
        if (record.score >= threshold) {
          if (!(await sink.publish(candidateQualified(record, run)))) {
            ctx.reject(ScoredRecordRejectReason.EventTooLarge, {
              record,
              message: 'its CandidateQualified event is larger than 256 KB',
            });
            continue;
          }
          qualified++;
        }
        yield record;
      }
      const emitted = await sink.close();
      ctx.metric('qualified', qualified);
      ctx.metric('emitted', emitted);
      ctx.metric('threshold', threshold);
    },
  });
}

/** ReactiveStage configured from the environment. */
export const reactiveStage: StageDefinition<ReactiveConfig> = createReactiveStage();

/** Reads ReactiveStage's settings; an invalid threshold names `CEAP_REACTIVE_THRESHOLD`. */
export function loadReactiveConfig(
  env: NodeJS.ProcessEnv,
  options: ReactiveStageOptions = {},
): ReactiveConfig {
  const threshold = options.threshold ?? thresholdFrom(env);
  const eventBusName =
    options.eventBusName ??
    (isUnset(env[StagesEnv.EventBusName]) ? undefined : env[StagesEnv.EventBusName]?.trim());
  const endpoint = env[StagesEnv.EventBridgeEndpoint];
  const eventSource =
    options.eventSource ??
    (isUnset(env[StagesEnv.EventSource])
      ? DEFAULT_EVENT_SOURCE
      : env[StagesEnv.EventSource]?.trim());
  return {
    threshold,
    eventSource: eventSource ?? DEFAULT_EVENT_SOURCE,
    ...(eventBusName === undefined ? {} : { eventBusName }),
    ...(isUnset(endpoint) ? {} : { eventBridgeEndpoint: endpoint.trim() }),
  };
}

function thresholdFrom(env: NodeJS.ProcessEnv): number {
  const value = env[StagesEnv.ReactiveThreshold];
  if (isUnset(value)) return DEFAULT_REACTIVE_THRESHOLD;
  const threshold = Number(value.trim());
  checkThreshold(StagesEnv.ReactiveThreshold, threshold, value);
  return threshold;
}

function checkThreshold(name: string, threshold: number, shown: unknown = threshold): void {
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new ConfigurationError(
      `${name} must be a number from 0 to 1, got ${JSON.stringify(shown)}`,
    );
  }
}

function openSink(ctx: StageContext<ReactiveConfig>, options: ReactiveStageOptions): EventSink {
  const { eventBusName, eventBridgeEndpoint } = ctx.config;
  const client =
    options.eventBridge ??
    (eventBusName || eventBridgeEndpoint ? sharedClient(eventBridgeEndpoint) : undefined);
  if (client === undefined) {
    ctx.metric('eventSink', EVENTS_OBJECT);
    return sideOutputSink(ctx.sideOutput(EVENTS_OBJECT));
  }
  const bus = eventBusName ?? 'default';
  ctx.metric('eventSink', `eventbridge:${bus}`);
  return eventBridgeSink(client, bus, ctx.logger, options.retry, options.sleep);
}

/** EventBridge clients by endpoint, built once per process (per Lambda cold start). */
const clients = new Map<string, EventBridgeClient>();

function sharedClient(endpoint: string | undefined): EventBridgeClient {
  const key = endpoint ?? '';
  let client = clients.get(key);
  if (!client) {
    client = new EventBridgeClient(
      endpoint === undefined ? {} : { endpoint, region: process.env.AWS_REGION ?? 'us-east-1' },
    );
    clients.set(key, client);
  }
  return client;
}
