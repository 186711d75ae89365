// The browser's clock: meetings are asked for and shown on it, and the officer's schedule is
// written on it (the service keeps each entry's zone, so it stays right across clock changes).

export const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const pad = (n: number) => String(n).padStart(2, "0");

/** A local date as YYYY-MM-DD, `days` after today. */
export function isoDay(days = 0, from = new Date()): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const dayHeading = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long" });
const dayShort = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric" });
const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });

export const formatDay = (iso: string) => dayHeading.format(new Date(iso));
export const formatShortDay = (iso: string) => dayShort.format(new Date(iso));
export const formatClock = (iso: string) => time.format(new Date(iso));

/** "10:00:00" → "10:00". */
export const wallClock = (t: string) => t.slice(0, 5);

/** Whether an instant is a midnight on the browser's clock (exceptions of whole days). */
export function isMidnight(iso: string): boolean {
  const d = new Date(iso);
  return d.getHours() === 0 && d.getMinutes() === 0;
}

/** A date without a time ("2026-11-23", as schedules' first and last days are) on the browser's
 * calendar: parsed as a local date, not as midnight UTC. */
export function formatPlainDate(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return dayShort.format(new Date(y ?? 0, (m ?? 1) - 1, d ?? 1));
}
