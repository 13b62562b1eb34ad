import { ERROR_STATUS, type ErrorCode } from './error-codes.js';

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

interface AppErrorOptions {
  /** RFC 9457 extension members, such as `errors` for validation failures. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
  /** Instead of the code's own status, where the contract says so; the route lists it as an `ErrorAt`. */
  readonly status?: number;
}

/** An expected failure with a stable code; the error handler renders it as problem+json. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    options: AppErrorOptions = {},
  ) {
    super(detail, { cause: options.cause });
    this.status = options.status ?? ERROR_STATUS[code];
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}
