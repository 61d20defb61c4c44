import { forwardedHeaders } from './headers.js';
import { jsString } from './quote.js';
import { inlineBody, notes, type SnippetRequest } from './request.js';

/**
 * JavaScript for Node 18+ (an ES module, for top-level await). Headers are pairs so their order
 * and repeats survive; a binary body is read from its file.
 */
export function fetchCode(request: SnippetRequest): string {
  const { kept } = forwardedHeaders(request.headers);
  const body = request.body.length > 0 && request.method !== 'GET' && request.method !== 'HEAD';
  const inline = body ? inlineBody(request.body) : undefined;
  const comments = notes(request, 'fetch');
  comments.push('browsers will not set some headers (cookie, origin, referer...): run this with Node.');
  if (request.body.length > 0 && !body) comments.push(`fetch cannot send a body with ${request.method}; the captured one is left out.`);
  const lines = comments.map((line) => `// ${line}`);
  if (body && inline === undefined) {
    lines.push(`// the body is binary: save it as ${request.bodyFileName} next to this script.`);
    lines.push(`import { readFile } from 'node:fs/promises';`, '');
  }
  lines.push(`const response = await fetch(${jsString(request.url)}, {`);
  lines.push(`  method: ${jsString(request.method)},`);
  if (kept.length === 0) lines.push('  headers: [],');
  else {
    lines.push('  headers: [');
    for (const [name, value] of kept) lines.push(`    [${jsString(name)}, ${jsString(value)}],`);
    lines.push('  ],');
  }
  if (body) lines.push(`  body: ${inline !== undefined ? jsString(inline) : `await readFile(${jsString(request.bodyFileName)})`},`);
  lines.push('});');
  lines.push('console.log(response.status, await response.text());');
  return lines.join('\n');
}
