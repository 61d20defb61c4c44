import { forwardedHeaders, hasHeader } from './headers.js';
import { shellQuote } from './quote.js';
import { splitUrl } from './target.js';
import { inlineBody, notes, type SnippetRequest } from './request.js';

/**
 * A bash command that sends the request byte for byte with curl. curl adds headers of its own
 * (User-Agent, Accept, a form Content-Type for a body, Expect for a large one); each the request
 * did not have is switched off with an empty `-H 'Name:'`, so the receiver sees what was captured.
 */
export function curlCommand(request: SnippetRequest): string {
  const { kept } = forwardedHeaders(request.headers);
  const body = request.body.length > 0;
  const inline = body ? inlineBody(request.body) : undefined;
  // One line per option: a flag and its value stay together.
  const args: string[] = [];
  const first: string[] = [request.method === 'HEAD' ? '--head' : `-X ${shellQuote(request.method)}`];
  const pathname = splitUrl(request.url).path.split('?', 1)[0]!;
  // curl would squash /./ and /../ and expand [] {} as URL globs.
  if (/\/\.\.?(\/|$)/.test(pathname)) first.push('--path-as-is');
  if (/[[\]{}]/.test(request.url)) first.push('--globoff');
  first.push(shellQuote(request.url));
  args.push(first.join(' '));

  for (const [name, value] of kept) {
    // `Name;` is curl's way to send a header with an empty value (`Name:` removes it).
    args.push(`-H ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`);
  }
  const unset = ['User-Agent', 'Accept', ...(body ? ['Content-Type'] : [])].filter((name) => !hasHeader(kept, name.toLowerCase()));
  if (body) unset.push('Expect');
  if (unset.length > 0) args.push(unset.map((name) => `-H ${shellQuote(`${name}:`)}`).join(' '));

  if (body) args.push(`--data-binary ${shellQuote(inline !== undefined ? inline : `@${request.bodyFileName}`)}`);

  const comments = notes(request, 'curl');
  if (unset.length > 0) comments.push(`${unset.join(', ')}: curl's own, switched off because the original request had none.`);
  if (body && inline === undefined) comments.push(`the body is binary: save it as ${request.bodyFileName} next to where this runs.`);
  return [...comments.map((line) => `# ${line}`), `curl ${args.join(' \\\n  ')}`].join('\n');
}
