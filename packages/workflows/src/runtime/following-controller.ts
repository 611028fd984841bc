/** An abort controller that `parent` aborts too (with its reason), and the way to stop following `parent`. */
export interface FollowingController {
  readonly controller: AbortController;
  /** Removes its listener from `parent`: a step's signal outlived by its run's must not leave one behind per step. */
  unfollow(): void;
}

export function followingController(parent: AbortSignal): FollowingController {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent.reason);
  parent.addEventListener("abort", onParentAbort, { once: true });
  const unfollow = () => parent.removeEventListener("abort", onParentAbort);
  // once it aborted itself it has nothing left to follow
  controller.signal.addEventListener("abort", unfollow, { once: true });
  return { controller, unfollow };
}
