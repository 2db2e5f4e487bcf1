/** A configuration value the server cannot start with; the message names the variable (or file) and the fix. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
