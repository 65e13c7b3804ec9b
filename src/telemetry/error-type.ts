/**
 * A failure's low-cardinality kind, as OpenTelemetry's `error.type` wants it: the HTTP status when a response said
 * it (`"503"`), else the error's name (`"PyxisTimeoutError"`, `"PyxisNetworkError"`).
 */
export function errorTypeOf(error: unknown, status: number | undefined): string {
  const httpCode = status ?? (error as { httpCode?: unknown } | null)?.httpCode;
  if (typeof httpCode === 'number' && httpCode >= 400) return String(httpCode);
  if (error instanceof Error) return error.name;
  return '_OTHER';
}
