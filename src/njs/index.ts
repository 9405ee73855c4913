/**
 * tresty — the part that runs inside nginx. A user's app imports from here:
 *
 *   import { app } from 'tresty'
 *   const a = app()
 *   a.get('/hello/:name', (q) => ({ hello: q.params.name }))
 *   export default a          // nginx: js_import app from app.js; js_content app.content;
 */
export { app } from './app.ts'
export type { App, AppOptions, Group, Guard, LogHook, LogRequest, NotFoundHandler, ErrorHandler } from './app.ts'
export { HttpError, isHttpError } from './http-error.ts'
export { sse } from './helper/sse.ts'
export type { Body, Chunk, Handler, Middleware, Params, Request, Response, Multipart, UploadedFile, StreamBody, CookieSetter } from './types.ts'
export type { ParamKeys, PathParams } from './route-types.ts'
