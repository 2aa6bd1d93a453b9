/**
 * Which AWS SDK commands each handler can send, found in the source rather than listed by hand:
 * every `new <Name>Command(…)` under `functions/`, then every declaration that reaches it, by
 * TypeScript's "find all references" (a class method's references include those made through
 * the port interface it implements, so `deps.deployer.start(…)` reaches each deployer's `start`),
 * up to module-level code or a handler module's `handler` export.
 *
 * An over-approximation by construction — a reference counts as a call, and a call through a
 * port reaches every adapter behind it — which errs on the safe side for "every call is
 * granted". The tests narrow it with each handler's real bundle (esbuild, with its unused ports
 * defined away): an adapter a handler does not bundle cannot run in it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One `new XCommand(…)` in our code. */
export interface CommandSite {
  /** The SDK package the command comes from, e.g. `@aws-sdk/client-lambda`. */
  readonly pkg: string;
  /** `UpdateAlias` for `UpdateAliasCommand`. */
  readonly command: string;
  /** Where it is, `functions/…:line`. */
  readonly at: string;
}

const ROOT = resolve('.');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.ts$/.test(name) && !/\.(test|d)\.ts$/.test(name) ? [path] : [];
  });
}

/** The node whose references stand for "this code runs": the named declaration around `node`, or its source file. */
function container(node: ts.Node): ts.Node {
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if ((ts.isMethodDeclaration(n) || ts.isMethodSignature(n) || ts.isPropertySignature(n) || ts.isPropertyDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n) || ts.isFunctionDeclaration(n)) && n.name !== undefined) return n.name;
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) return n.name;
    if (ts.isConstructorDeclaration(n) || ts.isClassStaticBlockDeclaration(n)) {
      const cls = n.parent;
      if (cls.name !== undefined) return cls.name;
    }
    if (ts.isSourceFile(n)) return n;
  }
  return node.getSourceFile();
}

/** True for a reference that is not a use: imports, exports, type positions. */
function isDeclarationOnly(node: ts.Node): boolean {
  const p = node.parent;
  if (p === undefined) return true;
  return ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isTypeQueryNode(p) || ts.isTypeReferenceNode(p)
    || ts.isExpressionWithTypeArguments(p) || ts.isQualifiedName(p);
}

/** `export const handler` of a module directly under `functions/handlers/`: what Lambda calls. */
function isHandlerExport(decl: ts.Node): boolean {
  if (!ts.isIdentifier(decl) || decl.text !== 'handler' || !/functions\/handlers\/[^/]+\.ts$/.test(decl.getSourceFile().fileName)) return false;
  const declaration = decl.parent;
  if (ts.isFunctionDeclaration(declaration)) return ts.isSourceFile(declaration.parent);
  return ts.isVariableDeclaration(declaration) && ts.isSourceFile(declaration.parent.parent.parent);
}

/** The innermost node at `pos` in `file`. */
function nodeAt(file: ts.SourceFile, pos: number): ts.Node {
  let found: ts.Node = file;
  const visit = (n: ts.Node): void => {
    if (pos >= n.getStart(file) && pos < n.getEnd()) {
      found = n;
      n.forEachChild(visit);
    }
  };
  file.forEachChild(visit);
  return found;
}

/** The command sites under `functions/`, and what reaches each. */
export interface CommandReach {
  readonly sites: CommandSite[];
  /** For each site, the modules whose top-level code reaches it, as paths relative to the repository root. */
  readonly reach: Map<CommandSite, Set<string>>;
  /**
   * The same, along declarations in `modules` only: in a bundle, code of a module it does not
   * carry cannot run, so a call through a port reaches only the adapters the bundle has.
   */
  reachWithin(site: CommandSite, modules: ReadonlySet<string>): Set<string>;
}

/** Every command site under `functions/`, and the modules whose top-level code reaches it. */
export function commandReach(): CommandReach {
  const files = filesUnder(join(ROOT, 'functions'));
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, skipLibCheck: true, noEmit: true };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => files,
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      try {
        return ts.ScriptSnapshot.fromString(readFileSync(name, 'utf8'));
      } catch {
        return undefined;
      }
    },
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (path) => ts.sys.fileExists(path),
    readFile: (path, encoding) => ts.sys.readFile(path, encoding),
    readDirectory: (...args) => ts.sys.readDirectory(...args),
    directoryExists: (path) => ts.sys.directoryExists(path),
    getDirectories: (path) => ts.sys.getDirectories(path),
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const program = service.getProgram();
  if (program === undefined) throw new Error('TypeScript built no program for functions/');

  const sites: CommandSite[] = [];
  const siteNodes = new Map<CommandSite, ts.Node>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source === undefined) continue;
    const imports = new Map<string, string>();
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const bindings = statement.importClause?.namedBindings;
      if (bindings !== undefined && ts.isNamedImports(bindings)) for (const el of bindings.elements) imports.set(el.name.text, statement.moduleSpecifier.text);
    }
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && /Command$/.test(n.expression.text)) {
        const pkg = imports.get(n.expression.text);
        if (pkg?.startsWith('@aws-sdk/') === true) {
          const site: CommandSite = {
            pkg, command: n.expression.text.replace(/Command$/, ''), at: `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1}`,
          };
          sites.push(site);
          siteNodes.set(site, n);
        }
      }
      n.forEachChild(visit);
    };
    source.forEachChild(visit);
  }

  // The declarations that reference each declaration: memoised, since most sites share their callers.
  const callerCache = new Map<ts.Node, ts.Node[]>();
  const callers = (decl: ts.Node): ts.Node[] => {
    const cached = callerCache.get(decl);
    if (cached !== undefined) return cached;
    const file = decl.getSourceFile();
    const out: ts.Node[] = [];
    for (const symbol of service.findReferences(file.fileName, decl.getStart(file)) ?? []) {
      for (const ref of symbol.references) {
        if (ref.isDefinition === true || !ref.fileName.startsWith(join(ROOT, 'functions'))) continue;
        const refFile = program.getSourceFile(ref.fileName);
        if (refFile === undefined) continue;
        const node = nodeAt(refFile, ref.textSpan.start);
        if (!isDeclarationOnly(node)) out.push(container(node));
      }
    }
    callerCache.set(decl, out);
    return out;
  };
  const modulesReaching = (start: ts.Node, within?: ReadonlySet<string>): Set<string> => {
    const modules = new Set<string>();
    const seen = new Set<ts.Node>();
    const queue: ts.Node[] = [container(start)];
    while (queue.length > 0) {
      const decl = queue.pop()!;
      if (seen.has(decl)) continue;
      seen.add(decl);
      if (within !== undefined && !within.has(relative(ROOT, decl.getSourceFile().fileName))) continue;
      if (ts.isSourceFile(decl)) modules.add(relative(ROOT, decl.fileName));
      else if (isHandlerExport(decl)) modules.add(relative(ROOT, decl.getSourceFile().fileName));
      else queue.push(...callers(decl));
    }
    return modules;
  };

  const reach = new Map<CommandSite, Set<string>>();
  for (const site of sites) reach.set(site, modulesReaching(siteNodes.get(site)!));
  return { sites, reach, reachWithin: (site, modules) => modulesReaching(siteNodes.get(site)!, modules) };
}
