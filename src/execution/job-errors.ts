// Errors of the async and batch execution contexts, named and numbered as python-arango's, so that ported code
// that catches them keeps working.

/** The base of the job errors: `errorCode` is 404 (no such job) or 204 (not done yet), as python-arango's. */
export class JobError extends Error {
  override name = 'JobError';
  readonly errorCode: number;

  constructor(message: string, errorCode: number) {
    super(message);
    this.errorCode = errorCode;
  }
}

export class AsyncJobStatusError extends JobError {
  override name = 'AsyncJobStatusError';
}
export class AsyncJobResultError extends JobError {
  override name = 'AsyncJobResultError';
}
export class AsyncJobCancelError extends JobError {
  override name = 'AsyncJobCancelError';
}
export class AsyncJobClearError extends JobError {
  override name = 'AsyncJobClearError';
}
export class AsyncJobListError extends JobError {
  override name = 'AsyncJobListError';
}

/** `result()` of a batch job before its batch was committed. */
export class BatchJobResultError extends Error {
  override name = 'BatchJobResultError';
}

/** A call or a commit on a batch that was already committed. */
export class BatchStateError extends Error {
  override name = 'BatchStateError';
}

export const NOT_FOUND = 404;
export const NOT_DONE = 204;
