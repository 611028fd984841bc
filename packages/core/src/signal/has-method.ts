/** Whether `value` (an object or a function) has a method under `key`, own or inherited. */
export function hasMethod(value: unknown, key: PropertyKey): boolean {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  return typeof (value as Record<PropertyKey, unknown>)[key] === "function";
}
