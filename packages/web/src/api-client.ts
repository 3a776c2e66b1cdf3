/** An error body of the Ciclo API: `{ code, message, field?, problems? }`. */
export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
  problems?: { field?: string; row?: number; message: string }[];
  /** With `confirmation_required`: the edit checks' warnings, to correct or confirm. */
  warnings?: { check: string; field: string; message: string }[];
}

/** A refused request: the HTTP status and the API's own explanation. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }

  /** The message for one form field, from `field` or from the list of problems. */
  messageFor(field: string): string | undefined {
    // Fields of a change arrive as `changes.grade`, of a body as `grade`.
    const names = (name?: string) => name === field || name?.endsWith(`.${field}`) === true;
    if (names(this.body.field)) return this.body.message;
    return this.body.problems?.find((problem) => names(problem.field))?.message;
  }
}

/** The calls the application makes; every change carries the session's CSRF token. */
export interface ApiClient {
  get<T>(path: string): Promise<T>;
  send<T>(method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T>;
}

export interface ApiClientOptions {
  /** The CSRF token of the current session (from sign-in or GET /api/me). */
  csrfToken: () => string | undefined;
  /** Told of every answer, so the session bar can show when the session ends. */
  onAnswer: (status: number) => void;
}

/**
 * A client of the Ciclo API at `/api` of the page's own origin.
 *
 * @example
 * const api = createApiClient({ csrfToken: () => token, onAnswer: () => {} });
 * const page = await api.get<Page<Subject>>("/subjects?limit=50");
 */
export function createApiClient({ csrfToken, onAnswer }: ApiClientOptions): ApiClient {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    const token = csrfToken();
    if (method !== "GET" && token) headers["x-csrf-token"] = token;
    const response = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    onAnswer(response.status);
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      throw new ApiFailure(
        response.status,
        parsed ?? { code: "http_error", message: `the server answered ${response.status}` },
      );
    }
    return parsed as T;
  };
  return {
    get: (path) => call("GET", path),
    send: (method, path, body) => call(method, path, body),
  };
}
