// Scenario keys are snake_case; the model, design and analysis layers take
// camelCase. Both directions are mechanical and exact for the names in use
// (a test checks that every ProDERM parameter name round-trips).

/** effectCdasiA -> effect_cdasi_a; dropoutWeek16To40 -> dropout_week16_to40. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** effect_cdasi_a -> effectCdasiA. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
