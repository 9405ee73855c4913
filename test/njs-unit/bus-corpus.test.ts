/**
 * Replays the Lusty/mediator_lua corpus (shared/corpora/lusty-bus.json) on tresty/bus when it is
 * present beside the repo. Two mappings:
 *  - mediator's priority is a 1-based insertion position; tresty's is a weight (higher first).
 *    The replay keeps mediator's positional order per channel and re-weights the subscribers
 *    after each change (the corpus README's "map these cases by the resulting order").
 *  - mediator's go-on flag: the replay returns the value to continue and `stop(value)` otherwise,
 *    which must give mediator's results exactly. Replayed literally instead (a handler that
 *    "returns nothing" returns undefined), tresty's default — go on — differs in the two cases
 *    named below, and nowhere else.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createBus, stop, type Bus, type Subscription } from '../../src/shared/bus.ts'

const repo = resolve(import.meta.dirname, '../..')
const candidates = [resolve(repo, '../shared/corpora/lusty-bus.json'), '/work/shared/corpora/lusty-bus.json']
const file = candidates.find((f) => existsSync(f))

interface Op { op: string; id?: string; channel?: string; returns?: { value: any; continue: any }; priority?: number; predicate?: any; args?: any[]; expected?: { calls: string[]; results: any[]; args_seen_by_each_call?: string } }
interface Case { id: number; name: string; ops: Op[] }

function replay(c: Case, literal: boolean): { calls: string[]; results: any[] }[] {
  const bus: Bus = createBus()
  const subs: Record<string, { sub: Subscription; channel: string }> = {}
  const order: Record<string, string[]> = {}
  const reweigh = (channel: string) => {
    const ids = order[channel]
    ids.forEach((id, k) => subs[id].sub.setPriority(ids.length - k))
  }
  const place = (channel: string, id: string, priority?: number) => {
    const ids = (order[channel] ??= [])
    if (priority !== undefined && priority >= 1 && priority <= ids.length) ids.splice(priority - 1, 0, id)
    else ids.push(id)
  }
  let calls: string[] = []
  let argsSeen: any[][] = []
  const out: { calls: string[]; results: any[] }[] = []
  for (const op of c.ops) {
    if (op.op === 'subscribe') {
      const id = op.id!
      const { value, continue: goOn } = op.returns!
      const handler = (...args: any[]) => {
        calls.push(id)
        argsSeen.push(args)
        const v = value === null ? undefined : value
        if (literal && goOn === null) return v
        return goOn === true ? v : stop(v)
      }
      let predicate: ((...args: any[]) => boolean) | undefined
      if (op.predicate?.arg_equals) predicate = (...args) => args[op.predicate.arg_equals[0] - 1] === op.predicate.arg_equals[1]
      else if (op.predicate && 'always' in op.predicate) predicate = () => op.predicate.always
      subs[id] = { sub: bus.subscribe(op.channel!, handler, { predicate }), channel: op.channel! }
      place(op.channel!, id, op.priority)
      reweigh(op.channel!)
    } else if (op.op === 'set_priority') {
      const { channel } = subs[op.id!]
      order[channel] = order[channel].filter((x) => x !== op.id)
      place(channel, op.id!, op.priority)
      reweigh(channel)
    } else if (op.op === 'unsubscribe') {
      const { sub, channel } = subs[op.id!]
      expect(sub.unsubscribe()).toBe(true)
      order[channel] = order[channel].filter((x) => x !== op.id)
    } else if (op.op === 'publish') {
      calls = []
      argsSeen = []
      const results = bus.publishSync(op.channel!, ...(op.args ?? []))
      if (op.expected?.args_seen_by_each_call) for (const seen of argsSeen) expect(seen).toEqual(op.args)
      out.push({ calls, results })
    } else throw new Error(`unknown op ${op.op}`)
  }
  return out
}

const expectedOf = (c: Case) => c.ops.filter((o) => o.op === 'publish').map((o) => ({ calls: o.expected!.calls, results: o.expected!.results }))

/** Where tresty's "go on when nothing is returned" differs from mediator_lua's "stop". */
const LITERAL_DIFFERENCES: Record<number, { calls: string[]; results: any[] }[]> = {
  7: [{ calls: ['C', 'B', 'A'], results: ['c', 'a'] }],   // B returns nothing: mediator stops at B
  30: [{ calls: ['sub1', 'sub2'], results: [] }],          // sub1 returns nothing: mediator never runs sub2
}

describe.skipIf(!file)('lusty-bus corpus (mediator_lua semantics)', () => {
  const cases: Case[] = file ? JSON.parse(readFileSync(file, 'utf8')).cases : []
  it('has the cases', () => expect(cases.length).toBeGreaterThanOrEqual(36))
  for (const c of cases) {
    it(`#${c.id} ${c.name}`, () => {
      expect(replay(c, false)).toEqual(expectedOf(c))
    })
    it(`#${c.id} literal (tresty default: nothing returned goes on)`, () => {
      expect(replay(c, true)).toEqual(LITERAL_DIFFERENCES[c.id] ?? expectedOf(c))
    })
  }
})
