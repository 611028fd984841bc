/** A run used up its `maxTurns` model turns without an answer: usually a model that keeps calling tools. */
export class MaxTurnsError extends Error {
  override readonly name = "MaxTurnsError";

  constructor(
    readonly workflow: string,
    readonly agent: string,
    readonly maxTurns: number,
  ) {
    super(
      `Agent workflow "${workflow}": agent "${agent}" reached maxTurns (${maxTurns}) without a final answer; ` +
        "the model kept calling tools. Raise maxTurns if the task needs more turns.",
    );
  }
}
