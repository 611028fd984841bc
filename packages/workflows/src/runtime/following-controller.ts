/** An abort controller that `parent` aborts too (with its reason); it lets go of `parent` once it aborted itself. */
export function followingController(parent: AbortSignal): AbortController {
  const ctl = new AbortController();
  const onParentAbort = () => ctl.abort(parent.reason);
  parent.addEventListener("abort", onParentAbort, { once: true });
  ctl.signal.addEventListener("abort", () => parent.removeEventListener("abort", onParentAbort), { once: true });
  return ctl;
}
