// Equirectangular projection for the ground-track map: simple, honest about longitude, and lines of
// constant latitude stay straight, which is how operators read ground tracks.

export interface LatLon {
  latDeg: number;
  lonDeg: number;
}

export const MAP_WIDTH = 1000;
export const MAP_HEIGHT = 500;

export const projectX = (lonDeg: number) => ((lonDeg + 180) / 360) * MAP_WIDTH;
export const projectY = (latDeg: number) => ((90 - latDeg) / 180) * MAP_HEIGHT;

/**
 * Splits a lat/lon polyline where it crosses the antimeridian (a jump of more than 180° of longitude), so
 * the map does not draw a line across the whole world.
 */
export function splitAtAntimeridian<P extends LatLon>(points: readonly P[]): P[][] {
  const segments: P[][] = [];
  let current: P[] = [];
  for (const p of points) {
    const prev = current[current.length - 1];
    if (prev && Math.abs(p.lonDeg - prev.lonDeg) > 180) {
      segments.push(current);
      current = [];
    }
    current.push(p);
  }
  if (current.length) segments.push(current);
  return segments;
}

/** SVG path data of a polyline, split at the antimeridian. */
export function polylinePath(points: readonly LatLon[]): string {
  return splitAtAntimeridian(points)
    .filter((seg) => seg.length > 1)
    .map(
      (seg) =>
        `M${seg.map((p) => `${projectX(p.lonDeg).toFixed(1)},${projectY(p.latDeg).toFixed(1)}`).join('L')}`,
    )
    .join('');
}

type Ring = number[][];

/** Makes a ring's longitudes continuous (no ±360° jumps), so a polygon across the antimeridian stays whole. */
function unwrap(ring: Ring): Ring {
  const out: Ring = [];
  let offset = 0;
  let prev: number | null = null;
  for (const [lon, lat] of ring) {
    if (prev !== null && lon! + offset - prev > 180) offset -= 360;
    else if (prev !== null && lon! + offset - prev < -180) offset += 360;
    prev = lon! + offset;
    out.push([prev, lat!]);
  }
  return out;
}

const ringPath = (ring: Ring, shift: number) =>
  `M${ring.map(([lon, lat]) => `${projectX(lon! + shift).toFixed(1)},${projectY(lat!).toFixed(1)}`).join('L')}Z`;

/**
 * SVG path data of GeoJSON polygons ([lon, lat] rings). Rings that cross the antimeridian (Chukotka, Fiji)
 * are unwrapped and drawn again one world-width over; the map's edge clips them.
 */
export function polygonsPath(polygons: readonly (readonly Ring[])[]): string {
  let d = '';
  for (const polygon of polygons) {
    for (const raw of polygon) {
      const ring = unwrap(raw);
      d += ringPath(ring, 0);
      const lons = ring.map(([lon]) => lon!);
      // The Antarctic ring spans the whole world already; only partial rings need their other copy.
      if (Math.max(...lons) - Math.min(...lons) >= 359) continue;
      if (Math.max(...lons) > 180) d += ringPath(ring, -360);
      if (Math.min(...lons) < -180) d += ringPath(ring, 360);
    }
  }
  return d;
}

export interface LabelBox {
  x: number;
  y: number;
}

/**
 * Places labels of close points (the Central Asian stations sit within a few degrees) so they do not
 * overlap: each label goes right of its point and steps down until it is clear of the ones placed before.
 */
export function placeLabels(
  points: readonly { x: number; y: number; text: string }[],
  lineHeight = 12,
  charWidth = 6.2,
) {
  const placed: { x: number; y: number; w: number }[] = [];
  return points.map((p) => {
    const w = p.text.length * charWidth;
    let y = p.y - 5;
    const overlaps = () =>
      placed.some((b) => Math.abs(b.y - y) < lineHeight && p.x + 6 < b.x + b.w && b.x < p.x + 6 + w);
    while (overlaps()) y += lineHeight;
    placed.push({ x: p.x + 6, y, w });
    return { x: p.x + 6, y } satisfies LabelBox;
  });
}
