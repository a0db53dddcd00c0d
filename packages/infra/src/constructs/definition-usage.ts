import { type StateMachineDefinition, stepOfState } from '@ceap/core/workflow';
import { InfraPropsError } from '../errors.js';

/**
 * The Task resources a compiled ceap definition may call, each of which `WorkflowStateMachine`
 * knows how to grant. Any other resource is refused.
 */
export const TaskResource = {
  /** A stage on Lambda, in a Lambda step or a Map iteration. */
  LambdaInvoke: 'arn:aws:states:::lambda:invoke',
  /** A Glue job, awaited until its run ends. */
  GlueStartJobRunSync: 'arn:aws:states:::glue:startJobRun.sync',
  /** An S3 sensor's poke, and a Map step's listing of its upstream's part files. */
  S3ListObjectsV2: 'arn:aws:states:::aws-sdk:s3:listObjectsV2',
} as const;

/** One of the {@link TaskResource} values. */
export type TaskResource = (typeof TaskResource)[keyof typeof TaskResource];

/** A state of the definition, and the step it belongs to (none for the workflow's own states). */
export interface StateSite {
  readonly state: string;
  readonly step?: string;
}

/** What a compiled definition uses, read from the definition itself. */
export interface DefinitionUsage {
  /** Each `${Key}` placeholder, and the states that hold it. */
  readonly placeholders: ReadonlyMap<string, readonly StateSite[]>;
  /** Each Task resource, and the states that call it. */
  readonly taskResources: ReadonlyMap<TaskResource, readonly StateSite[]>;
}

const KNOWN_RESOURCES: readonly string[] = Object.values(TaskResource);
const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/**
 * Reads every state of a definition, inside Parallel branches and Map iterations too, and
 * collects its placeholders and Task resources. A definition that needs permissions this
 * construct does not grant is refused, naming the state: a Distributed Map (it would need
 * `states:StartExecution` on the state machine itself, and S3 access for an `ItemReader` or
 * `ResultWriter`), or a Task resource other than the {@link TaskResource} values.
 *
 * @param where the prop the definition came from, for messages, e.g.
 *   `WorkflowStateMachineProps.workflow "batch"`
 */
export function readDefinitionUsage(
  definition: StateMachineDefinition,
  where: string,
): DefinitionUsage {
  const placeholders = new Map<string, StateSite[]>();
  const taskResources = new Map<TaskResource, StateSite[]>();
  const add = <K>(map: Map<K, StateSite[]>, key: K, site: StateSite) =>
    map.set(key, [...(map.get(key) ?? []), site]);
  forEachState(definition.States, (state, body) => {
    const site: StateSite = { state, step: stepOfState(state) };
    refuseDistributedMap(body, site, where);
    if (body.Type === 'Task') add(taskResources, knownResource(body, site, where), site);
    for (const match of JSON.stringify(ownFields(body)).matchAll(PLACEHOLDER)) {
      add(placeholders, match[1] as string, site);
    }
  });
  return { placeholders, taskResources };
}

/** `state "Score" (step "Score")`, or `state "@start"` for the workflow's own states. */
export function describeSite(site: StateSite): string {
  return site.step === undefined || site.step === site.state
    ? `state "${site.state}"`
    : `state "${site.state}" (step "${site.step}")`;
}

/** `step "Score"`, `steps "PriceParts", "PriceSample"`, or the states that belong to no step. */
export function describeSites(sites: readonly StateSite[]): string {
  const names = [...new Set(sites.map((site) => site.step ?? site.state))];
  const quoted = names.map((name) => `"${name}"`).join(', ');
  const steps = sites.every((site) => site.step !== undefined);
  if (!steps) return `${names.length === 1 ? 'state' : 'states'} ${quoted}`;
  return `${names.length === 1 ? 'step' : 'steps'} ${quoted}`;
}

type StateBody = Record<string, unknown>;

/** Calls `visit` for each state, then for the states nested in its branches or iterations. */
function forEachState(
  states: Readonly<Record<string, StateBody>>,
  visit: (name: string, body: StateBody) => void,
): void {
  for (const [name, body] of Object.entries(states)) {
    visit(name, body);
    const nested = [
      ...((body.Branches as { States: Record<string, StateBody> }[] | undefined) ?? []),
      ...['ItemProcessor', 'Iterator'].flatMap((field) => {
        const processor = body[field] as { States: Record<string, StateBody> } | undefined;
        return processor ? [processor] : [];
      }),
    ];
    for (const machine of nested) forEachState(machine.States, visit);
  }
}

/** A state without the states nested in it, so each placeholder is found once, where it is. */
function ownFields(body: StateBody): StateBody {
  const { Branches: _branches, ItemProcessor: _processor, Iterator: _iterator, ...own } = body;
  return own;
}

function refuseDistributedMap(body: StateBody, site: StateSite, where: string): void {
  if (body.Type !== 'Map') return;
  const processor = (body.ItemProcessor ?? body.Iterator) as
    | { ProcessorConfig?: { Mode?: string } }
    | undefined;
  const mode = processor?.ProcessorConfig?.Mode;
  const distributedOnly = ['ItemReader', 'ResultWriter', 'ItemBatcher'].filter(
    (field) => body[field] !== undefined,
  );
  if (mode === 'DISTRIBUTED' || distributedOnly.length > 0) {
    throw new InfraPropsError(
      `${where}: ${describeSite(site)} is a Distributed Map (${mode === 'DISTRIBUTED' ? 'ProcessorConfig.Mode DISTRIBUTED' : distributedOnly.join(', ')}), which needs states:StartExecution on the state machine itself and S3 access to read its items; WorkflowStateMachine grants neither and deploys inline Maps only`,
    );
  }
}

function knownResource(body: StateBody, site: StateSite, where: string): TaskResource {
  const resource = body.Resource;
  if (typeof resource !== 'string' || !KNOWN_RESOURCES.includes(resource)) {
    throw new InfraPropsError(
      `${where}: ${describeSite(site)} calls ${JSON.stringify(resource)}, which WorkflowStateMachine cannot grant; it knows ${KNOWN_RESOURCES.join(', ')}`,
    );
  }
  return resource as TaskResource;
}
