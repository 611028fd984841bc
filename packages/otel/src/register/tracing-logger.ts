/** The logging `registerTracing` needs; a pino logger fits as is. */
export interface TracingLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}

/** Default logger: one plain line on standard error, so a misconfigured backend is noticed. */
export const stderrLogger: TracingLogger = {
  warn: (details, message) => process.stderr.write(`[@weft/otel] ${message} ${JSON.stringify(details)}\n`),
  info: (details, message) => process.stderr.write(`[@weft/otel] ${message} ${JSON.stringify(details)}\n`),
};
