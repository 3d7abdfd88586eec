/** A small argv reader for the CLI: `--flag`, `--name value`, positionals. */
export class Args {
  private readonly rest: string[];

  constructor(argv: readonly string[]) {
    this.rest = [...argv];
  }

  flag(name: string): boolean {
    const i = this.rest.indexOf(`--${name}`);
    if (i < 0) return false;
    this.rest.splice(i, 1);
    return true;
  }

  value(name: string): string | undefined {
    const i = this.rest.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const v = this.rest[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
    this.rest.splice(i, 2);
    return v;
  }

  positionals(): string[] {
    const unknown = this.rest.find(a => a.startsWith('--'));
    if (unknown) throw new Error(`unknown option ${unknown}`);
    return this.rest;
  }
}
