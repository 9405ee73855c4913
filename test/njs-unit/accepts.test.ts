import { describe, expect, it } from 'vitest'
import { accepts } from '../../src/njs/helper/accepts.ts'

describe('accepts', () => {
  it('returns the first type when there is no Accept header', () => {
    expect(accepts(undefined, ['json', 'html'])).toBe('json')
    expect(accepts('', ['html', 'json'])).toBe('html')
    expect(accepts('text/html', [])).toBe(false)
  })
  it('honours q-values and returns the entry as the caller wrote it', () => {
    expect(accepts('text/html;q=0.5, application/json', ['html', 'json'])).toBe('json')
    expect(accepts('text/html, application/json;q=0.9', ['application/json', 'text/html'])).toBe('text/html')
    expect(accepts('TEXT/HTML', ['Text/Html'])).toBe('Text/Html')
  })
  it('matches wildcards', () => {
    expect(accepts('*/*', ['json', 'html'])).toBe('json')
    expect(accepts('image/*', ['json', 'png'])).toBe('png')
    expect(accepts('text/*;q=0.5, application/json;q=0.4', ['json', 'text'])).toBe('text')
  })
  it('lets the most specific range decide a type\'s q, q=0 excluding it', () => {
    expect(accepts('text/*, text/html;q=0', ['html', 'text'])).toBe('text')
    expect(accepts('*/*;q=0.1, application/json;q=0', ['json'])).toBe(false)
    expect(accepts('text/html;q=0.2, */*', ['html', 'json'])).toBe('json')
    expect(accepts('application/json;q=0', ['json', 'html'])).toBe(false)
  })
  it('returns false when nothing is acceptable', () => {
    expect(accepts('image/png', ['json', 'html'])).toBe(false)
  })
  it('breaks q ties by specificity, then by the caller\'s order', () => {
    // axios and many fetch clients send this: JSON is named, HTML only via */*
    expect(accepts('application/json, text/plain, */*', ['html', 'json'])).toBe('json')
    expect(accepts('text/html, application/json', ['json', 'html'])).toBe('json')
    expect(accepts('text/html, application/json', ['html', 'json'])).toBe('html')
  })
  it('handles a browser Accept header', () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'
    expect(accepts(browser, ['json', 'html'])).toBe('html')
    expect(accepts(browser, ['json', 'xml'])).toBe('xml')
    expect(accepts(browser, ['json'])).toBe('json')
  })
  it('knows the shorthands', () => {
    expect(accepts('application/x-www-form-urlencoded', ['json', 'form'])).toBe('form')
    expect(accepts('text/plain', ['html', 'text'])).toBe('text')
    expect(accepts('multipart/form-data', ['multipart'])).toBe('multipart')
    expect(accepts('text/event-stream', ['json', 'sse'])).toBe('sse')
  })
  it('matches media type parameters', () => {
    expect(accepts('text/html;level=1, text/html;q=0.1', ['text/html;level=1', 'text/html'])).toBe('text/html;level=1')
    expect(accepts('text/html;level=1;q=1, text/html;q=0.1', ['text/html'])).toBe('text/html')
    expect(accepts('text/html; level = "2"', ['text/html;level=2'])).toBe('text/html;level=2')
  })
  it('ignores malformed ranges and clamps q', () => {
    expect(accepts('garbage, /x, y/, application/json', ['html', 'json'])).toBe('json')
    expect(accepts('garbage', ['html', 'json'])).toBe('html')
    expect(accepts('text/html;q=5, application/json;q=abc', ['json', 'html'])).toBe('html')
  })
})
