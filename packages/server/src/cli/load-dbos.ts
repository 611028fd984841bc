/** `@weft/dbos`, loaded only by the commands that run on DBOS, so `weft serve` and `weft dev` never load DBOS otherwise. */
export async function loadDBOS(command: string): Promise<typeof import("@weft/dbos")> {
  return import("@weft/dbos").catch((error: unknown) => {
    throw new Error(`${command} needs @weft/dbos (npm install @weft/dbos): ${error instanceof Error ? error.message : String(error)}`);
  });
}

/** The `--store` of a command on DBOS: a PostgreSQL URL, since DBOS keeps runs in PostgreSQL. */
export function postgresStore(store: string | undefined): string {
  if (store === undefined || !/^postgres(ql)?:\/\//i.test(store)) {
    throw new Error(`--store must be a postgres:// URL: DBOS keeps runs in PostgreSQL (got ${store === undefined ? "none" : JSON.stringify(store)})`);
  }
  return store;
}
