/** The page frame every signed-in console page shares: navigation, sign-out, the CSRF token for htmx. */
import type { ComponentChildren } from 'preact';
import { CSRF_FIELD, CSRF_HEADER } from '../session.ts';

export interface PageContext {
  /** e.g. `/console`. */
  mount: string;
  /** The CSRF token for forms and htmx requests on this page. */
  csrf: string;
  /** The path of the page, to mark the current section in the navigation. */
  path: string;
}

const SECTIONS = [
  { href: '', label: 'Overview' },
  { href: '/users', label: 'Users' },
  { href: '/groups', label: 'Groups' },
  { href: '/audit', label: 'Audit log' },
  { href: '/rules', label: 'Rules' },
] as const;

// htmx: no inline indicator styles (the CSP forbids them) and no eval.
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
});

export function Document(props: { title: string; children: ComponentChildren; csrf?: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${props.title} · SCIM Connector console`}</title>
        <link rel="stylesheet" href="/console/assets/pico.min.css" />
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/htmx.min.js" defer />
      </head>
      <body hx-headers={props.csrf ? JSON.stringify({ [CSRF_HEADER]: props.csrf }) : undefined}>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        {props.children}
      </body>
    </html>
  );
}

export function Page(props: { ctx: PageContext; title: string; children: ComponentChildren }) {
  const { ctx } = props;
  return (
    <Document title={props.title} csrf={ctx.csrf}>
      <header class="container">
        <nav aria-label="Console">
          <ul>
            <li>
              <strong>SCIM Connector</strong>
            </li>
          </ul>
          <ul>
            {SECTIONS.map((section) => {
              const href = `${ctx.mount}${section.href}`;
              const current = section.href === '' ? ctx.path === ctx.mount : ctx.path.startsWith(href);
              return (
                <li key={href}>
                  <a href={href} aria-current={current ? 'page' : undefined}>
                    {section.label}
                  </a>
                </li>
              );
            })}
            <li>
              <form method="post" action={`${ctx.mount}/sign-out`}>
                <CsrfField token={ctx.csrf} />
                <button type="submit" class="secondary outline">
                  Sign out
                </button>
              </form>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" class="container">
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </Document>
  );
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

export function Tag(props: { kind: string; children: ComponentChildren }) {
  return <span class={`tag tag-${props.kind}`}>{props.children}</span>;
}

/** A timestamp as text a person reads, with the exact value in the element. */
export function Time(props: { at: string | undefined }) {
  if (!props.at) return <span>never</span>;
  return <time datetime={props.at}>{props.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>;
}

/** Links to the neighbouring pages of a list; either may be absent. */
export function Pager(props: {
  prev?: { href: string; label: string };
  next?: { href: string; label: string };
}) {
  return (
    <nav aria-label="Pages">
      <ul>
        {props.prev ? (
          <li>
            <a href={props.prev.href} rel="prev">
              {props.prev.label}
            </a>
          </li>
        ) : null}
        {props.next ? (
          <li>
            <a href={props.next.href} rel="next">
              {props.next.label}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
