import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { expect, it } from 'vitest'
import { ROOT } from '../helpers/paths.js'

// Every public function and method (what src/index.ts exports, and the methods of the classes and
// interfaces it exports) has JSDoc; an overload group needs it once.
const ts = createRequire(import.meta.url)('typescript-6') as typeof import('typescript-6')

it('every public function and method has JSDoc', () => {
  const entry = join(ROOT, 'src/index.ts')
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    types: ['node'],
  })
  const checker = program.getTypeChecker()
  const documented = (d: import('typescript-6').Node) => ts.getJSDocCommentsAndTags(d).length > 0
  const where = (d: import('typescript-6').Node) => {
    const file = d.getSourceFile()
    return `${relative(ROOT, file.fileName)}:${file.getLineAndCharacterOfPosition(d.getStart()).line + 1}`
  }
  const missing = new Set<string>()
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    for (const d of symbol.declarations ?? []) {
      if (ts.isFunctionDeclaration(d) && !documented(d)) missing.add(`${where(d)} ${exported.name}`)
      if (!ts.isClassDeclaration(d) && !ts.isInterfaceDeclaration(d)) continue
      const members = d.members as readonly import('typescript-6').ClassElement[]
      for (const m of members) {
        if (!ts.isMethodDeclaration(m) && !ts.isMethodSignature(m) && !ts.isGetAccessor(m)) continue
        if (m.name === undefined || ts.isPrivateIdentifier(m.name)) continue
        const name = m.name.getText()
        if (!members.filter((x) => x.name?.getText() === name).some(documented))
          missing.add(`${where(m)} ${exported.name}.${name}`)
      }
    }
  }
  expect([...missing]).toEqual([])
})
