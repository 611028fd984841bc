import { expect } from "vitest";
import { LLMError } from "../../src/index.js";

/** What `promise` rejected with, checked to be an `LLMError` (fails the test when it resolved). */
export async function failure(promise: Promise<unknown>): Promise<LLMError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LLMError);
  return error as LLMError;
}
