/**
 * Encrypted client-side sessions (Losty's `losty.sess`): two cookies per session.
 *
 *   <name>_data  HttpOnly: AES-256-GCM sealed JSON { i: id, e: expiry, d: data, f: flash, c: csrf }
 *   <name>       readable by browser code: `<expiry>.<extra as base64url JSON>.<HMAC-SHA-256>`
 *
 * The HMAC covers the name, the readable part and the sealed cookie, and GCM's additional data
 * binds the sealed cookie to the readable part: neither cookie can be changed, truncated or
 * paired with another session's. The expiry is checked on the server from the signed value
 * (and must equal the one sealed inside). Anything that does not verify opens as an empty
 * session: never an exception.
 *
 * @example
 *   const sess = session('sid', [process.env.SECRET, OLD_SECRET])
 *   a.use(sess.middleware(3600))                 // q.session on every request, saved when changed
 *   a.post('/login', async (q, r) => {
 *     const s = await sess(q, r)                 // the same object as q.session
 *     s.regenerate(); s.data.user = 'ann'; s.flash('info', 'Welcome')
 *     r.status = 303; r.headers.Location = '/'   // the middleware seals it before the response goes
 *   })
 */
import type { Handler, Request, Response } from '../types.ts'
import { fromB64u, hmacB64u, randomBytes, safeEqual, toB64u } from '../utils/crypto.ts'
import { keyring, seal, unseal, type Keyring } from './seal.ts'

export interface SessionOptions {
  /** Lifetime in seconds when `sess()` is not given one (default one day). Saving restarts it. */
  age?: number
  path?: string
  domain?: string
  /** Default 'Lax'. */
  sameSite?: 'Strict' | 'Lax' | 'None'
  /** Default: true on https (`$scheme`), false otherwise. */
  secure?: boolean
  /**
   * A `js_shared_dict_zone` where destroyed and regenerated session ids are remembered until
   * they would have expired, so a copy of the old cookies is refused (replay after logout).
   * Without it a stateless cookie cannot be revoked before its expiry.
   */
  revoke?: string
}

export interface Session<D extends Record<string, any> = Record<string, any>, X extends Record<string, any> = Record<string, any>> {
  /** Random id, new after `regenerate()` or `destroy()`. */
  readonly id: string
  /** Private data: encrypted, only the server reads it. */
  data: D
  /** Public data: signed, not encrypted; browser code reads it from the `<name>` cookie. */
  extra: X
  /** True when the request brought no valid session. */
  readonly isNew: boolean
  /** Empties the session; the cookies are deleted (or a fresh session sealed if data is set again). */
  destroy(): void
  /** A new id for the same data (call it at login, against session fixation). */
  regenerate(): void
  /** Queues a message for the next request that reads `flashes()`. */
  flash(kind: string, message: string): void
  /** Messages queued by earlier requests, by kind; reading them removes them. */
  flashes(): Record<string, string[]>
  /** Seals the session into the response's cookies if it changed. Must run before the response is sent. */
  save(): Promise<void>
}

/** `sess(q, r, age?)`: the request's session (opened once per request, then the same object). */
export interface SessionOpener {
  (q: Request, r: Response, age?: number): Promise<Session>
  /** Middleware: opens the session as `q.session`, runs the chain, then saves it if it changed. */
  middleware(age?: number): Handler
  /** The readable cookie's name. */
  readonly cookie: string
  /** The HttpOnly cookie's name. */
  readonly dataCookie: string
  /** The secret for CSRF tokens of this session (created on first use). @internal */
  _csrfSecret(s: Session): string
}

/** Browsers keep cookies up to 4096 bytes of name and value. */
export const COOKIE_LIMIT = 4096

function newId(): string { return toB64u(randomBytes(18)) }

function now(): number { return Math.floor(Date.now() / 1000) }

function isPlainObject(v: any): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** What decides whether a session must be sealed again. */
function stateOf(s: any): string {
  return JSON.stringify([s.id, s.data, s.extra, s._flashIn, s._flashOut, s._csrf])
}

interface Loaded { id: string; exp: number; data: any; extra: any; flash: any; csrf: string | null; rotated: boolean }

