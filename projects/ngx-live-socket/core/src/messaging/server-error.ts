/** The text of a server's error envelope: its `message`, or the whole payload as JSON. */
export function describeServerError(payload: unknown): string {
  const message = (payload as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : JSON.stringify(payload ?? null);
}
