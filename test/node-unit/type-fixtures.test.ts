/**
 * The type tests of test/apps/types/* (validate, html/TSX, typed routes): with their `@ts-expect-error` directives removed, tsc
 * must fail, and on exactly the lines that carried one (so the inference really rejects them).
 */
import { describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')

/** Runs tsc on `file` with its directives stripped; returns the lines tsc complained about and the lines expected. */
export function strippedErrors(file: string): { expected: number[]; got: number[]; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tresty-types-'))
  try {
    const lines = readFileSync(resolve(root, file), 'utf8').split('\n')
    const expected: number[] = []
    // The directive's line is blanked (keeping numbering); the error is on the next line.
    const out = lines.map((l, i) => {
      if (/^\s*\/\/ @ts-expect-error/.test(l)) { expected.push(i + 2); return '' }
      return l
    })
    const ext = file.endsWith('.tsx') ? '.tsx' : '.ts'
    const target = join(dir, 'fixture' + ext)
    writeFileSync(target, out.join('\n'))
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      extends: resolve(root, 'tsconfig.json'),
      compilerOptions: { baseUrl: root, typeRoots: [resolve(root, 'node_modules')] },
      include: [], files: [target],
    }))
    let output = ''
    try {
      execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' })
    } catch (e: any) {
      output = String(e.stdout || '') + String(e.stderr || '')
    }
    const got: number[] = []
    const re = /fixture\.tsx?\((\d+),\d+\): error/g
    let m: RegExpExecArray | null
    while ((m = re.exec(output)) !== null) if (got.indexOf(Number(m[1])) < 0) got.push(Number(m[1]))
    return { expected, got: got.sort((a, b) => a - b), output }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const FIXTURES: [string, string, number][] = [
  ['validate: type inference', 'test/apps/types/validate-types.ts', 10],
  ['html and TSX: type checks', 'test/apps/types/html-types.tsx', 8],
  ['typed routes: params and handler chains', 'test/apps/types/route-types.ts', 12],
]

for (const [title, file, least] of FIXTURES) {
  describe(title, () => {
    it('each marked line of the fixture is a type error, and nothing else is', () => {
      const r = strippedErrors(file)
      expect(r.expected.length).toBeGreaterThanOrEqual(least)
      expect(r.got, r.output).toEqual(r.expected)
    }, 120_000)
  })
}
