/** The one clock seam for the accountability rules: today's date as the service counts days (UTC). */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
