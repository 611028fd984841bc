/**
 * Imports an optional peer dependency, only when the feature that needs it is used. When it is not installed, the
 * error names the package and the command that installs it, instead of Node's bare "Cannot find package".
 */
export async function loadOptional<T>(name: string, neededFor: string, load: () => Promise<unknown>): Promise<T> {
  try {
    return (await load()) as T;
  } catch (error) {
    const code = (error as { code?: string } | null)?.code;
    const missing = (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && String((error as Error).message).includes(`'${name}'`);
    if (missing) {
      throw new Error(`${neededFor} needs the "${name}" package, which is not installed: npm install ${name}`, { cause: error });
    }
    throw error;
  }
}
