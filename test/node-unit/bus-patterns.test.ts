/** Which Redis patterns a set of bus namespaces subscribes (src/node/bus/patterns.ts). */
import { describe, expect, it } from 'vitest'
import { busChannelOf, busPatterns, payloadOf } from '../../src/node/bus/patterns.ts'

describe('busPatterns', () => {
  it('no namespaces: every bus channel', () => {
    expect(busPatterns()).toEqual(['tresty:bus:*'])
    expect(busPatterns([])).toEqual(['tresty:bus:*'])
  })
  it('a namespace is itself and everything under it, not its look-alikes', () => {
    expect(busPatterns(['notes'])).toEqual(['tresty:bus:notes', 'tresty:bus:notes:*'])
  })
  it('drops duplicates and namespaces inside another, so nothing arrives twice', () => {
    expect(busPatterns(['notes', 'notes:changed', 'cache', 'notes'])).toEqual(['tresty:bus:notes', 'tresty:bus:notes:*', 'tresty:bus:cache', 'tresty:bus:cache:*'])
    expect(busPatterns(['notesX', 'notes'])).toEqual(['tresty:bus:notesX', 'tresty:bus:notesX:*', 'tresty:bus:notes', 'tresty:bus:notes:*'])
  })
  it('Redis glob characters in a namespace match only themselves', () => {
    expect(busPatterns(['a*b', 'q?[x]\\'])).toEqual(['tresty:bus:a\\*b', 'tresty:bus:a\\*b:*', 'tresty:bus:q\\?\\[x\\]\\\\', 'tresty:bus:q\\?\\[x\\]\\\\:*'])
  })
  it('refuses bad namespaces', () => {
    expect(() => busPatterns(['a::b'])).toThrow(/bad channel/)
  })
})

describe('messages', () => {
  it('bus channel of a Redis channel', () => {
    expect(busChannelOf('tresty:bus:notes:changed')).toBe('notes:changed')
    expect(busChannelOf('tresty:invalidate')).toBeNull()
  })
  it('payload of a message, or null for anything else', () => {
    expect(payloadOf('{"channel":"a","payload":{"x":1}}')).toEqual({ payload: { x: 1 } })
    expect(payloadOf('{"channel":"a","payload":null}')).toEqual({ payload: null })
    expect(payloadOf('{"channel":"a"}')).toBeNull()
    expect(payloadOf('not json')).toBeNull()
    expect(payloadOf('null')).toBeNull()
  })
})
