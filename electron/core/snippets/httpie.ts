import { forwardedHeaders, hasHeader } from './headers.js';
import { shellQuote } from './quote.js';
import { inlineBody, notes, type SnippetRequest } from './request.js';

/**
 * An HTTPie (3.x) command. HTTPie defaults to JSON and adds headers of its own; `Name:` removes
 * one, `Name;` sends an empty value. The body goes raw (`--raw`, or stdin from its file).
 */
export function httpieCommand(request: SnippetRequest): string {
  const { kept } = forwardedHeaders(request.headers);
  const body = request.body.length > 0;
  const inline = body ? inlineBody(request.body) : undefined;
  const fromFile = body && inline === undefined;
  // One line per item; options and the request line first.
  const args: string[] = [];
  // HTTPie reads a body from stdin whenever stdin is not a terminal (in scripts, pipes).
  if (!fromFile) args.push('--ignore-stdin');
  if (body && inline !== undefined) args.push(`--raw ${shellQuote(inline)}`);
  args.push(`${shellQuote(request.method)} ${shellQuote(request.url)}`);
  for (const [name, value] of kept) {
    // `Name:=v` and `Name:@file` are other HTTPie items; a backslash keeps that first character literal.
    args.push(shellQuote(value === '' ? `${name};` : `${name}:${/^[=@]/.test(value) ? '\\' : ''}${value}`));
  }
  const unset = ['User-Agent', 'Accept', 'Accept-Encoding', ...(body ? ['Content-Type'] : [])].filter(
    (name) => !hasHeader(kept, name.toLowerCase()),
  );
  if (unset.length > 0) args.push(unset.map((name) => shellQuote(`${name}:`)).join(' '));
  const comments = notes(request, 'HTTPie');
  if (unset.length > 0) comments.push(`${unset.join(', ')}: HTTPie's own, removed because the original request had none.`);
  if (fromFile) comments.push(`the body is binary: save it as ${request.bodyFileName} next to where this runs.`);
  const command = `http ${args.join(' \\\n  ')}${fromFile ? ` \\\n  < ${shellQuote(request.bodyFileName)}` : ''}`;
  return [...comments.map((line) => `# ${line}`), command].join('\n');
}
