#!/usr/bin/env node
// Fails when a source file under packages/*/src (or a page's sources, packages/*/ui-app/src) is
// over 300 lines or a function in one is over 80 lines: past those sizes a file or a function is
// doing more than one thing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;
const root = new URL('..', import.meta.url).pathname;

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|tsx)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

/** The package's source files: src/, and ui-app/src/ where a package has a web page. */
function* packageSources(dir) {
  for (const sources of [join(dir, 'src'), join(dir, 'ui-app', 'src')]) {
    try {
      statSync(sources);
    } catch {
      continue;
    }
    yield* sourceFiles(sources);
  }
}

const problems = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  for (const file of packageSources(join(root, 'packages', pkg))) {
    const text = readFileSync(file, 'utf8');
    const where = relative(root, file);
    const lines = text.split('\n').length;
    if (lines > MAX_FILE_LINES)
      problems.push(`${where}: ${lines} lines (at most ${MAX_FILE_LINES})`);
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > MAX_FUNCTION_LINES) {
          const name = node.name?.getText() ?? '(anonymous)';
          problems.push(
            `${where}:${start + 1}: function ${name} has ${end - start + 1} lines (at most ${MAX_FUNCTION_LINES})`,
          );
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('every source file and function is within its size limit\n');
