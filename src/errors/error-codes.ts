/**
 * Every error code the API answers with, and the HTTP status it carries. A route may answer a code at
 * another status where the contract says so; its table row names it as an `ErrorAt` (src/routes/route-spec.ts).
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  HTTPS_REQUIRED: 400,
  OAUTH_STATE_MISMATCH: 400,
  INVALID_OAUTH_CODE: 400,
  INVALID_VERIFICATION_TOKEN: 400,
  INVALID_RESET_TOKEN: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_REFRESH_TOKEN: 401,
  REFRESH_TOKEN_REUSED: 401,
  OAUTH_DENIED: 401,
  // Sessions and cookie delivery (#15).
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  OAUTH_NOT_CONFIGURED: 404,
  METHOD_NOT_ALLOWED: 405,
  EMAIL_TAKEN: 409,
  EMAIL_ALREADY_VERIFIED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  MAIL_NOT_CONFIGURED: 503,
  // Authorization and account self-service.
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  EMAIL_NOT_VERIFIED: 403,
  LAST_SIGN_IN_METHOD: 409,
  LAST_ADMIN: 409,
  INVALID_EMAIL_CHANGE_TOKEN: 400,
  REAUTHENTICATION_REQUIRED: 401,
  // Second factors.
  INVALID_MFA_CODE: 400,
  INVALID_MFA_TOKEN: 401,
  INVALID_PASSKEY: 401,
  MFA_REQUIRED: 403,
  MFA_ALREADY_ENABLED: 409,
  PASSKEY_LIMIT: 409,
  MFA_NOT_CONFIGURED: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A code a route answers at another status than its own, where the contract says so (a passkey refused at registration is a 400). */
export interface ErrorAt {
  readonly code: ErrorCode;
  readonly status: number;
}
