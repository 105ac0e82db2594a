import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/paths.js'

// The rooms of src/ and the arrows between them, as DESIGN.md section 2 draws them. Every room
// may import schema/ and src/errors.ts; `cli` and the package's index.ts may import any room;
// nothing imports cli/. An arrow marked `types` carries `import type` only.
const EVERY_ROOM = ['schema', 'errors']
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  schema: [],
  typegen: ['tracedat'],
  definition: ['filter (types)'],
  filter: [],
  synth: ['definition', 'filter', 'compile'],
  compile: ['definition', 'filter'],
  // sql/ is a front end of the builders: it reads a statement and makes what synth/ (or a hist definition) makes.
  sql: ['definition', 'filter', 'synth', 'compile'],
  'ring-buffer': [],
  tracedat: ['ring-buffer'],
  // record/ writes what it reads from the kernel as a trace.dat file (tracedat/writer/); the
  // event methods check filters against the live formats (filter/) and type them with the
  // builder's typed filter factory, as analyze/hist does.
  tracefs: ['compile', 'ring-buffer', 'tracedat', 'filter', 'synth (types)'],
  peer: ['tracedat', 'ring-buffer'],
  // analyze/hist types its event form's filter with the builder's typed filter factory.
  analyze: ['definition', 'filter', 'peer', 'synth (types)'],
  // export/ writes what the readers and the offline evaluation give as tables.
  export: ['tracedat', 'ring-buffer', 'peer', 'analyze', 'synth'],
  samples: [],
}
const TOP = ['cli', 'index']

const ts = createRequire(import.meta.url)('typescript-6') as typeof import('typescript-6')
const SRC = join(ROOT, 'src')

interface Arrow {
  from: string
  to: string
  file: string
  specifier: string
  typeOnly: boolean
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** The room of a file under src/: its first folder, or the file's own name at the top (`errors`, `index`). */
function roomOf(file: string): string {
  const parts = relative(SRC, file).split(sep)
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.[jt]s$/, '')
}

/** Every module a file names: static imports and exports (type-only included), `import()` calls and types. */
function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: { specifier: string; typeOnly: boolean }[] = []
  const visit = (node: import('typescript-6').Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)))
      found.push({ specifier: node.moduleSpecifier.text, typeOnly })
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly })
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression
      if (ts.isStringLiteral(expr)) found.push({ specifier: expr.text, typeOnly: node.isTypeOnly })
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false })
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

function arrows(): Arrow[] {
  return sources(SRC).flatMap((file) =>
    importsOf(file)
      .filter((i) => i.specifier.startsWith('.'))
      .map((i) => ({
        from: roomOf(file),
        to: roomOf(resolve(dirname(file), i.specifier)),
        file: relative(ROOT, file),
        specifier: i.specifier,
        typeOnly: i.typeOnly,
      }))
      .filter((a) => a.from !== a.to),
  )
}

function allowed(a: Arrow): boolean {
  if (a.to === 'cli' || a.to === 'index') return false
  if (TOP.includes(a.from) || EVERY_ROOM.includes(a.to)) return true
  const rules = ALLOWED[a.from] ?? []
  return rules.includes(a.to) || (a.typeOnly && rules.includes(`${a.to} (types)`))
}

/** Folder cycles: strongly connected groups of rooms, found with Tarjan's algorithm. */
function cycles(edges: readonly Arrow[]): string[][] {
  const next = new Map<string, Set<string>>()
  for (const e of edges) (next.get(e.from) ?? next.set(e.from, new Set()).get(e.from)!).add(e.to)
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const found: string[][] = []
  const connect = (v: string): void => {
    index.set(v, index.size)
    low.set(v, index.get(v)!)
    stack.push(v)
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = []
      let w: string
      do {
        w = stack.pop()!
        group.push(w)
      } while (w !== v)
      if (group.length > 1 || next.get(v)?.has(v)) found.push(group.sort())
    }
  }
  for (const v of next.keys()) if (!index.has(v)) connect(v)
  return found
}

describe('the rooms of src/ and the arrows between them (DESIGN.md section 2)', () => {
  const all = arrows()

  it('reads the imports it is meant to check', () => {
    expect(all.some((a) => a.from === 'synth' && a.to === 'compile')).toBe(true)
    expect(all.some((a) => a.from === 'index')).toBe(true)
    const rooms = new Set(all.map((a) => a.from))
    // schema/ and samples.ts are leaves: they import no other room.
    for (const room of Object.keys(ALLOWED).filter((r) => r !== 'schema' && r !== 'samples'))
      expect(rooms).toContain(room)
  })

  it('has no arrow that is not in the table', () => {
    const wrong = all.filter((a) => !allowed(a))
    expect(
      wrong.map((a) => `${a.from} -> ${a.to}${a.typeOnly ? ' (types)' : ''}: ${a.file} imports '${a.specifier}'`),
    ).toEqual([])
  })

  it('has no folder cycle', () => {
    expect(cycles(all)).toEqual([])
  })

  it('knows every room of src/', () => {
    const rooms = new Set(sources(SRC).map(roomOf))
    for (const room of rooms) expect([...Object.keys(ALLOWED), ...TOP, ...EVERY_ROOM]).toContain(room)
  })
})
