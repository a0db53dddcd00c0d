import type { JsonRecord } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { StageStatus } from '../constants.js';
import { RunnerUsageError } from '../errors.js';
import { maskRecord } from './record-mask.js';
import type { UiApiContext } from './ui-api.js';
import { UI_PREVIEW_LIMIT, type UiJsonObject, type UiStep } from './ui-api-types.js';
import { stepParam } from './ui-params.js';

/**
 * The Step page: the step's row (counts as `status --json` has them), its counts by reason
 * and rule (from the run manifest, as `rejects` reads them), its first output records and
 * rejects, its log lines, each preview masked unless `showValues`.
 */
export async function stepView(
  context: UiApiContext,
  executionId: string,
  stepName: string,
  showValues: boolean,
): Promise<UiStep> {
  const { client } = context;
  const description = await client.describe(executionId);
  const workflow: Workflow | undefined = context.workflows[description.workflow];
  const step = workflow ? stepParam(workflow, stepName) : stepName;
  const stage = description.stages.find((s) => s.name === step);
  if (!stage) throw new RunnerUsageError(`step "${step}" is not a step of ${description.workflow}`);
  const notes: string[] = [];
  const rejects = await client.rejects(executionId, { step, limit: UI_PREVIEW_LIMIT });
  const [records, rejected, logs] = await Promise.all([
    stage.status === StageStatus.Succeeded && stage.output
      ? firstOf(client.output(executionId, step), 'output records', notes)
      : noneYet(notes, `${step} has no output to show (it is ${stage.status})`),
    firstOf(rejects.records, 'rejects', notes),
    firstOf(client.logs(executionId, { step }), 'log lines', notes),
  ]);
  const shown = (list: JsonRecord[]): UiJsonObject[] => (showValues ? list : list.map(maskRecord));
  return {
    executionId,
    stage,
    rejectedBy: rejects.rejectedBy,
    filteredBy: rejects.filteredBy,
    records: shown(records),
    rejects: shown(rejected),
    logs: shown(logs),
    notes,
    masked: !showValues,
  };
}

/** The first {@link UI_PREVIEW_LIMIT} items; what cannot be read becomes a note, not a failure. */
async function firstOf(
  items: AsyncIterable<JsonRecord>,
  what: string,
  notes: string[],
): Promise<JsonRecord[]> {
  const taken: JsonRecord[] = [];
  try {
    for await (const item of items) {
      taken.push(item);
      if (taken.length >= UI_PREVIEW_LIMIT) break;
    }
  } catch (error) {
    notes.push(`${what}: ${(error as Error).message}`);
  }
  return taken;
}

async function noneYet(notes: string[], note: string): Promise<JsonRecord[]> {
  notes.push(note);
  return [];
}
