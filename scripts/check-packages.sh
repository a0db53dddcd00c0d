#!/usr/bin/env bash
# Builds and packs the publishable packages, installs the tarballs into a project outside this
# repository, and loads each one with require() and import() in plain Node: no TypeScript,
# no workspace links. This is how other teams' pipelines consume ceap.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
packages=(core stages glue-jobs infra runner)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pnpm -C "$root" -r build >/dev/null
for name in "${packages[@]}"; do
  pnpm -C "$root/packages/$name" pack --pack-destination "$work/tarballs" >/dev/null
done

mkdir -p "$work/consumer"
cd "$work/consumer"
echo '{ "name": "consumer", "version": "1.0.0", "private": true }' > package.json
# The tarballs depend on each other by version; point those names at the local tarballs.
overrides=""
for tarball in "$work"/tarballs/*.tgz; do
  base="$(basename "$tarball" .tgz)"            # e.g. ceap-core-0.1.0
  name="@ceap/$(echo "$base" | sed -E 's/^ceap-(.*)-[0-9]+\.[0-9]+\.[0-9]+$/\1/')"
  overrides="$overrides\"$name\": \"file:$tarball\","
done
node -e "
  const fs = require('fs');
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  const deps = JSON.parse('{' + process.argv[1].replace(/,$/, '') + '}');
  pkg.dependencies = deps;
  pkg.pnpm = { overrides: deps };
  fs.writeFileSync('package.json', JSON.stringify(pkg, null, 2));
" "$overrides"
pnpm install --prefer-offline --config.confirmModulesPurge=false --ignore-workspace >/dev/null

# Every public entry: each package's index and its subpaths.
entries=(core core/workflow core/embedded-s3 core/testing stages stages/handlers glue-jobs infra runner runner/local)
for entry in "${entries[@]}"; do
  node -e "const m = require('@ceap/$entry'); if (Object.keys(m).length === 0) throw new Error('@ceap/$entry exports nothing via require');"
  node --input-type=module -e "const m = await import('@ceap/$entry'); if (Object.keys(m).length === 0) throw new Error('@ceap/$entry exports nothing via import');"
  echo "@ceap/$entry: require and import OK"
done
node --input-type=module -e "
  import { compileWorkflow } from '@ceap/core/workflow';
  import { SHIPPED_WORKFLOWS } from '@ceap/stages';
  for (const workflow of Object.values(SHIPPED_WORKFLOWS)) {
    const definition = compileWorkflow(workflow);
    if (definition.StartAt !== '@start') throw new Error('unexpected definition of ' + workflow.name);
  }
  console.log('@ceap/core/workflow: named ESM import compiles every shipped workflow');
"

# A project of the user's own: its ceap.config.ts (a custom stage among shipped ones) is found,
# compiled through the installed tsx, validated and run by the installed `ceap` executable.
cp -R "$root/packages/runner/tests/fixtures/user-project/." .
export CEAP_HOME="$work/consumer/.ceap"
node_modules/.bin/ceap workflows
node_modules/.bin/ceap validate
node_modules/.bin/ceap start --workflow tiered --input input.json --json >"$work/run.json"
node -e "
  const run = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
  const tier = run.stages.find((stage) => stage.name === 'TierStage');
  if (run.status !== 'SUCCEEDED' || !tier || tier.records < 1) throw new Error('tiered did not run: ' + JSON.stringify(run));
  console.log('ceap start --workflow tiered: SUCCEEDED with the project\'s own TierStage (' + tier.records + ' records)');
" "$work/run.json"

# `ceap ui` from the installed package: it serves the page bundled at build time (dist/ui-app),
# with no bundler installed, and its API lists the project's workflow.
node -e "
  const { spawn } = require('child_process');
  const ui = spawn('node_modules/.bin/ceap', ['ui', '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const fail = (error) => { ui.kill(); console.error(error); process.exit(1); };
  setTimeout(() => fail(new Error('ceap ui printed no URL within 30 s')), 30000).unref();
  ui.on('exit', (code) => fail(new Error('ceap ui exited early with ' + code)));
  ui.stdout.on('data', async (chunk) => {
    out += chunk;
    if (!out.includes('\\n')) return;
    try {
      const { url } = JSON.parse(out);
      const page = await (await fetch(url)).text();
      const script = await fetch(new URL('/assets/app.js', url));
      const { workflows } = await (await fetch(new URL('/api/workflows', url))).json();
      if (!page.includes('ceap-bootstrap') || !script.ok || (await script.text()).length < 10000) throw new Error('the page or its bundle is missing');
      if (!workflows.some((w) => w.name === 'tiered')) throw new Error('the API did not list tiered');
      ui.kill('SIGTERM');
      console.log('ceap ui: serves its built page and lists the project\\'s workflows');
      process.exit(0);
    } catch (error) { fail(error); }
  });
"

# `ceap init`: the scaffold, in a folder outside the repository, installs the tarballs and passes
# its own commands (start, test, validate, typecheck, synth) and the root README's "Your first
# pipeline" steps: the stage edit as written there, output and rejects.
# Its package.json pins @ceap/* by version; overrides point those names at the tarballs.
unset CEAP_HOME
node_modules/.bin/ceap init "$work/first-pipeline"
if node_modules/.bin/ceap init "$work/first-pipeline" 2>"$work/refused.txt"; then
  echo "ceap init wrote into a folder that is not empty" >&2; exit 1
elif [ $? -ne 2 ] || ! grep -q "$work/first-pipeline is not empty" "$work/refused.txt"; then
  echo "ceap init into a full folder: expected exit 2 naming it, got:" >&2; cat "$work/refused.txt" >&2; exit 1
fi
cd "$work/first-pipeline"
node -e "
  const fs = require('fs');
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  const overrides = JSON.parse('{' + process.argv[1].replace(/,$/, '') + '}');
  for (const name of Object.keys(pkg.dependencies).filter((n) => n.startsWith('@ceap/')))
    if (pkg.dependencies[name] !== require(process.argv[2]).version) throw new Error(name + ' is not pinned to the runner version');
  pkg.pnpm = { overrides };
  fs.writeFileSync('package.json', JSON.stringify(pkg, null, 2));
" "$overrides" "$work/consumer/node_modules/@ceap/runner/package.json"
pnpm install --prefer-offline --config.confirmModulesPurge=false --ignore-workspace >/dev/null
pnpm start
# The tutorial's "write a stage": its edit, taken from the root README as written, then a run.
cat > tutorial-edit.js <<'EDIT'
const fs = require('fs');
const readme = fs.readFileSync(process.argv[2], 'utf8').split('## Your first pipeline')[1];
const edit = /```ts\n([\s\S]*?)```/.exec(readme)[1];
const file = 'src/engagement-stage.ts';
const stage = fs.readFileSync(file, 'utf8');
const yieldLine = /^ *yield \{ \.\.\.record, engaged: .*\n/m;
if (!yieldLine.test(stage)) throw new Error(`${file} has no yield line for the tutorial to replace`);
fs.writeFileSync(file, stage.replace(yieldLine, edit));
EDIT
node tutorial-edit.js "$root/README.md"
node_modules/.bin/ceap start --workflow candidates --input examples/input.json --json >"$work/scaffold-run.json"
# The tutorial's "see the output and the rejects": the stored records, and the own stage's rejects.
run_id="$(node -p "require('$work/scaffold-run.json').executionId")"
stored="$(node -p "require('$work/scaffold-run.json').stages.find((s) => s.name === 'StoreStage').records")"
node_modules/.bin/ceap output "$run_id" >"$work/scaffold-output.jsonl"
[ "$(wc -l <"$work/scaffold-output.jsonl")" -eq "$stored" ] || { echo "ceap output $run_id: not $stored records" >&2; exit 1; }
grep -q '"tier":"medium"' "$work/scaffold-output.jsonl" || { echo "ceap output $run_id: the tutorial's tier is missing" >&2; exit 1; }
node_modules/.bin/ceap rejects "$run_id" --step EngagementStage | grep -q '"reason":"missing-sessions"' \
  || { echo "ceap rejects $run_id --step EngagementStage: no missing-sessions reject" >&2; exit 1; }
pnpm test
pnpm run validate
pnpm run typecheck
CDK_DISABLE_CLI_TELEMETRY=true pnpm run synth
# The deployed definition is the one the local engine ran: compileWorkflow of the config's workflow.
cat > definition-check.ts <<'CHECK'
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileWorkflow } from '@ceap/core/workflow';
import { candidates } from './ceap.config';

const run = JSON.parse(readFileSync(process.argv[2] as string, 'utf8'));
if (run.status !== 'SUCCEEDED') throw new Error(`the scaffold's run did not succeed: ${JSON.stringify(run)}`);
const templates = readdirSync('cdk.out').filter((name) => name.endsWith('.template.json'));
const machines = templates.flatMap((name) =>
  Object.values(JSON.parse(readFileSync(join('cdk.out', name), 'utf8')).Resources as Record<string, { Type: string; Properties: { DefinitionString?: unknown } }>)
    .filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine'),
);
const compiled = JSON.stringify(compileWorkflow(candidates));
if (machines.length !== 1 || machines[0]?.Properties.DefinitionString !== compiled)
  throw new Error(`cdk.out's DefinitionString is not compileWorkflow(candidates): ${JSON.stringify(machines.map((m) => m.Properties.DefinitionString))}`);
console.log(`ceap init: the scaffold ran (${run.stages.map((s: { name: string }) => s.name).join(' → ')}), tested, validated, type-checked and synthesized; its DefinitionString is what ran locally`);
CHECK
node_modules/.bin/tsx definition-check.ts "$work/scaffold-run.json"
