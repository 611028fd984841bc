import type { Sample } from "../measure/measure.js";

/** 3 significant digits, with thousands separators for big numbers. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** "wall (cpu …)" with a unit. */
export function timed(s: Sample, unit: string): string {
  return `${num(s.wallMs)} ${unit} (cpu ${num(s.cpuMs)})`;
}

export function kb(bytes: number): string {
  return `${num(bytes / 1024)} KB`;
}

/** A ratio, or "—" when it has no meaning (nothing measurable to divide by). */
export function times(ratio: number): string {
  return Number.isFinite(ratio) && ratio > 0 ? `${num(ratio)}×` : "—";
}

/** A count: 2,000 not 2.00e3. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}
