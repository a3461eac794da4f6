// Tick choice for chart axes: round values an operator reads at a glance, few enough that labels never touch.

const TICK_STEPS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800,
  604_800,
].map((s) => s * 1000);

/**
 * Time-axis ticks on round UTC multiples (10 s, 5 min, 6 h, 1 d …), at most `maxTicks` of them, so the
 * labels of a live window do not dance as it slides.
 */
export function timeTicks(fromMs: number, toMs: number, maxTicks: number): number[] {
  const span = toMs - fromMs;
  if (!(span > 0) || maxTicks < 1) return [];
  const step = TICK_STEPS_MS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks);
  const ticks: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) ticks.push(t);
  return ticks;
}

/** How a time tick reads for a window this long: the date only past a day and a half, seconds below 3 h. */
export const timeTickFormat = (spanMs: number) => ({
  date: spanMs > 36 * 3600_000,
  seconds: spanMs < 3 * 3600_000,
  // An axis says "UTC" once, not under every tick.
  mark: false,
});

/** Steps of 1, 2, 2.5 and 5 times a power of ten: the values people count in. */
const NICE_MANTISSAS = [1, 2, 2.5, 5, 10];

/** The smallest round step that covers `span` in at most `maxTicks` intervals. */
export function niceStep(span: number, maxTicks: number): number {
  const raw = span / Math.max(1, maxTicks);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const mantissa = NICE_MANTISSAS.find((m) => m * power >= raw * (1 - 1e-9)) ?? 10;
  return mantissa * power;
}

/**
 * Value-axis ticks: multiples of a round step inside [min, max], at most `maxTicks` + 1 of them, with the
 * fraction digits that tell neighbours apart. Each tick is rounded to those digits so 0.1 + 0.2 never shows as
 * 0.30000000000000004.
 */
export function valueTicks(min: number, max: number, maxTicks: number): { ticks: number[]; digits: number } {
  if (!(max > min) || maxTicks < 1) return { ticks: [], digits: 0 };
  const step = niceStep(max - min, maxTicks);
  const digits = stepDigits(step);
  const ticks: number[] = [];
  for (let i = Math.ceil(min / step); i * step <= max + step * 1e-9; i++) {
    ticks.push(Number((i * step).toFixed(digits)));
  }
  return { ticks, digits };
}

/** Fraction digits that tell neighbouring ticks `step` apart: 0.25 → 2, 5 → 0, 0.001 → 3. */
export function stepDigits(step: number): number {
  for (let digits = 0; digits < 10; digits++) {
    const scaled = step * 10 ** digits;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return digits;
  }
  return 10;
}
