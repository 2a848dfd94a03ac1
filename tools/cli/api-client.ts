export interface ClientOptions {
  intakeUrl: string;
  reporterUrl: string;
  applierUrl?: string;
  apiKey?: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(describe(status, body));
    this.name = 'ApiError';
  }
}

function describe(status: number, body: unknown): string {
  const message = (body as { message?: unknown })?.message;
  const lines = Array.isArray(message) ? message.map(String) : message ? [String(message)] : [JSON.stringify(body)];
  return `HTTP ${status}: ${lines.join('; ')}`;
}

/** The operator API of patch-intake and reporter, with the API key on every request. */
export class ApiClient {
  constructor(private readonly options: ClientOptions) {}

  intake<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.request<T>(this.options.intakeUrl, method, path, body);
  }

  reporter<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.request<T>(this.options.reporterUrl, method, path, body);
  }

  applier<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.request<T>(this.options.applierUrl ?? 'http://127.0.0.1:3005', method, path, body);
  }

  async reporterText(path: string): Promise<string> {
    const response = await fetch(new URL(path, this.options.reporterUrl), { headers: this.headers() });
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, safeJson(text));
    return text;
  }

  private async request<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, base), {
        method,
        headers: { ...this.headers(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new Error(`cannot reach ${base} (${(error as Error).cause ?? (error as Error).message}); is the platform running (npm start)?`);
    }
    const text = await response.text();
    const parsed = safeJson(text);
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed as T;
  }

  private headers(): Record<string, string> {
    return this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {};
  }
}

function safeJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
