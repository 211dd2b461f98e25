/** The client-facing model names, in config order, for /v1/models and early 404s. */
export class ModelDirectory {
  private readonly names: ReadonlySet<string>;

  constructor(
    names: readonly string[],
    readonly createdAt: number,
  ) {
    this.names = new Set(names);
  }

  has(model: string): boolean {
    return this.names.has(model);
  }

  list(): string[] {
    return [...this.names];
  }
}
