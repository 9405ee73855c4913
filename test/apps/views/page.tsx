/** TSX views of the probe app (test/apps/views-app.ts): compiled by the build's JSX step onto tresty/html. */
import type { Child } from 'tresty/html'

export interface LoginArgs {
  values: { email?: string; next?: string }
  errors: Record<string, string>
}

function Field(props: { name: string; label: string; type: string; value?: string; error?: string }) {
  return (
    <p class={['field', props.error ? 'invalid' : null]}>
      <label htmlFor={props.name}>{props.label}</label>
      <input id={props.name} name={props.name} type={props.type} value={props.value} required />
      {props.error && <span class="error" data-for={props.name}>{props.error}</span>}
    </p>
  )
}

export function Layout(props: { title: string; children?: Child }) {
  return (
    <html lang="en">
      <head><meta charset="utf-8" /><title>{props.title}</title></head>
      <body>{props.children}</body>
    </html>
  )
}

export function loginPage(args: LoginArgs) {
  return (
    <Layout title="Sign in">
      <form method="post" action={args.values.next ? '/login?next=' + encodeURIComponent(args.values.next) : '/login'}>
        <Field name="email" label="E-mail" type="email" value={args.values.email} error={args.errors.email} />
        <Field name="password" label="Password" type="password" error={args.errors.password} />
        <>
          <button type="submit">Sign in</button>
        </>
      </form>
    </Layout>
  )
}

/** Hostile strings in the three contexts the corpus names: text, a neutral attribute, a URL attribute. */
export function hostile(args: { context: string; payload: string }) {
  if (args.context === 'text') return <div id="t">{args.payload}</div>
  if (args.context === 'attr') return <div id="t" title={args.payload} data-x={args.payload}></div>
  return <a id="t" href={args.payload}><img src={args.payload} /></a>
}
