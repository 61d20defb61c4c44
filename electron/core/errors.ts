/** An error a user can meet: its status, a stable code, and a message saying what to do. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string, id: string) =>
  new HttpError(404, `${what}_not_found`, `No ${what} with id "${id}". List them with GET /api/${what}s.`);
