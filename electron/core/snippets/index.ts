import type { Snippets } from '../../shared/snippets.js';
import { curlCommand } from './curl.js';
import { fetchCode } from './fetch.js';
import { httpieCommand } from './httpie.js';
import { inlineBody, type SnippetRequest } from './request.js';

export type { SnippetRequest } from './request.js';

/**
 * The three snippets for one request; `bodyFile` is present when the body does not go inline,
 * naming the file the commands read and where the API offers its bytes.
 */
export function snippetsFor(request: SnippetRequest, bodyUrl: string): Snippets {
  const binary = request.body.length > 0 && inlineBody(request.body) === undefined;
  return {
    curl: curlCommand(request),
    fetch: fetchCode(request),
    httpie: httpieCommand(request),
    ...(binary ? { bodyFile: { name: request.bodyFileName, url: bodyUrl } } : {}),
  };
}
