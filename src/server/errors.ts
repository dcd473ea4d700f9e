/** The API's one error shape: `{ error: { code, message, details? } }`, with its HTTP status. */

export type ErrorStatus = 400 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** Thrown by handlers; app.ts turns it into a JSON response with `status`. */
export class ApiError extends Error {
  readonly status: ErrorStatus;
  readonly code: string;
  readonly details?: unknown;
  constructor(status: ErrorStatus, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** Every error code the API uses, for the OpenAPI description. */
export const ERROR_CODES = {
  bad_request: "the request is malformed (query or body fields of the wrong type or out of range)",
  bad_json: "the body is not valid JSON",
  bad_encoding: "the body is not valid UTF-8",
  body_too_large: "the body is larger than the limit",
  invalid_scenario: "the scenario has errors; details.errors lists them with line, column and path",
  not_found: "no such route or file",
  method_not_allowed: "the path exists but not with this method; the Allow header lists the methods",
  run_not_found: "no run with that id (never started, or evicted from memory when runs are kept in memory)",
  run_not_finished: "the run has not finished yet",
  run_failed: "the run failed; it has no results",
  queue_full: "too many runs are queued; try again later",
  internal: "an unexpected error in the server",
} as const;

/** Why a run failed, in RunInfo.error.code. */
export const RUN_ERROR_CODES = {
  simulation_failed: "the simulation threw an error",
  cancelled: "the server shut down before the run finished",
  store_failed: "the run finished but its results could not be stored",
  results_missing: "the run finished, but its results are no longer in the results store",
} as const;
