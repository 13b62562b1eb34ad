/** A configuration value that does not parse: `message` is one line naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
