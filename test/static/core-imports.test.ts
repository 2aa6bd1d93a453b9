import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * functions/core is pure (DESIGN.md §2, STYLE.md 1): no I/O, no environment, no clock, no AWS
 * SDK, no middy, and nothing of ours from outside core. Read with the TypeScript parser, so
 * comments and strings that merely mention these never trip it, and every kind of import
 * (static, re-export, dynamic, require) is seen.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORE = join(ROOT, 'functions', 'core');

const FORBIDDEN_PACKAGES = [/^@aws-sdk\//, /^aws-sdk$/, /^@middy\//, /^@aws-lambda-powertools\//, /^aws-cdk-lib/, /^constructs$/, /^dynalite$/, /^aws-local-stepfunctions$/];
const FORBIDDEN_BUILTINS = new Set([
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'dns', 'dns/promises', 'tls', 'cluster',
  'worker_threads', 'os', 'readline', 'vm', 'process', 'inspector', 'perf_hooks', 'timers', 'timers/promises',
]);

/** Why `specifier`, imported by `file`, is not allowed in core; `undefined` when it is. */
function importProblem(file: string, specifier: string): string | undefined {
  const bare = specifier.replace(/^node:/, '');
  if (FORBIDDEN_BUILTINS.has(bare)) return `imports "${specifier}" (I/O or process access; go through a port in functions/ports)`;
  if (FORBIDDEN_PACKAGES.some((pattern) => pattern.test(specifier))) return `imports "${specifier}" (AWS SDK, middy, Powertools and infrastructure belong in adapters or handlers)`;
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    if (target !== CORE && !target.startsWith(CORE + sep)) return `imports "${specifier}" from outside functions/core (core imports nothing of ours but core)`;
  }
  return undefined;
}

/** Every violation in one source text, as `file:line: what`. */
function scanSource(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const shown = relative(ROOT, file);
  const found: string[] = [];
  const report = (node: ts.Node, what: string): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${shown}:${line + 1}: ${what}`);
  };
  const visit = (node: ts.Node): void => {
    let specifier: ts.Expression | undefined;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) specifier = node.moduleSpecifier;
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) specifier = node.moduleReference.expression;
    if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      specifier = node.arguments[0];
      if (specifier === undefined || !ts.isStringLiteralLike(specifier)) report(node, 'loads a module whose name is computed at run time');
    }
    if (specifier !== undefined && ts.isStringLiteralLike(specifier)) {
      const problem = importProblem(file, specifier.text);
      if (problem !== undefined) report(node, problem);
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const problem = importProblem(file, node.argument.literal.text);
      if (problem !== undefined) report(node, problem);
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'env' && node.expression.getText(source).replace(/^globalThis\./, '') === 'process') {
      report(node, 'reads process.env (configuration reaches core as arguments)');
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'now' && node.expression.getText(source) === 'Date' && ts.isCallExpression(node.parent)) {
      report(node, 'calls Date.now() (time reaches core through the Clock port)');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function coreFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return coreFiles(path);
    return /\.(?:ts|mts|cts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('Static: functions/core stays pure', () => {
  it('has files to check', () => {
    expect(coreFiles(CORE).length).toBeGreaterThan(5);
  });

  it('imports no I/O, AWS SDK, middy or Powertools, nothing of ours outside core, and reads neither the environment nor the clock', () => {
    const violations = coreFiles(CORE).flatMap((file) => scanSource(file, readFileSync(file, 'utf8')));

    expect(violations, violations.join('\n')).toEqual([]);
  });
});

describe('Function: scanSource', () => {
  const file = join(CORE, 'sample.ts');
  const scan = (text: string): string[] => scanSource(file, text);

  it('accepts pure code, and mentions in comments and strings', () => {
    expect(scan("import { z } from 'zod';\nimport type { Clock } from './ports.js';\n// never process.env or Date.now()\nconst s = 'process.env';\nconst d = new Date(0);\n")).toEqual([]);
  });

  it.each([
    ["import { readFile } from 'node:fs/promises';", 'imports "node:fs/promises"'],
    ["import fs from 'fs';", 'imports "fs"'],
    ["import { request } from 'node:http';", 'imports "node:http"'],
    ["import { spawn } from 'child_process';", 'imports "child_process"'],
    ["import { createServer } from 'node:net';", 'imports "node:net"'],
    ["import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", 'imports "@aws-sdk/client-dynamodb"'],
    ["import middy from '@middy/core';", 'imports "@middy/core"'],
    ["import { Logger } from '@aws-lambda-powertools/logger';", 'imports "@aws-lambda-powertools/logger"'],
    ["import { x } from '../../adapters/aws/x.js';", 'from outside functions/core'],
    ["export { x } from '../ports/clock.js';", 'from outside functions/core'],
    ["type T = import('../handlers/h.js').T;", 'from outside functions/core'],
    ["const m = await import('node:os');", 'imports "node:os"'],
    ["const m = require('http');", 'imports "http"'],
    ['const m = await import(name);', 'computed at run time'],
    ["import cp = require('child_process');", 'imports "child_process"'],
    ['const region = process.env.AWS_REGION;', 'reads process.env'],
    ["const region = globalThis.process.env['X'];", 'reads process.env'],
    ['const now = Date.now();', 'calls Date.now()'],
  ])('names the file and the import for %s', (text, what) => {
    const [violation] = scan(text);

    expect(violation).toContain('functions/core/sample.ts:1: ');
    expect(violation).toContain(what);
  });
});
