/** A command line: the positional arguments and the `--flag value` / `--flag=value` options. */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string>;
}

/** Parses `argv`, refusing flags not in `known` so a typo fails loudly instead of being ignored. */
export function parseArgs(argv: readonly string[], known: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!known.includes(name)) throw new Error(`unknown option --${name} (options: ${known.map((k) => `--${k}`).join(", ")})`);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new Error(`--${name} needs a value`);
    flags[name] = value;
  }
  return { positionals, flags };
}
