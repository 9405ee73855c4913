/** Placeholder compilation (no database): what text and which parameters each modifier produces. */
import { describe, expect, it } from 'vitest'
import { compile } from '../../src/node/sql/placeholders.ts'
import { verbSql } from '../../src/node/sql/database.ts'
import { splitBatches } from '../../src/node/sql/migrate.ts'
import { resolveConfig } from '../../src/node/sql/database-config.ts'

describe('placeholders', () => {
  it(':? becomes $n on PostgreSQL and ? on MySQL; values never enter the text', () => {
    expect(compile('pg', 'SELECT * FROM t WHERE a = :? AND b = :?', ["x' OR 1=1", 2])).toEqual({ text: 'SELECT * FROM t WHERE a = $1 AND b = $2', values: ["x' OR 1=1", 2] })
    expect(compile('mysql', 'SELECT * FROM t WHERE a = :? AND b = :?', ["x' OR 1=1", 2])).toEqual({ text: 'SELECT * FROM t WHERE a = ? AND b = ?', values: ["x' OR 1=1", 2] })
  })

  it(':? sends objects and arrays as JSON text, undefined as NULL, Dates and Buffers as they are', () => {
    const d = new Date(0)
    const b = Buffer.from('hi')
    expect(compile('pg', ':? :? :? :? :?', [{ a: 1 }, [1, 'x'], undefined, d, b]).values).toEqual(['{"a":1}', '[1,"x"]', null, d, b])
  })

  it(':?name reads the last argument; positional placeholders read the others', () => {
    expect(compile('pg', 'SELECT :i FROM t WHERE a = :?a AND b = :?b AND c = :?a', ['col', { a: 1, b: 'two' }]))
      .toEqual({ text: 'SELECT "col" FROM t WHERE a = $1 AND b = $2 AND c = $3', values: [1, 'two', 1] })
    expect(() => compile('pg', ':?a', [{ b: 1 }])).toThrow(/no "a"/)
    expect(() => compile('pg', ':?a', ['x'])).toThrow(/plain object/)
  })

  it(':b sends bytes; strings as UTF-8', () => {
    expect(compile('mysql', ':b', ['é']).values[0]).toEqual(Buffer.from('é'))
    expect(compile('mysql', ':b', [new Uint8Array([0, 255])]).values[0]).toEqual(Buffer.from([0, 255]))
    expect(() => compile('mysql', ':b', [12])).toThrow(/:b takes/)
  })

  it(':a expands a list into one parameter per element; an empty list is NULL', () => {
    expect(compile('pg', 'x IN (:a) AND y = :?', [[1, 2, 3], 4])).toEqual({ text: 'x IN ($1, $2, $3) AND y = $4', values: [1, 2, 3, 4] })
    expect(compile('mysql', 'x IN (:a)', [[]])).toEqual({ text: 'x IN (NULL)', values: [] })
    expect(() => compile('pg', 'x IN (:a)', ['1,2'])).toThrow(/:a takes an array/)
  })

  it(':i quotes identifiers per dialect, doubling the quote; arrays are dotted paths', () => {
    expect(compile('pg', 'SELECT :i FROM :i', ['we"ird', ['public', 't']]).text).toBe('SELECT "we""ird" FROM "public"."t"')
    expect(compile('mysql', 'SELECT :i', ['we`ird']).text).toBe('SELECT `we``ird`')
    expect(() => compile('pg', ':i', [''])).toThrow()
    expect(() => compile('pg', ':i', ['a\0b'])).toThrow()
    expect(() => compile('pg', ':i', [1])).toThrow()
  })

  it(':) and :] paste text verbatim, without comments, semicolons or their closer', () => {
    expect(compile('pg', 'ORDER BY x :)', ['DESC']).text).toBe('ORDER BY x DESC')
    expect(compile('pg', 'now() + :]', ["interval '1 day'"]).text).toBe("now() + interval '1 day'")
    expect(compile('pg', 'x :)', ['1; DROP TABLE t -- /* */']).text).toBe('x 1 DROP TABLE t - - / * * /')
    expect(compile('mysql', 'x :)', ['1 # rest']).text).toBe('x 1  rest')
    expect(compile('pg', 'x = :)', ['a)b']).text).toBe('x = ab')
    expect(compile('pg', 'LIMIT :)', [10]).text).toBe('LIMIT 10')
    expect(() => compile('pg', ':)', [{}])).toThrow()
  })

  it('leaves :: casts, quoted text, comments and dollar quotes alone', () => {
    expect(compile('pg', "SELECT :?::int, ':?', \":?\", $$ :? $$, $t$ :? $t$, E'\\' :?' -- :?\n/* :? */ :?", [1, 2])).toEqual({
      text: "SELECT $1::int, ':?', \":?\", $$ :? $$, $t$ :? $t$, E'\\' :?' -- :?\n/* :? */ $2", values: [1, 2],
    })
    expect(compile('mysql', "SELECT ':?', '\\' :?', `:?`, :? # :?\n", [1]).text).toBe("SELECT ':?', '\\' :?', `:?`, ? # :?\n")
    // `:id`, `:bx`: not ours, left as written (the database will complain).
    expect(compile('pg', 'SELECT :id, :bx', []).text).toBe('SELECT :id, :bx')
  })

  it('counts: too few or too many arguments is an error naming the placeholder', () => {
    expect(() => compile('pg', ':? :?', [1])).toThrow(/placeholder #2 \(:\?\) has no argument/)
    expect(() => compile('pg', ':?', [1, 2])).toThrow(/2 argument\(s\) for 1/)
    // A trailing object is a value when no named placeholder is used.
    expect(compile('pg', ':?', [{ a: 1 }]).values).toEqual(['{"a":1}'])
  })
})

describe('verbs and batches', () => {
  it("Losty's verbs put their keyword in front unless it is there; pg inserts return rows", () => {
    expect(verbSql('pg', 'select', '* FROM t')).toBe('SELECT * FROM t')
    expect(verbSql('pg', 's1', 'WITH x AS (SELECT 1) SELECT * FROM x')).toBe('WITH x AS (SELECT 1) SELECT * FROM x')
    expect(verbSql('pg', 'insert', 't (a) VALUES (1)')).toBe('INSERT INTO t (a) VALUES (1) RETURNING *')
    expect(verbSql('pg', 'insert', 'INSERT INTO t (a) VALUES (1) RETURNING id')).toBe('INSERT INTO t (a) VALUES (1) RETURNING id')
    expect(verbSql('mysql', 'insert', 't (a) VALUES (1)')).toBe('INSERT INTO t (a) VALUES (1)')
    expect(verbSql('mysql', 'update', 't SET a = 1')).toBe('UPDATE t SET a = 1')
    expect(verbSql('mysql', 'delete', 't')).toBe('DELETE FROM t')
    expect(verbSql('mysql', 'query', 'anything')).toBe('anything')
  })

  it('.sql files split at lines of ----, each batch knowing its first line', () => {
    expect(splitBatches('CREATE TABLE a (x int);\n----\n\nCREATE TABLE b (y int);\nINSERT INTO b VALUES (1);\n------  \n\n')).toEqual([
      { sql: 'CREATE TABLE a (x int);', line: 1 },
      { sql: '\nCREATE TABLE b (y int);\nINSERT INTO b VALUES (1);', line: 3 },
    ])
    expect(splitBatches('SELECT 1 -- x\n---\nSELECT 2')).toHaveLength(1)
  })
})

describe('configuration', () => {
  it('a name reads TRESTY_SQL_<NAME> and its password; URLs carry their parts', () => {
    const env = { TRESTY_SQL_MAIN: 'postgres://app@db:6543/appdb', TRESTY_SQL_MAIN_PASSWORD: 's3cret', TRESTY_SQL_POOL_SIZE: '3' }
    expect(resolveConfig('pg', 'main', env)).toMatchObject({ host: 'db', port: 6543, user: 'app', password: 's3cret', database: 'appdb', poolSize: 3 })
    expect(() => resolveConfig('pg', 'other', env)).toThrow(/TRESTY_SQL_OTHER=postgres:/)
    expect(() => resolveConfig('mysql', 'main', env)).toThrow(/not a MySQL URL/)
    expect(resolveConfig('mysql', { url: 'mysql://u:p%40ss@h/d', poolSize: 2 }, {})).toMatchObject({ user: 'u', password: 'p@ss', host: 'h', port: 3306, database: 'd', poolSize: 2 })
  })
})
