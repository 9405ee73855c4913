/** A minimal cookie jar for tests: remembers Set-Cookie values by name, sends them back. */
export class CookieJar {
  values: Record<string, string> = {}
  /** The raw Set-Cookie lines of the last response stored. */
  lines: string[] = []

  store(res: Response): this {
    this.lines = res.headers.getSetCookie()
    for (const line of this.lines) {
      const first = line.split(';')[0]
      const eq = first.indexOf('=')
      const name = first.slice(0, eq)
      const value = first.slice(eq + 1)
      if (/;\s*Max-Age=0/i.test(line) || value === '') delete this.values[name]
      else this.values[name] = value
    }
    return this
  }

  header(): string {
    return Object.entries(this.values).map(([k, v]) => `${k}=${v}`).join('; ')
  }

  /** The Set-Cookie line for `name` in the last response. */
  line(name: string): string | undefined {
    return this.lines.find((l) => l.startsWith(name + '='))
  }

  clone(): CookieJar {
    const j = new CookieJar()
    j.values = { ...this.values }
    return j
  }
}
