/** How numbers read in human output (JSON output keeps full precision). */

export function days(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  return `${value.toFixed(1)} business days`;
}

/** A whole count with thousands separators: 1,000,000. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

export function probability(value: number): string {
  return value >= 0.001 ? value.toFixed(3) : value.toExponential(2);
}

/** A count with its noun, singular for one: "1 step", "3 steps", "1,000 deals". */
export function quantity(value: number, singular: string, plural = `${singular}s`): string {
  return `${count(value)} ${value === 1 ? singular : plural}`;
}
