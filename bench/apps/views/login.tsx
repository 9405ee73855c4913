/** The login page the view bench renders (about 1 KB of HTML, components, escaping). */
export function Field(props: { name: string; label: string; type: string; value?: string; error?: string }) {
  return (
    <p class={['field', props.error ? 'invalid' : null]}>
      <label htmlFor={props.name}>{props.label}</label>
      <input id={props.name} name={props.name} type={props.type} value={props.value} required />
      {props.error && <span class="error">{props.error}</span>}
    </p>
  )
}

export function loginPage(args: { email: string; errors: Record<string, string> }) {
  return (
    <html lang="en">
      <head><meta charset="utf-8" /><title>Sign in</title><link rel="stylesheet" href="/app.css" /></head>
      <body>
        <main class="narrow">
          <h1>Sign in</h1>
          <form method="post" action="/login">
            <input type="hidden" name="csrf" value="0123456789abcdef0123456789abcdef" />
            <Field name="email" label="E-mail" type="email" value={args.email} error={args.errors.email} />
            <Field name="password" label="Password" type="password" error={args.errors.password} />
            <button type="submit">Sign in</button>
          </form>
        </main>
      </body>
    </html>
  )
}
