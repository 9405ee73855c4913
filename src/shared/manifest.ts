/**
 * The app manifest: what `tresty build` learns by evaluating the app once in Node, written
 * beside the bundle as `<name>.routes.json`. nginx preloads it on the njs engine (the route
 * table, `js_preload_object`); the config generator reads it to wire guards, the log phase
 * and the stats interval. Both sides compile against these types.
 */
import { lineAt, lineCount, linesArray, type Lines } from './lines.ts'
import { dictArray, type Dict } from './dict.ts'

/**
 * What both forms of a router's data share: pattern children and routes. Node 0 is the root;
 * routes are numbered in declaration order. Patterns are numbered; `pfirst` gives a node's
 * first, `pnext` links siblings in declaration order (-1 ends). Per pattern: the segment as
 * declared (`pseg`), the parameter name or null (`pname`), the regex source or null for any
 * segment (`pre`), the child node (`pnode`). Per route: its method (`rmethod`) and path (`rpath`).
 */
export interface RouteTableBase {
  /** Nodes so far. */
  nodes: number
  pnext: number[]
  pnode: number[]
}

/**
 * A router as data, as the build writes it (`app.routes.json`, preloaded on the njs engine, and
 * embedded in the bundle for QuickJS) and as `createRouter(table)` routes on it: number arrays,
 * the long string lists as Lines (one string each), the short-valued ones as Dicts. QuickJS's `JSON.parse` pays ~1 µs for each
 * object key it makes and a fresh context ~150 ns for every string, so a table of keyed objects
 * cost a fresh context ~22 ms for 10,000 routes, and one string per key still ~8 ms.
 * Keyed lookups are binary searches over sorted keys (~14 string compares for 10,000 keys).
 */
export interface RouteTable extends RouteTableBase {
  /** Literal children: the keys `node + '/' + segment`, sorted as `<` orders strings, and each key's child node. */
  litKeys: Lines
  litNodes: number[]
  /** Route ends: the keys `node + ' ' + method` ('*' for any method), sorted, and each key's route. */
  endKeys: Lines
  endRoutes: number[]
  /** Per route: its path as declared. */
  rpath: Lines
  /** Per node: the methods of its routes, comma-separated (for `Allow`), null where none ends there. */
  methods: Dict
  pseg: Dict
  pname: Dict
  pre: Dict
  rmethod: Dict
  /** Per node: its first pattern child, -1 where none. */
  pfirst: number[]
  /**
   * The same literal children and route ends keyed (`litKeys[i]` → `litNodes[i]`, `endKeys[i]`
   * → `endRoutes[i]`): only in the file nginx preloads for the njs engine, where a shared
   * object costs no parsing and a request routes on a fresh router (a keyed read is ~10× cheaper
   * than a binary search there). The copy embedded for QuickJS leaves them out.
   */
  lit?: Record<string, number>
  end?: Record<string, number>
  /**
   * The Lines and Dicts a request reads (`rpath`, `rmethod`, `pre`, `pname`) as plain arrays,
   * likewise only in the preloaded file: on the njs engine every read into a nested preloaded
   * object costs ~2,000 instructions (`d.values[d.at[j]]` is two), and slicing the preloaded
   * text ~5,000.
   */
  pathList?: string[]
  methodList?: string[]
  preList?: (string | null)[]
  nameList?: (string | null)[]
}

/** The table with its keyed lookups and plain lists added (`lit`, `end`, `pathList`, …): what the preloaded file holds. */
export function withKeyedLookups<T extends RouteTable>(t: T): T {
  const lit: Record<string, number> = {}
  const end: Record<string, number> = {}
  for (let i = 0; i < lineCount(t.litKeys); i++) lit[lineAt(t.litKeys, i)] = t.litNodes[i]
  for (let i = 0; i < lineCount(t.endKeys); i++) end[lineAt(t.endKeys, i)] = t.endRoutes[i]
  return Object.assign({}, t, {
    lit, end, pathList: linesArray(t.rpath), methodList: dictArray(t.rmethod) as string[], preList: dictArray(t.pre), nameList: dictArray(t.pname),
  })
}

/**
 * The same data while a router is built at run time by `add()` (no table: routes declared
 * dynamically, or declarations that disagree with the build's table): keyed objects, since
 * inserting into sorted arrays would cost O(n²). `table()` turns it into a RouteTable.
 */
export interface RouteTree extends RouteTableBase {
  /** `node + '/' + segment` → child node, for literal segments. */
  lit: Record<string, number>
  /** `node + ' ' + method` → route ending there ('*' for any method). */
  end: Record<string, number>
  /** node → the methods of its routes, comma-separated (for `Allow`). */
  methods: Record<number, string>
  /** node → its first pattern child. */
  pfirst: Record<number, number>
  pseg: string[]
  pname: (string | null)[]
  pre: (string | null)[]
  rmethod: string[]
  rpath: string[]
}

export interface AppManifest extends RouteTable {
  /** Which `app()` call of the module (0 for the first) the table belongs to. */
  app: number
  /** Sum of the paths' lengths as declared (without group prefixes): with the route count, a cheap check that the app declared what the build saw. */
  chars: number
  /** How many onLog hooks the app registered: without any, nginx need not run the log phase's JavaScript. */
  logHooks: number
  /** Guard prefixes in declaration order, `''` for a guard on every path. The config wires `auth_request` for each. */
  guards: string[]
  /** Whether the app has the `statsTick` entry point (tresty/stats): the config adds its js_periodic location. */
  statsTick: boolean
  /** The app's scheduled jobs (tresty/schedule, recorded by the build): the config adds the tick location when there are any. */
  schedules?: { name: string; cron: string }[]
}

/** The header the access phase sets on success; guard.conf copies it into `$tresty_guard_passed`. */
export const GUARD_HEADER = 'X-Tresty-Guard'
/** Where guards run (nginx/locations.conf): `auth_request` points here. */
export const ACCESS_LOCATION = '/_tresty/access'
/** Paths under this prefix are tresty's own endpoints, never served by the public router. */
export const INTERNAL_PREFIX = '/_tresty/'
