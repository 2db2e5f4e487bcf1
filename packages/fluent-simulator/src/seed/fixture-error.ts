/** A platform fixture that cannot be used; `problems` lists each one with its location in the file. */
export class FixtureError extends Error {
  readonly problems: string[];

  constructor(source: string, problems: string[]) {
    super(`Platform fixture ${source} is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'FixtureError';
    this.problems = problems;
  }
}
