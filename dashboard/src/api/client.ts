// The one way the dashboard talks to the platform: the public REST API through the gateway, on
// the dashboard's own origin, with the signed-in user's bearer token. Errors become ApiError
// carrying the platform's message ({"error": code, "detail": {"message", "context"}}), so every
// screen can show what went wrong instead of a blank page.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly context?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

type Query = Record<string, string | number | boolean | null | undefined | (string | number)[]>;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A JSON body. */
  json?: unknown;
  /** A form body (application/x-www-form-urlencoded), as the token endpoint takes. */
  form?: Record<string, string>;
  query?: Query;
  headers?: Record<string, string>;
  /** Return the raw Response (for CSV and iCalendar downloads). */
  raw?: boolean;
  signal?: AbortSignal;
}

// The refresh token lives in sessionStorage (this tab only, gone when it closes) so that a
// reload keeps the officer signed in; the access token only in memory.
const REFRESH_KEY = "peelian.refresh";
// Refresh this long before the access token expires.
const REFRESH_MARGIN_MS = 30_000;

let accessToken: string | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | null = null;
const signedOutListeners = new Set<() => void>();

export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export function hasSession(): boolean {
  return accessToken !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
}

function store(tokens: Tokens): void {
  accessToken = tokens.access_token;
  sessionStorage.setItem(REFRESH_KEY, tokens.refresh_token);
  clearTimeout(refreshTimer);
  const delay = Math.max(tokens.expires_in * 1000 - REFRESH_MARGIN_MS, 5_000);
  refreshTimer = setTimeout(() => void refresh(), delay);
}

function forget(): void {
  accessToken = null;
  sessionStorage.removeItem(REFRESH_KEY);
  clearTimeout(refreshTimer);
}

async function tokenRequest(form: Record<string, string>): Promise<Tokens> {
  return (await request("/auth/token", { method: "POST", form }, false)) as Tokens;
}

export async function signIn(username: string, password: string): Promise<void> {
  store(await tokenRequest({ grant_type: "password", username, password }));
}

/** Silent refresh: a new access token (and refresh token) from the stored refresh token.
 * Concurrent callers share one request: a refresh token is single-use. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const token = sessionStorage.getItem(REFRESH_KEY);
    if (token === null) return false;
    try {
      store(await tokenRequest({ grant_type: "refresh_token", refresh_token: token }));
      return true;
    } catch (error) {
      // Only a refused refresh token ends the session; a rate limit (429), an outage or a
      // lost connection leaves it, to be tried again.
      if (error instanceof ApiError && (error.status === 400 || error.status === 401)) {
        forget();
        signedOutListeners.forEach((listener) => listener());
      }
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function signOut(): Promise<void> {
  const token = sessionStorage.getItem(REFRESH_KEY);
  forget();
  if (token !== null) {
    // Revokes the sign-in; if the network is down the refresh token still expires on its own.
    await request("/auth/logout", { method: "POST", form: { refresh_token: token } }, false).catch(
      () => undefined,
    );
  }
  signedOutListeners.forEach((listener) => listener());
}

export function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined || value === "") continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, String(item));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function errorOf(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = `${response.status} ${response.statusText || "error"}`;
  let context: unknown;
  try {
    const body = (await response.json()) as { error?: string; detail?: unknown };
    code = body.error ?? code;
    const detail = body.detail as
      | { message?: string; context?: unknown; errors?: { loc: (string | number)[]; msg: string }[] }
      | string
      | undefined;
    if (typeof detail === "string") message = detail;
    else if (detail?.message) {
      message = detail.message;
      context = detail.context ?? detail.errors;
      // A validation error names each field and what is wrong with it (loc[0] is "body"/"query").
      if (detail.errors?.length) {
        message += `: ${detail.errors.map((e) => `${e.loc.slice(1).join(".") || e.loc.join(".")}: ${e.msg}`).join("; ")}`;
      }
    }
  } catch {
    // Not the platform's JSON (a proxy's error page): keep the status line.
  }
  if (response.status === 429) {
    const after = response.headers.get("Retry-After");
    if (after) message = `${message} (try again in ${after} s)`;
  }
  return new ApiError(response.status, code, message, context);
}

async function request(path: string, options: RequestOptions, authorised: boolean): Promise<unknown> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    body = new URLSearchParams(options.form);
  }
  const send = () => {
    if (authorised && accessToken !== null) headers.Authorization = `Bearer ${accessToken}`;
    return fetch(url(path, options.query), {
      method: options.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      body,
      signal: options.signal,
      credentials: "same-origin",
    });
  };
  let response: Response;
  try {
    response = await send();
    // An expired access token (a laptop woken from sleep): refresh once and try again.
    if (response.status === 401 && authorised && (await refresh())) response = await send();
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", "The platform cannot be reached: check your connection.");
  }
  if (!response.ok) throw await errorOf(response);
  if (options.raw) return response;
  if (response.status === 204) return undefined;
  return response.json();
}

/** Call the platform API as the signed-in user. */
export function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return request(path, options, true) as Promise<T>;
}

/** Download a file answer (CSV, iCalendar) as the signed-in user, and save it. */
export async function download(path: string, filename: string, query?: Query): Promise<void> {
  const response = (await request(path, { raw: true, query, headers: { Accept: "*/*" } }, true)) as Response;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** A page of a list endpoint: the platform's keyset pagination. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
