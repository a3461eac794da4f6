// Exports of what a view shows: CSV of the data, PNG of a chart.
import type { ParameterDef } from '../../shared/dictionary';
import type { HistoryResponse } from '../../shared/protocol';
import { csvCell, type CsvValue } from '../../shared/csv';

export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The unit column of a parameter's values: a time's values are UTC milliseconds, like the time column's. */
export function csvUnit(parameter: Pick<ParameterDef, 'unit' | 'time'> | undefined): string {
  return parameter?.time ? 'ms since 1970-01-01 UTC' : (parameter?.unit ?? '');
}

/** One row per point of every series shown, time in ISO UTC, each value with its unit. */
export function historyCsv(
  responses: readonly HistoryResponse[],
  unitOf: (parameterId: string) => string,
): string {
  const rows: CsvValue[][] = [
    ['time_utc', 'time_ms', 'spacecraft', 'parameter', 'value', 'unit', 'min', 'max', 'samples', 'playback'],
  ];
  for (const res of responses) {
    for (const series of res.series) {
      for (const p of series.points) {
        // A string's value is its text; its code is no reading, and it has no minimum or maximum.
        const text = p.text !== undefined;
        rows.push([
          new Date(p.t).toISOString(),
          p.t,
          res.spacecraftId,
          series.parameterId,
          text ? p.text : p.v,
          unitOf(series.parameterId),
          text ? null : p.min,
          text ? null : p.max,
          p.n,
          p.playback === true,
        ]);
      }
    }
  }
  return toCsv(rows);
}

/** "20261125T1100Z": a UTC time that sorts and is safe in a file name on every system. */
export const fileTime = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/:\d{2}\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');

/** Parameters named in a file name; more than this are counted instead. */
const NAMED_PARAMETERS = 3;

/**
 * A file name that says what the file holds: "ortaq_kazeosat-1_eps.batt_voltage_20261125T1100Z-20261125T1200Z.csv".
 */
export function exportFileName(
  what: { spacecraft: readonly string[]; parameters: readonly string[]; fromMs: number; toMs: number },
  extension: 'csv' | 'png',
): string {
  const parameters =
    what.parameters.length > NAMED_PARAMETERS ? [`${what.parameters.length}-parameters`] : what.parameters;
  const name = [
    'ortaq',
    what.spacecraft.join('+'),
    parameters.join('+'),
    `${fileTime(what.fromMs)}-${fileTime(what.toMs)}`,
  ]
    .filter(Boolean)
    .join('_');
  return `${name.replace(/[^A-Za-z0-9._+-]/g, '-')}.${extension}`;
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
/** Lines written above an exported chart so the picture says what it shows on its own. */
export interface PngCaption {
  title: string;
  subtitle: string;
  color: string;
}

const CAPTION_HEIGHT = 44;

export async function svgToPng(svg: SVGSVGElement, background: string, caption?: PngCaption): Promise<Blob> {
  const { width, height: chartHeight } = svg.getBoundingClientRect();
  const top = caption ? CAPTION_HEIGHT : 0;
  const height = chartHeight + top;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(chartHeight));
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
  if (caption) {
    ctx.fillStyle = caption.color;
    ctx.font = 'bold 14px sans-serif';
    ctx.fillText(caption.title, 8, 18, width - 16);
    ctx.font = '12px sans-serif';
    ctx.fillText(caption.subtitle, 8, 36, width - 16);
  }
  ctx.drawImage(img, 0, top, width, chartHeight);
  return new Promise((resolveBlob, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolveBlob(blob) : reject(new Error('PNG encoding failed'))),
      'image/png',
    ),
  );
}
