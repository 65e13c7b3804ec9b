// What a typed mock resolver may answer besides data: Pyxis' own `error { status detail }` on the field.

/** Pyxis' answer that it could not serve the field, e.g. a 404 for a missing repository. */
export class PyxisFieldError {
  readonly status: number;
  readonly detail: string;

  constructor(status: number, detail: string) {
    this.status = status;
    this.detail = detail;
  }
}

/** Pyxis' 404: `getRepositoryByPath` then resolves to null. */
export function notFound(detail = 'Not found'): PyxisFieldError {
  return new PyxisFieldError(404, detail);
}

/** Any other Pyxis field error (the client raises a PyxisRequestError with this status and detail). */
export function pyxisError(status: number, detail: string): PyxisFieldError {
  return new PyxisFieldError(status, detail);
}
