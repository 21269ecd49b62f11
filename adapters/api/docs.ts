/** A readable, dependency-free docs page rendered from the OpenAPI document. */
type Json = Record<string, unknown>;

const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderDocs(doc: Json): string {
  const info = doc.info as { title: string; version: string; description: string };
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const ops: string[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters as Json[]).map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''})${p.description ? ` — ${esc(p.description)}` : ''}</li>`);
      const responses = Object.entries(op.responses as Record<string, Json>).map(([s, r]) => `<li><code>${esc(s)}</code> ${esc(r.description)}</li>`);
      const body = op.requestBody ? `<details><summary>Request body</summary><pre>${esc(JSON.stringify((op.requestBody as { content: Record<string, { schema: unknown }> }).content['application/json']?.schema, null, 2))}</pre></details>` : '';
      ops.push(`<section><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}${op['x-scope'] ? ` <span class="scope">scope: ${esc(op['x-scope'])}</span>` : ''}</p>
${params.length ? `<ul>${params.join('')}</ul>` : ''}${body}<ul class="res">${responses.join('')}</ul></section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} ${esc(info.version)}</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:920px;margin:2rem auto;padding:0 1rem;color:#1d2330}
h1{margin-bottom:.2rem}code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f4f5f8;padding:.6rem;overflow:auto}
section{border-top:1px solid #e3e6ee;padding:.4rem 0}.m{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:1px 6px}
.get{background:#2f6fde}.put{background:#b7791f}.post{background:#2f855a}.delete{background:#c53030}.scope{color:#667;font-size:12px}ul.res{color:#445}
</style></head><body><h1>${esc(info.title)}</h1><p>Version ${esc(info.version)} · <a href="/v1/openapi.json">openapi.json</a></p><p>${esc(info.description)}</p>${ops.join('\n')}</body></html>`;
}
