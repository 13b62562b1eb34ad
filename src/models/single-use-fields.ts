/** The schema fields of a single-use secret: its hash (a database leak yields no usable secret), its expiry, when it was spent. */
export const singleUseFields = {
  tokenHash: { type: String, required: true, unique: true },
  // The TTL index only tidies up (MongoDB runs it about once a minute): spending checks expiry itself.
  expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  spentAt: { type: Date, default: null },
} as const;
