// Exports of what a view shows: CSV of the data, PNG of a chart.
import type { HistoryResponse } from '../../shared/protocol';

function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** One row per point of every series shown, time in ISO UTC. */
export function historyCsv(responses: readonly HistoryResponse[]): string {
  const rows: (string | number | boolean)[][] = [
    ['time_utc', 'time_ms', 'spacecraft', 'parameter', 'value', 'min', 'max', 'samples', 'playback'],
  ];
  for (const res of responses) {
    for (const series of res.series) {
      for (const p of series.points) {
        rows.push([
          new Date(p.t).toISOString(),
          p.t,
          res.spacecraftId,
          series.parameterId,
          p.v,
          p.min,
          p.max,
          p.n,
          p.playback === true,
        ]);
      }
    }
  }
  return toCsv(rows);
}

export function download(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Serializes a chart's SVG and paints it on a canvas. The chart colours are CSS variables, which a detached
 * SVG image cannot see, so they are resolved to their values first.
 */
export async function svgToPng(svg: SVGSVGElement, background: string): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const rootStyle = getComputedStyle(document.documentElement);
  const resolve = (value: string) =>
    value.replace(
      /var\((--[\w-]+)\)/g,
      (_, name: string) => rootStyle.getPropertyValue(name).trim() || 'currentColor',
    );
  for (const el of [clone, ...clone.querySelectorAll('*')]) {
    for (const attr of ['fill', 'stroke', 'style']) {
      const v = el.getAttribute(attr);
      if (v?.includes('var(')) el.setAttribute(attr, resolve(v));
    }
  }
  const text = new XMLSerializer().serializeToString(clone);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await img.decode();
  const scale = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(img, 0, 0, width, height);
  return new Promise((resolveBlob, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolveBlob(blob) : reject(new Error('PNG encoding failed'))),
      'image/png',
    ),
  );
}
