/** The login example's pages, in TSX (compiled onto tresty/html: text and attributes escaped). */
import type { Child } from 'tresty/html'

export type Flashes = Record<string, string[]>

export function Layout(props: { title: string; flashes: Flashes; children?: Child }) {
  const kinds = Object.keys(props.flashes)
  return (
    <html lang="en">
      <head><meta charset="utf-8" /><title>{props.title}</title></head>
      <body>
        {kinds.length > 0 && (
          <ul class="flashes">
            {kinds.map((kind) => props.flashes[kind].map((m) => <li class={['flash', kind]}>{m}</li>))}
          </ul>
        )}
        {props.children}
      </body>
    </html>
  )
}

function Field(props: { name: string; label: string; type: string; value?: string; error?: string }) {
  return (
    <p class={['field', props.error ? 'invalid' : null]}>
      <label htmlFor={props.name}>{props.label}</label>
      <input id={props.name} name={props.name} type={props.type} value={props.value} />
      {props.error && <span class="error" data-for={props.name}>{props.error}</span>}
    </p>
  )
}

export interface LoginArgs {
  csrf: string
  values: { email?: string }
  errors: Record<string, string>
  flashes: Flashes
}

export function loginPage(args: LoginArgs) {
  return (
    <Layout title="Sign in" flashes={args.flashes}>
      <h1>Sign in</h1>
      {args.errors[''] && <p class="error" data-for="form">{args.errors['']}</p>}
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value={args.csrf} />
        <Field name="email" label="E-mail" type="email" value={args.values.email} error={args.errors.email} />
        <Field name="password" label="Password" type="password" error={args.errors.password} />
        <button type="submit">Sign in</button>
      </form>
    </Layout>
  )
}

export function homePage(args: { user: { name: string; email: string } | null; csrf: string; flashes: Flashes }) {
  return (
    <Layout title="Home" flashes={args.flashes}>
      {args.user ? (
        <>
          <h1>Hello, {args.user.name}</h1>
          <form method="post" action="/logout">
            <input type="hidden" name="_csrf" value={args.csrf} />
            <button type="submit">Sign out</button>
          </form>
        </>
      ) : (
        <>
          <h1>Hello, stranger</h1>
          <p><a href="/login">Sign in</a></p>
        </>
      )}
    </Layout>
  )
}
