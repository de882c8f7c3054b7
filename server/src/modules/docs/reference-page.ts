/**
 * The API reference page, rendered on the server from the OpenAPI document: plain, accessible
 * HTML with no script at all, so it meets the CSP, loads nothing from elsewhere and reads well
 * with a screen reader.
 */

interface Schema {
  [key: string]: unknown;
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  /** `administrators` on the endpoints of the administration screens. */
  'x-perimeter-access'?: string;
  parameters?: Array<{
    name: string;
    in: string;
    required?: boolean;
    schema?: Schema;
    description?: string;
  }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: Schema }> }
  >;
}
export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Inline code spans (`like this`) in descriptions; everything else stays text. */
function prose(text: string): string {
  return escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function schemaBlock(label: string, schema: Schema | undefined): string {
  if (!schema) return '';
  return `<details><summary>${escape(label)}</summary><pre><code>${escape(
    JSON.stringify(schema, null, 2),
  )}</code></pre></details>`;
}

function renderOperation(method: string, path: string, op: Operation): string {
  const id = slug(`${method} ${path}`);
  const access = !op.security?.length
    ? 'No session needed.'
    : op['x-perimeter-access'] === 'administrators'
      ? 'Administrators only, with a session or a personal API token (403 for people with user level).'
      : 'Needs a session or a personal API token.';
  const parameters = op.parameters?.length
    ? `<table><caption>Parameters</caption><thead><tr><th scope="col">name</th><th scope="col">in</th><th scope="col">required</th><th scope="col">type</th></tr></thead><tbody>${op.parameters
        .map(
          (p) =>
            `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escape(String(p.schema?.type ?? ''))}${p.schema?.format ? ` (${escape(String(p.schema.format))})` : ''}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const body = Object.entries(op.requestBody?.content ?? {})
    .map(([type, content]) => schemaBlock(`Request body (${type})`, content.schema))
    .join('');
  const responses = Object.entries(op.responses ?? {})
    .map(([status, response]) => {
      const schemas = Object.entries(response.content ?? {})
        .map(([type, content]) => schemaBlock(`${status} body (${type})`, content.schema))
        .join('');
      return `<li><strong>${escape(status)}</strong> ${escape(response.description ?? '')}${schemas}</li>`;
    })
    .join('');
  return `<section class="operation" aria-labelledby="${id}">
<h3 id="${id}"><span class="method method-${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
${op.summary ? `<p class="summary">${prose(op.summary)}</p>` : ''}
${op.description ? `<p>${prose(op.description)}</p>` : ''}
<p class="access">${access}</p>
${parameters}${body}
<h4>Responses</h4><ul class="responses">${responses}</ul>
</section>`;
}

export function renderReferencePage(doc: OpenApiDocument): string {
  const groups = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      groups.set(tag, [...(groups.get(tag) ?? []), renderOperation(method, path, op)]);
    }
  }
  const tags = [...groups.keys()];
  // The page is `<BASE_PATH>/api/docs`: its links are relative to it, so they hold under any base.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)} reference</title>
<link rel="icon" href="../favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="docs/reference.css">
</head>
<body>
<header>
<h1>${escape(doc.info.title)} reference</h1>
${doc.info.description ? `<p>${prose(doc.info.description)}</p>` : ''}
<p>Machine-readable: <a href="openapi.json">the OpenAPI 3.1 document</a>.</p>
</header>
<nav aria-label="API areas"><ul>${tags.map((tag) => `<li><a href="#${slug(tag)}">${escape(tag)}</a></li>`).join('')}</ul></nav>
<main>
${tags
  .map(
    (tag) =>
      `<section aria-labelledby="${slug(tag)}"><h2 id="${slug(tag)}">${escape(tag)}</h2>${groups.get(tag)!.join('\n')}</section>`,
  )
  .join('\n')}
</main>
</body>
</html>
`;
}

export const referenceStylesheet = `:root { color-scheme: light dark; --fg: #1c1b1f; --bg: #ffffff; --muted: #49454f; --line: #d0d0d7; --accent: #0b57d0; --code-bg: #f3f3f6; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e1e5; --bg: #121212; --muted: #c9c5cc; --line: #3a3a40; --accent: #a8c7fa; --code-bg: #1f1f24; } }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, monospace; font-size: 0.9em; }
pre { background: var(--code-bg); padding: 0.75rem; overflow-x: auto; border-radius: 4px; }
nav ul { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; list-style: none; padding: 0; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: 0.25rem; margin-top: 2.5rem; }
.operation { border: 1px solid var(--line); border-radius: 6px; padding: 0 1rem 0.5rem; margin: 1rem 0; }
.method { display: inline-block; min-width: 4.5rem; font-family: ui-monospace, monospace; }
.access { color: var(--muted); }
table { border-collapse: collapse; margin: 0.5rem 0; }
caption { text-align: left; font-weight: 600; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.5rem; text-align: left; }
details { margin: 0.25rem 0; }
summary { cursor: pointer; }
`;
