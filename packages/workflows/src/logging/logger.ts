/** The part of a pino logger Weft uses; a pino instance fits as it is. */
export interface Logger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}
