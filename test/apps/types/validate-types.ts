/**
 * Type tests for tresty/validate, checked by `npm run typecheck` (tsconfig.json includes
 * test/apps). Each `@ts-expect-error` line MUST be a type error: if one stops being an error,
 * tsc fails with "Unused '@ts-expect-error' directive". test/node-unit/type-fixtures.test.ts also
 * strips the directives and checks that tsc then fails on exactly those lines.
 */
import { v, validate, type Infer } from 'tresty/validate'

const Signup = v.object({
  email: v.email(),
  name: v.string().trim().min(1).max(80),
  age: v.integer().min(13).optional(),
  plan: v.oneOf(['free', 'pro'] as const).default('free'),
  tags: v.array(v.string()).max(5).optional(),
  address: v.object({ city: v.string(), zip: v.string().pattern(/^\d{5}$/) }),
  newsletter: v.boolean().default(false),
})
type Signup = Infer<typeof Signup>

// What a correct value looks like: optional keys may be left out.
export const ok: Signup = { email: 'a@b.c', name: 'Ann', plan: 'pro', address: { city: 'X', zip: '12345' }, newsletter: true }
export const ok2: Signup = { email: 'a@b.c', name: 'Ann', age: 20, tags: ['x'], plan: 'free', address: { city: 'X', zip: '1' }, newsletter: false }

// @ts-expect-error — age must be a number
export const badAge: Signup = { ...ok, age: '20' }
// @ts-expect-error — plan is 'free' | 'pro'
export const badPlan: Signup = { ...ok, plan: 'gold' }
// @ts-expect-error — email is required
export const noEmail: Signup = { name: 'Ann', plan: 'pro', address: { city: 'X', zip: '1' }, newsletter: true }
// @ts-expect-error — tags are strings
export const badTags: Signup = { ...ok, tags: [1] }
// @ts-expect-error — nested objects are typed too
export const badCity: Signup = { ...ok, address: { city: 1, zip: '1' } }

const res = Signup.parse({})
if (res.ok) {
  const email: string = res.value.email
  const age: number | undefined = res.value.age
  // @ts-expect-error — age may be undefined
  const age2: number = res.value.age
  void email; void age; void age2
} else {
  const msg: string | undefined = res.errors['address.zip']
  void msg
}

// A custom check sees the clean, typed value.
export const Password = v.object({ password: v.string().min(8), confirm: v.string() })
  .check((o) => o.password === o.confirm || 'passwords differ', undefined, 'confirm')
// @ts-expect-error — the check's argument is typed: no such field
v.object({ a: v.string() }).check((o) => o.b === 1)

// The route helper carries its output type.
const checkSignup = validate({ body: Signup, query: v.object({ page: v.integer().default(1) }) })
type Input = Infer<typeof checkSignup>
export const input: Input = { body: ok, query: { page: 2 } }
// @ts-expect-error — page is a number
export const badInput: Input = { body: ok, query: { page: '2' } }

// @ts-expect-error — min() takes a number
v.string().min('3')
// @ts-expect-error — oneOf values are typed: default must be one of them
v.oneOf(['a', 'b']).default('c')
