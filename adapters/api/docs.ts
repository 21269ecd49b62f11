/** A readable, dependency-free docs page rendered from the OpenAPI document. */
import { html, raw, toHtmlString, type Html } from '../../src/util/html.js';

type Json = Record<string, unknown>;

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:920px;margin:2rem auto;padding:0 1rem;color:#1d2330}
h1{margin-bottom:.2rem}code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f4f5f8;padding:.6rem;overflow:auto}
section{border-top:1px solid #e3e6ee;padding:.4rem 0}.m{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:1px 6px}
.get{background:#2f6fde}.put{background:#b7791f}.post{background:#2f855a}.delete{background:#c53030}.scope{color:#667;font-size:12px}ul.res{color:#445}
`;

// Every interpolation below is escaped by hono's template; only fragments built with it pass as is.
function operation(path: string, method: string, op: Json): Html {
  const params = (op.parameters as Json[]).map(
    (p) =>
      html`<li><code>${p.name}</code> (${p.in}${p.required ? ', required' : ''})${p.description ? html` — ${p.description}` : ''}</li>`,
  );
  const responses = Object.entries(op.responses as Record<string, Json>).map(([s, r]) => html`<li><code>${s}</code> ${r.description}</li>`);
  const schema = op.requestBody
    ? (op.requestBody as { content: Record<string, { schema: unknown }> }).content['application/json']?.schema
    : undefined;
  const body = op.requestBody ? html`<details><summary>Request body</summary><pre>${JSON.stringify(schema, null, 2)}</pre></details>` : '';
  return html`<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
<p>${op.summary}${op['x-scope'] ? html` <span class="scope">scope: ${op['x-scope']}</span>` : ''}</p>
${params.length ? html`<ul>${params}</ul>` : ''}${body}<ul class="res">${responses}</ul></section>`;
}

export function renderDocs(doc: Json): string {
  const info = doc.info as { title: string; version: string; description: string };
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const ops: Html[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) ops.push(operation(path, method, op));
  }
  return toHtmlString(html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${info.title} ${info.version}</title><style>
${raw(STYLE)}</style></head><body><h1>${info.title}</h1><p>Version ${info.version} · <a href="/v1/openapi.json">openapi.json</a></p><p>${info.description}</p>${joinLines(ops)}</body></html>`);
}

/** Fragments one per line, as the page always had them. */
function joinLines(parts: Html[]): Html {
  return raw(parts.map(toHtmlString).join('\n'));
}
