// A world map (Natural Earth land at 1:110m, from world-atlas) with ground tracks, stations and their
// visibility circles drawn on top.
import type { GeometryObject, Topology } from 'topojson-specification';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import land110m from 'world-atlas/land-110m.json';
import {
  MAP_HEIGHT,
  MAP_WIDTH,
  placeLabels,
  polygonsPath,
  polylinePath,
  projectX,
  projectY,
  type LatLon,
} from '../lib/mapProjection';

let landPath: string | null = null;
/** The coastline path is built once per page: it never changes. */
function coastlines(): string {
  if (landPath === null) {
    const topology = land110m as unknown as Topology<{ land: GeometryObject }>;
    // world-atlas stores land as a collection of (multi)polygons.
    const land = feature(topology, topology.objects.land) as
      FeatureCollection<MultiPolygon | Polygon> | Feature<MultiPolygon | Polygon>;
    const features = land.type === 'FeatureCollection' ? land.features : [land];
    landPath = polygonsPath(
      features.flatMap(({ geometry: g }) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)),
    );
  }
  return landPath;
}

export interface MapStation extends LatLon {
  id: string;
  name: string;
  inContact: boolean;
  circle: LatLon[];
}

export function WorldMap({
  past,
  future,
  position,
  stations,
  label,
}: {
  past: LatLon[];
  future: LatLon[];
  position: LatLon | null;
  stations: MapStation[];
  label: string;
}) {
  const graticule = [];
  for (let lon = -150; lon <= 150; lon += 30) graticule.push(`M${projectX(lon)},0V${MAP_HEIGHT}`);
  for (let lat = -60; lat <= 60; lat += 30) graticule.push(`M0,${projectY(lat)}H${MAP_WIDTH}`);
  const byLatitude = [...stations].sort((a, b) => b.latDeg - a.latDeg);
  const labels = placeLabels(
    byLatitude.map((s) => ({ x: projectX(s.lonDeg), y: projectY(s.latDeg), text: s.name })),
  );
  return (
    <svg className="ground-map" viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} role="img" aria-label={label}>
      <path d={graticule.join('')} stroke="#1d3550" strokeWidth={0.6} fill="none" />
      <path d={coastlines()} fill="#1f3a2c" stroke="#3c6e55" strokeWidth={0.6} />
      {stations.map((s) => (
        <path
          key={`c${s.id}`}
          d={polylinePath(s.circle)}
          fill="none"
          stroke={s.inContact ? 'var(--green)' : '#8b98a9'}
          strokeWidth={s.inContact ? 1.6 : 0.9}
          strokeDasharray={s.inContact ? undefined : '4 3'}
        />
      ))}
      <path d={polylinePath(past)} fill="none" stroke="var(--series-live)" strokeWidth={1.4} opacity={0.55} />
      <path
        d={polylinePath(future)}
        fill="none"
        stroke="var(--series-live)"
        strokeWidth={1.8}
        strokeDasharray="6 4"
      />
      {byLatitude.map((s, i) => {
        const x = projectX(s.lonDeg);
        const y = projectY(s.latDeg);
        const label = labels[i]!;
        return (
          <g key={s.id}>
            <rect
              x={x - 3.5}
              y={y - 3.5}
              width={7}
              height={7}
              fill={s.inContact ? 'var(--green)' : '#e6edf3'}
            />
            {label.y > y ? (
              <line x1={x} y1={y} x2={label.x} y2={label.y - 3} stroke="#8b98a9" strokeWidth={0.6} />
            ) : null}
            <text
              x={label.x}
              y={label.y}
              fontSize={11}
              fill="#e6edf3"
              paintOrder="stroke"
              stroke="#0a1a2a"
              strokeWidth={3}
            >
              {s.inContact ? '◉ ' : ''}
              {s.name}
            </text>
          </g>
        );
      })}
      {position ? (
        <g transform={`translate(${projectX(position.lonDeg)} ${projectY(position.latDeg)})`}>
          <circle r={7} fill="none" stroke="#fff" strokeWidth={2} />
          <circle r={3} fill="var(--series-live)" />
        </g>
      ) : null}
    </svg>
  );
}
