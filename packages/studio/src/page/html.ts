import { h } from "preact";
import htm from "htm";

/** JSX-like templates with no build step of their own: htm bound to Preact. */
export const html = htm.bind(h);
