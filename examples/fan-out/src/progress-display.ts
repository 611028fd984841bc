import type { Writable } from "node:stream";

export interface ProgressUpdate {
  index: number;
  phase: "started" | "finished";
  worker: number;
}

const WIDTH = 20;

/**
 * One line that redraws itself on a terminal (`[██████░░░░] 6/10 done · running #7 #8 #9`); elsewhere (a pipe, a
 * CI log) one line per finished item, so the output stays readable.
 */
export class ProgressDisplay {
  private readonly running = new Map<number, number>();
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly out: Writable & { isTTY?: boolean },
  ) {}

  update(ev: ProgressUpdate): void {
    if (ev.phase === "started") this.running.set(ev.index, ev.worker);
    else {
      this.running.delete(ev.index);
      this.done += 1;
    }
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${this.line()}`);
    else if (ev.phase === "finished") this.out.write(`  ✓ #${ev.index + 1} (worker ${ev.worker}) — ${this.done}/${this.total} done\n`);
  }

  line(): string {
    const filled = Math.round((this.done / this.total) * WIDTH);
    const bar = "█".repeat(filled) + "░".repeat(WIDTH - filled);
    const running = [...this.running.keys()].sort((a, b) => a - b).map((i) => `#${i + 1}`);
    return `[${bar}] ${this.done}/${this.total} done${running.length ? ` · running ${running.join(" ")}` : ""}`;
  }

  end(): void {
    if (this.out.isTTY) this.out.write("\n");
  }
}
