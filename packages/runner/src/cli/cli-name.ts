/**
 * The command a user types to run the CLI, for the hints it prints ("Watch it: … status ID"):
 * `ceap` when installed; the repository's dev-runner says `pnpm runner` through CEAP_CLI_NAME.
 */
export function cliName(): string {
  return process.env.CEAP_CLI_NAME?.trim() || 'ceap';
}
