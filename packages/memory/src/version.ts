/** Kept in step with package.json; reported as the tracer's version. */
export const VERSION = "0.1.0";
