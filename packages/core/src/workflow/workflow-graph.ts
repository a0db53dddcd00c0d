import type { Workflow, WorkflowStep } from './workflow-model.js';

/** Step kinds whose results point at records in S3; the others only steer the run. */
const DATA_KINDS = new Set<WorkflowStep['kind']>(['lambda', 'glue', 'map']);

/**
 * The dependency graph of a workflow, with the questions the compiler and the tools ask of it.
 * Built from a validated workflow: names are unique and every `after` names a step.
 */
export class WorkflowGraph {
  readonly steps: ReadonlyMap<string, WorkflowStep>;
  private readonly downstream = new Map<string, string[]>();

  constructor(readonly workflow: Workflow) {
    this.steps = new Map(workflow.steps.map((step) => [step.name, step]));
    for (const step of workflow.steps) this.downstream.set(step.name, []);
    for (const step of workflow.steps) {
      for (const upstream of step.after ?? []) this.downstream.get(upstream)?.push(step.name);
    }
  }

  step(name: string): WorkflowStep {
    const step = this.steps.get(name);
    if (!step) throw new Error(`no step named "${name}"`);
    return step;
  }

  upstreamOf(name: string): readonly string[] {
    return this.step(name).after ?? [];
  }

  downstreamOf(name: string): readonly string[] {
    return this.downstream.get(name) ?? [];
  }

  /** True when the step's result is a pointer to records. */
  producesData(name: string): boolean {
    return DATA_KINDS.has(this.step(name).kind);
  }

  /**
   * The steps whose records this step reads: its upstreams, looking through control steps
   * (branch, wait, sensor) to the data steps behind them, in declaration order.
   */
  dataInputsOf(name: string): string[] {
    const found: string[] = [];
    const visit = (upstream: string) => {
      if (this.producesData(upstream)) {
        if (!found.includes(upstream)) found.push(upstream);
      } else {
        for (const next of this.upstreamOf(upstream)) visit(next);
      }
    };
    for (const upstream of this.upstreamOf(name)) visit(upstream);
    return found;
  }

  /** Every step that (transitively) depends on this one. */
  descendantsOf(name: string): Set<string> {
    return this.reachable(name, (step) => this.downstreamOf(step));
  }

  /** Every step this one (transitively) depends on. */
  ancestorsOf(name: string): Set<string> {
    return this.reachable(name, (step) => this.upstreamOf(step));
  }

  private reachable(start: string, next: (step: string) => readonly string[]): Set<string> {
    const seen = new Set<string>();
    const stack = [...next(start)];
    while (stack.length > 0) {
      const step = stack.pop() as string;
      if (seen.has(step)) continue;
      seen.add(step);
      stack.push(...next(step));
    }
    return seen;
  }

  /** A cycle as a list of step names, or undefined when the graph is acyclic. */
  findCycle(): string[] | undefined {
    const state = new Map<string, 'visiting' | 'done'>();
    const path: string[] = [];
    const visit = (name: string): string[] | undefined => {
      if (state.get(name) === 'done') return undefined;
      if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
      state.set(name, 'visiting');
      path.push(name);
      for (const next of this.downstreamOf(name)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
      path.pop();
      state.set(name, 'done');
      return undefined;
    };
    for (const step of this.workflow.steps) {
      const cycle = visit(step.name);
      if (cycle) return cycle;
    }
    return undefined;
  }

  /**
   * True when the step might end without succeeding: it can fail and be caught (a descendant
   * runs `all_done`), a branch may not follow it, a sensor may skip it, or one of its
   * upstreams might not succeed.
   */
  mayNotSucceed(name: string): boolean {
    const step = this.step(name);
    const softSensor = step.kind === 's3-sensor' && step.softFail === true;
    return softSensor || this.isCaught(name) || this.mayBeSkipped(name);
  }

  /** True when a failure of this step is caught, so that an `all_done` descendant can run. */
  isCaught(name: string): boolean {
    const step = this.step(name);
    if (step.kind === 'branch' || step.kind === 'wait') return false;
    for (const descendant of this.descendantsOf(name)) {
      if (this.step(descendant).triggerRule === 'all_done') return true;
    }
    return false;
  }

  /**
   * True when how its upstreams ended can stop the step from running (SKIPPED or
   * UPSTREAM_FAILED): such a step starts with a guard.
   */
  mayBeSkipped(name: string): boolean {
    if (this.step(name).triggerRule === 'all_done') return false;
    return this.upstreamOf(name).some(
      (upstream) => this.mayNotSucceed(upstream) || this.routedFrom(name).includes(upstream),
    );
  }

  /** The branch steps that name this step in a route or in `otherwise`. */
  routedFrom(name: string): string[] {
    return this.upstreamOf(name).filter((upstream) => {
      const step = this.step(upstream);
      return (
        step.kind === 'branch' &&
        (step.routes.some((route) => route.follow.includes(name)) ||
          (step.otherwise ?? []).includes(name))
      );
    });
  }
}
