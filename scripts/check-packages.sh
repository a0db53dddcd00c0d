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

for name in "${packages[@]}"; do
  node -e "const m = require('@ceap/$name'); if (Object.keys(m).length === 0) throw new Error('@ceap/$name exports nothing via require');"
  node --input-type=module -e "const m = await import('@ceap/$name'); if (Object.keys(m).length === 0) throw new Error('@ceap/$name exports nothing via import');"
  echo "@ceap/$name: require and import OK"
done
node --input-type=module -e "
  import { compileWorkflow } from '@ceap/core/workflow';
  import { realtimeWorkflow } from '@ceap/stages';
  const definition = compileWorkflow(realtimeWorkflow);
  if (definition.StartAt !== 'ETLStage') throw new Error('unexpected definition');
  console.log('@ceap/core: named ESM import of compileWorkflow works');
"