const sessionProto: any = {
  destroy() {
    if (this._loadedId && !this._revokeId) this._revokeId = this._loadedId
    this.id = newId()
    this.data = {}
    this.extra = {}
    this._flashIn = null
    this._flashOut = null
    this._csrf = null
    this._destroyed = true
  },
  regenerate() {
    if (this._loadedId && !this._revokeId) this._revokeId = this._loadedId
    this.id = newId()
  },
  flash(kind: string, message: string) {
    const out = this._flashOut || (this._flashOut = {})
    const list = out[kind] || (out[kind] = [])
    if (list.indexOf(message) < 0) list.push(message)
  },
  flashes() {
    const got = this._flashIn || {}
    this._flashIn = null
    return got
  },
  save() {
    return this._save(this)
  },
}

/**
 * `session(name, secret | secrets, key?, options?)` returns `sess(q, r, age?)`.
 * `key` is mixed into key derivation (a purpose: two session kinds with one secret do not
 * open each other's cookies); it defaults to the name.
 */
export function session(name: string, secret: string | string[], key?: string, options?: SessionOptions): SessionOpener {
  const secrets = typeof secret === 'string' ? [secret] : secret
  if (!secrets || !secrets.length) throw new Error('tresty: session needs a secret')
  for (let i = 0; i < secrets.length; i++) {
    if (typeof secrets[i] !== 'string' || secrets[i].length < 16) throw new Error('tresty: a session secret must be a string of at least 16 characters')
  }
  const o = options || {}
  const dataName = name + '_data'
  const memo = '_tresty_session_' + name
  const defaultAge = o.age || 86400
  let ring: Keyring | null = null
  const keys = () => ring || (ring = keyring(secrets, 'tresty-session:' + (key || name)))

  /** The verified content of the request's cookies, or null. Never throws or rejects. */
  function read(q: Request): Promise<Loaded | null> {
    const cookies = q.cookies
    const pub = cookies[name]
    const sealed = cookies[dataName]
    if (!pub || !sealed || pub.length > COOKIE_LIMIT || sealed.length > COOKIE_LIMIT) return Promise.resolve(null)
    const parts = pub.split('.')
    if (parts.length !== 3 || !/^\d{1,12}$/.test(parts[0])) return Promise.resolve(null)
    const exp = Number(parts[0])
    if (exp <= now()) return Promise.resolve(null)
    const head = parts[0] + '.' + parts[1]
    const signed = name + '|' + head + '|' + sealed
    const ks = keys()
    let k = -1
    for (let i = 0; i < ks.size; i++) {
      if (safeEqual(parts[2], hmacB64u(ks.at(i).mac, signed))) { k = i; break }
    }
    if (k < 0) return Promise.resolve(null)
    let extra: any = {}
    if (parts[1]) {
      const bytes = fromB64u(parts[1])
      try { extra = bytes && JSON.parse(bytes.toString('utf8')) } catch (e) { extra = null }
      if (!isPlainObject(extra)) return Promise.resolve(null)
    }
    return unseal(ks.at(k), name + '|' + head, sealed).then((plain) => {
      if (plain === null) return null
      let p: any
      try { p = JSON.parse(plain) } catch (e) { return null }
      if (!isPlainObject(p) || p.e !== exp || typeof p.i !== 'string' || !isPlainObject(p.d)) return null
      if (o.revoke && revokedZone(q).has('r:' + p.i)) return null
      return { id: p.i, exp, data: p.d, extra, flash: isPlainObject(p.f) ? p.f : null, csrf: typeof p.c === 'string' ? p.c : null, rotated: k > 0 }
    })
  }

  function revokedZone(q: Request): NgxSharedDict<string> {
    const zone = (ngx.shared as any)[o.revoke!]
    if (!zone) throw new Error(`tresty: session revoke zone "${o.revoke}" is not declared (js_shared_dict_zone zone=${o.revoke}:1m timeout=1d;)`)
    return zone
  }

  function write(s: any, value: string | null, age: number) {
    const r: Response = s._r
    const q: Request = s._q
    const secure = o.secure !== undefined ? o.secure : q.raw.variables.scheme === 'https'
    const site = o.sameSite || 'Lax'
    const path = o.path || '/'
    if (value === null) {
      r.cookie(dataName, true, o.domain, path)(-1, site, secure)
      r.cookie(name, false, o.domain, path)(-1, site, secure)
      return
    }
    const dot = value.indexOf(' ')
    r.cookie(dataName, true, o.domain, path)(age, site, secure, value.slice(0, dot))
    r.cookie(name, false, o.domain, path)(age, site, secure, value.slice(dot + 1))
  }

  async function save(s: any): Promise<void> {
    const r: Response = s._r
    const state = stateOf(s)
    const t = now()
    const age: number = s._age
    // Sealed again when it changed, when an older secret opened it (rotation), or when less
    // than half its lifetime is left (a session in use does not expire under the user).
    const due = state !== s._state || s._rotated || (s._exp && s._exp - t < age / 2)
    if (!due) return
    if (r.sent) {
      s._q.raw.error(`tresty: session "${name}" changed after the response was sent (r.redirect?); set r.status and r.headers.Location instead`)
      return
    }
    if (s._revokeId && o.revoke) {
      revokedZone(s._q).set('r:' + s._revokeId, '1', Math.max(1, (s._loadedExp || t + age) - t) * 1000)
      s._revokeId = null
    }
    // Unread messages stay until read; new ones join them.
    const flash = mergeFlash(s._flashIn, s._flashOut)
    const empty = !flash && !s._csrf && isEmpty(s.data) && isEmpty(s.extra)
    if (empty && (s._destroyed || s.isNew)) {
      if (!s.isNew || s._q.cookies[name] || s._q.cookies[dataName]) write(s, null, 0)
      s._state = state
      return
    }
    const exp = t + age
    const pub = isEmpty(s.extra) ? '' : toB64u(Buffer.from(JSON.stringify(s.extra)))
    const head = exp + '.' + pub
    const plain: any = { i: s.id, e: exp, d: s.data }
    if (flash) plain.f = flash
    if (s._csrf) plain.c = s._csrf
    const ks = keys().at(0)
    const sealed = await seal(ks, name + '|' + head, JSON.stringify(plain))
    if (dataName.length + 1 + sealed.length > COOKIE_LIMIT) {
      throw new Error(`tresty: session "${name}" is too big: its sealed cookie would be ${dataName.length + 1 + sealed.length} bytes, over the ${COOKIE_LIMIT} bytes browsers keep; store less in the session (or an id pointing to server-side data)`)
    }
    if (name.length + 1 + head.length + 44 > COOKIE_LIMIT) throw new Error(`tresty: session "${name}" extra is too big for its ${COOKIE_LIMIT}-byte cookie`)
    const sig = hmacB64u(ks.mac, name + '|' + head + '|' + sealed)
    write(s, sealed + ' ' + head + '.' + sig, age)
    s._state = state
    s._exp = exp
    s._rotated = false
  }

  function open(q: Request, r: Response, age?: number): Promise<Session> {
    const known = q[memo]
    if (known) return known.then((s: any) => { if (age) s._age = age; return s })
    const p = read(q).then(undefined, (e: any) => {
      // A bug of ours or a missing revoke zone, not a bad cookie: say so, open empty.
      q.raw.error(`tresty: session "${name}" could not be opened: ${e && e.stack || e}`)
      return null
    }).then((got: Loaded | null) => {
      const s: any = {
        __proto__: sessionProto,
        id: got ? got.id : newId(),
        data: got ? got.data : {},
        extra: got ? got.extra : {},
        isNew: !got,
        _q: q, _r: r, _age: age || defaultAge, _save: save,
        _loadedId: got ? got.id : null, _loadedExp: got ? got.exp : 0, _exp: got ? got.exp : 0,
        _revokeId: null, _destroyed: false, _rotated: got ? got.rotated : false,
        _flashIn: got ? got.flash : null, _flashOut: null, _csrf: got ? got.csrf : null,
      }
      s._state = stateOf(s)
      return s as Session
    })
    q[memo] = p
    return p
  }

  const opener: any = open
  opener.cookie = name
  opener.dataCookie = dataName
  opener.middleware = (age?: number): Handler => (q: Request, r: Response) => open(q, r, age).then((s) => {
    q.session = s
    return Promise.resolve(q.next()).then((out) => (s as any).save().then(() => out))
  })
  opener._csrfSecret = (s: any) => s._csrf || (s._csrf = toB64u(randomBytes(18)))
  return opener as SessionOpener
}

function mergeFlash(a: Record<string, string[]> | null, b: Record<string, string[]> | null): Record<string, string[]> | null {
  if (!a) return b
  if (!b) return a
  const out: Record<string, string[]> = {}
  for (const k in a) if (Array.isArray(a[k])) out[k] = a[k].slice()
  for (const k in b) {
    const list = out[k] || (out[k] = [])
    for (let i = 0; i < b[k].length; i++) if (list.indexOf(b[k][i]) < 0) list.push(b[k][i])
  }
  return out
}

function isEmpty(o: any): boolean {
  for (const k in o) return false
  return true
}
