import { Document } from './layout.tsx';

export function SignInPage(props: { mount: string; csrf: string; next: string; error?: string }) {
  return (
    <Document title="Sign in">
      <main id="main" class="container">
        <article>
          <h1>SCIM Connector console</h1>
          <p>
            Sign in with the connector's admin token (ADMIN_TOKEN, or adminToken in the data folder's token
            file).
          </p>
          {props.error ? (
            <p role="alert" id="sign-in-error">
              {props.error}
            </p>
          ) : null}
          <form method="post" action={`${props.mount}/sign-in`}>
            <input type="hidden" name="_csrf" value={props.csrf} />
            <input type="hidden" name="next" value={props.next} />
            <label>
              Admin token
              <input
                type="password"
                name="token"
                autocomplete="current-password"
                required
                autofocus
                aria-invalid={props.error ? 'true' : undefined}
                aria-describedby={props.error ? 'sign-in-error' : undefined}
              />
            </label>
            <button type="submit">Sign in</button>
          </form>
        </article>
      </main>
    </Document>
  );
}

export function MessagePage(props: { title: string; message: string; mount: string }) {
  return (
    <Document title={props.title}>
      <main id="main" class="container">
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        <p>
          <a href={props.mount}>Back to the console</a>
        </p>
      </main>
    </Document>
  );
}
