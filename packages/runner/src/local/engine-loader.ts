/**
 * The engine module, loaded when a run starts: aws-local-stepfunctions and its validators cost
 * `list`, `status` and the other reads about 100 ms they do not need.
 */
export function loadLocalEngine(): typeof import('./local-engine.js') {
  return require('./local-engine.js') as typeof import('./local-engine.js');
}
