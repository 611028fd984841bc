/** One message is bigger than the chat-history share of the token budget, so it could never be shown. */
export class MessageTooLargeError extends Error {
  override readonly name = "MessageTooLargeError";
  constructor(
    readonly tokens: number,
    readonly maxTokens: number,
    readonly where: string,
  ) {
    super(
      `${where} has ${tokens} tokens, more than the ${maxTokens} tokens the chat history may use ` +
        `(tokenLimit × chatHistoryTokenRatio); split it or raise tokenLimit`,
    );
  }
}
