// Geographic coordinates in decimal degrees (WGS 84): latitude within ±90, longitude within ±180. A
// point locates a person precisely (under 500 m) when both parts have at least three decimals
// (0.001° of latitude is about 111 m).

/** Decimal places of a number written in decimal notation. */
export function decimals(text: string): number {
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

/** True for a latitude/longitude pair in range, not the null island, each precise to ≥ 3 decimals. */
export function isPreciseCoordinate(lat: string, lng: string): boolean {
  const a = Number(lat);
  const b = Number(lng);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  if (Math.abs(a) > 90 || Math.abs(b) > 180 || (a === 0 && b === 0)) return false;
  return decimals(lat) >= 3 && decimals(lng) >= 3;
}
