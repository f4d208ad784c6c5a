/**
 * The Node versions the project supports, read from package.json's `engines.node` (their one home),
 * and whether a version satisfies them. Only the range forms that field uses are understood:
 * `^X.Y.Z` and `>=X.Y.Z`, joined by `||`.
 */
import { readFileSync } from 'node:fs'

export const SUPPORTED_NODE: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node

function parts(version: string): number[] {
  return version.trim().replace(/^v/, '').split('.').map(Number)
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0))
      return (a[i] ?? 0) - (b[i] ?? 0)
  }
  return 0
}

export function satisfiesNodeRange(version: string, range: string = SUPPORTED_NODE): boolean {
  const actual = parts(version)
  return range.split('||').some((alternative) => {
    const clause = alternative.trim()
    if (clause.startsWith('^')) {
      const wanted = parts(clause.slice(1))
      return actual[0] === wanted[0] && compare(actual, wanted) >= 0
    }
    if (clause.startsWith('>='))
      return compare(actual, parts(clause.slice(2))) >= 0
    throw new TypeError(`unsupported Node range "${clause}" in package.json engines`)
  })
}
