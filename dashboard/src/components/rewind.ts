// GeoJSON (RFC 7946) winds a polygon's outer ring anticlockwise; d3-geo, on the sphere, reads
// an anticlockwise ring as everything *but* the polygon, so the platform's areas would fill the
// whole map. These turn outer rings clockwise and holes anticlockwise, as d3 expects, and leave
// rings already wound that way alone (so applying it twice changes nothing).
type Ring = GeoJSON.Position[];

/** Twice the ring's signed area on the plane of longitude and latitude: > 0 when anticlockwise. */
function signedArea(ring: Ring): number {
  let sum = 0;
  ring.slice(1).forEach(([x2 = 0, y2 = 0], i) => {
    const [x1 = 0, y1 = 0] = ring[i] ?? [];
    sum += x1 * y2 - x2 * y1;
  });
  return sum;
}

function polygon(rings: Ring[]): Ring[] {
  return rings.map((ring, i) => {
    const outer = i === 0;
    const anticlockwise = signedArea(ring) > 0;
    return outer === anticlockwise ? [...ring].reverse() : ring;
  });
}

export function rewindForD3(geometry: GeoJSON.Geometry): GeoJSON.Geometry {
  if (geometry.type === "Polygon") return { ...geometry, coordinates: polygon(geometry.coordinates) };
  if (geometry.type === "MultiPolygon") return { ...geometry, coordinates: geometry.coordinates.map(polygon) };
  return geometry;
}
