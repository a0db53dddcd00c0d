/**
 * What a stage touches beyond its own execution's folder (`executions/*`), declared next to the
 * stage's code. infra turns it into least-privilege IAM statements; nothing else grants more.
 */
export interface StageAccess {
  /** Key prefixes (below the deployment's key prefix) the stage only reads, e.g. `incoming/`. */
  readonly readPrefixes?: readonly string[];
  /** Key prefixes the stage reads and writes, e.g. `datasets/`. */
  readonly readWritePrefixes?: readonly string[];
  /** The stage publishes to the default EventBridge bus. */
  readonly putEvents?: boolean;
}
