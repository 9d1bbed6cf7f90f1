/** An answer from the bridge whose HTTP status the caller did not accept. */
export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

type GetJsonOptions = {
  signal?: AbortSignal;
  /** Statuses besides 2xx whose JSON body is still a meaningful answer. */
  acceptStatuses?: readonly number[];
};

/**
 * The one way the dashboard reads from the bridge. Paths are relative to the page's origin,
 * because the bridge serves the dashboard itself.
 */
export async function getJson<T>(path: string, options: GetJsonOptions = {}): Promise<T> {
  const { signal, acceptStatuses = [] } = options;
  const response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok && !acceptStatuses.includes(response.status)) {
    throw new ApiError(response.status, `GET ${path} answered HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}
