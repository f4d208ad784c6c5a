/** The bench's rows, their targets, and the two ways they are written out (console table, Markdown). */
import type { SubjectName } from './terminal.ts'

/** A figure, or the reason there is none ("n/a (…)"). */
export type Cell = number | string

export interface Row {
  metric: string
  unit: string
  cells: Record<SubjectName, Cell>
  /** Words for the target, e.g. "< 10 ms"; empty when the row is information only. */
  target: string
  /** 'pass', 'short' or '' (no target, or not measurable). */
  verdict: 'pass' | 'short' | 'n/a' | ''
}

export const SUBJECT_TITLES: Record<SubjectName, string> = { ours: 'ours', wetty: 'wetty 3.2.0', raw: 'raw node-pty' }
const ORDER: SubjectName[] = ['ours', 'wetty', 'raw']

export function formatCell(cell: Cell, unit: string): string {
  if (typeof cell === 'string')
    return cell
  if (Number.isNaN(cell))
    return 'n/a'
  const digits = Math.abs(cell) >= 100 ? 0 : Math.abs(cell) >= 10 ? 1 : 2
  return `${cell.toFixed(digits)}${unit === 'x' ? '×' : ''}`
}

/** Verdict for "lower is better" (`max`) or "higher is better" (`min`) against our figure. */
export function verdictFor(cell: Cell, bound: { max?: number; min?: number }): Row['verdict'] {
  if (typeof cell !== 'number' || Number.isNaN(cell))
    return 'n/a'
  if (bound.max !== undefined && !(cell < bound.max))
    return 'short'
  if (bound.min !== undefined && !(cell >= bound.min))
    return 'short'
  return 'pass'
}

/**
 * A row with a bound and "ahead of wetty" (lower is better): both must hold; when wetty has no
 * figure, the bound alone decides.
 */
export function rowTarget(cells: Record<SubjectName, Cell>, max: number | undefined, unit: string): Pick<Row, 'target' | 'verdict'> {
  const wetty = typeof cells.wetty === 'number' && !Number.isNaN(cells.wetty) ? cells.wetty : undefined
  const words = [max === undefined ? '' : `< ${max} ${unit}`, wetty === undefined ? '' : '≤ wetty'].filter(Boolean).join(', ')
  const bound = max === undefined ? 'pass' : verdictFor(cells.ours, { max })
  if (bound !== 'pass' || wetty === undefined)
    return { target: words, verdict: max === undefined && wetty === undefined ? '' : bound }
  return { target: words, verdict: verdictFor(cells.ours, { max: wetty + Number.EPSILON }) }
}

function columns(rows: Row[]): string[][] {
  const header = ['measurement', 'unit', ...ORDER.map(name => SUBJECT_TITLES[name]), 'target', 'pass/short']
  return [header, ...rows.map(row => [row.metric, row.unit, ...ORDER.map(name => formatCell(row.cells[name], row.unit)),
    row.target, row.verdict])]
}

export function consoleTable(rows: Row[]): string {
  const table = columns(rows)
  const widths = table[0].map((_, index) => Math.max(...table.map(line => line[index].length)))
  const line = (cells: string[]) => cells.map((cell, index) => (index >= 2 && index <= 4 ? cell.padStart(widths[index]) : cell.padEnd(widths[index]))).join('  ')
  return [line(table[0]), widths.map(width => '-'.repeat(width)).join('  '), ...table.slice(1).map(line)].join('\n')
}

export function markdownTable(rows: Row[]): string {
  const table = columns(rows)
  const escape = (cell: string) => cell.replace(/\|/g, '\\|')
  return [
    `| ${table[0].join(' | ')} |`,
    `|${table[0].map((_, index) => (index >= 2 && index <= 4 ? '---:' : '---')).join('|')}|`,
    ...table.slice(1).map(cells => `| ${cells.map(escape).join(' | ')} |`),
  ].join('\n')
}
