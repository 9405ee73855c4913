/**
 * The example's persistence module (Lusty style): it answers `data:request:note:*` on the bus,
 * as events.json beside it declares, and keeps notes in Redis through the sidecar. Swap
 * `redisStore` for any other `Store` and nothing else in the app changes.
 */
import { redisStore, storeHandlers } from 'tresty/bus'

const notes = storeHandlers('note', redisStore({ prefix: 'example:' }))

export const getNote = notes.get
export const saveNote = notes.save
export const deleteNote = notes.delete
export const listNotes = notes.list
