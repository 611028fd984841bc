import { existsSync } from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"];

/**
 * The browser the Studio test drives: `WEFT_CHROMIUM`, else the first usual install found. None found is an error
 * that says what to install, never a skipped test.
 */
export function chromiumPath(): string {
  const chosen = process.env.WEFT_CHROMIUM ?? CANDIDATES.find((path) => existsSync(path));
  if (!chosen || !existsSync(chosen)) {
    throw new Error(
      `no Chromium found for the Studio browser test (looked at ${process.env.WEFT_CHROMIUM ?? CANDIDATES.join(", ")}): install Debian's chromium (.ci/install-system-deps does, as root) or set WEFT_CHROMIUM`,
    );
  }
  return chosen;
}
