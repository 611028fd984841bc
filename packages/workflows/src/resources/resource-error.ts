import { WeftError } from "../errors/errors.js";

/** A resource's factory (or its disposal) failed; the message names the resource. */
export class ResourceError extends WeftError {
  readonly resourceName: string;
  constructor(resourceName: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.resourceName = resourceName;
  }
}
