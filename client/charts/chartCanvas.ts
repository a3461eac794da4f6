// Paints a chart scene on a 2D canvas. Takes only the few context calls it uses (ChartCanvas), so tests can
// hand it a recording fake: happy-dom has no canvas.
import { HEADER_ROW_Y, markerGlyph, type ChartScene } from './chartScene';

export type ChartCanvas = Pick<
  CanvasRenderingContext2D,
  | 'setTransform'
  | 'clearRect'
  | 'fillRect'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
  | 'fill'
  | 'arc'
  | 'rect'
  | 'clip'
  | 'save'
  | 'restore'
  | 'fillText'
  | 'measureText'
  | 'setLineDash'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'lineJoin'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
>;

/** The dashboard's colours, read from its CSS variables so the canvas matches the rest of the theme. */
export interface ChartTheme {
  text: string;
  axis: string;
  grid: string;
  panel: string;
  border: string;
  live: string;
  playback: string;
  yellow: string;
  red: string;
  yellowBand: string;
  redBand: string;
  markerInfo: string;
  annotation: string;
  annotationBand: string;
  selectionBand: string;
  font: string;
}

const THEME_VARIABLES: Record<Exclude<keyof ChartTheme, 'font'>, [string, string]> = {
  text: ['--text', '#e6edf3'],
  axis: ['--axis', '#8b98a9'],
  grid: ['--grid', '#263041'],
  panel: ['--panel', '#161b22'],
  border: ['--border', '#30363d'],
  live: ['--series-live', '#58a6ff'],
  playback: ['--series-playback', '#d2a8ff'],
  yellow: ['--yellow', '#e3b341'],
  red: ['--red', '#f85149'],
  yellowBand: ['--yellow-band', 'rgba(227, 179, 65, 0.16)'],
  redBand: ['--red-band', 'rgba(248, 81, 73, 0.18)'],
  markerInfo: ['--marker-info', '#8b98a9'],
  annotation: ['--annotation', '#56d4bc'],
  annotationBand: ['--annotation-band', 'rgba(86, 212, 188, 0.16)'],
  selectionBand: ['--selection-band', 'rgba(88, 166, 255, 0.3)'],
};

/** Tick labels: a size that reads from a few metres, as the SVG charts did at 11 px. */
const FONT_PX = 12;

export function readChartTheme(element: Element): ChartTheme {
  const style = getComputedStyle(element);
  const entries = Object.entries(THEME_VARIABLES).map(([key, [name, fallback]]) => [
    key,
    style.getPropertyValue(name).trim() || fallback,
  ]);
  const family = style.fontFamily || 'system-ui, sans-serif';
  return { ...(Object.fromEntries(entries) as Omit<ChartTheme, 'font'>), font: `${FONT_PX}px ${family}` };
}

/** What is laid over the data: a notice (stale, no data) and the hover read-out. */
export interface ChartOverlay {
  notice: { text: string; tone: 'stale' | 'empty' } | null;
  /** The crosshair's read-out; `y` is the sample it points at, null over a stretch without data. */
  hover: { x: number; y: number | null; label: string } | null;
}

/** Side of the annotation's pen square, CSS px. */
const PEN_PX = 14;

/** A crisp 1 px line sits on half pixels. */
const crisp = (v: number) => Math.round(v) + 0.5;

/** `text`, shortened with an ellipsis until it fits `maxWidth` (long state names beside a narrow axis). */
export function fitText(ctx: Pick<ChartCanvas, 'measureText'>, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let end = text.length - 1;
  while (end > 1 && ctx.measureText(`${text.slice(0, end)}…`).width > maxWidth) end -= 1;
  return `${text.slice(0, end)}…`;
}

function drawBands(ctx: ChartCanvas, scene: ChartScene, theme: ChartTheme): void {
  const { plot } = scene;
  for (const band of scene.bands) {
    ctx.fillStyle = band.level === 'red' ? theme.redBand : theme.yellowBand;
    ctx.fillRect(plot.left, band.top, plot.width, band.bottom - band.top);
  }
  ctx.lineWidth = 1;
  for (const line of scene.limitLines) {
    // Red limits solid, yellow dashed: the two differ by more than hue.
    ctx.setLineDash(line.level === 'red' ? [] : [6, 4]);
    ctx.strokeStyle = line.level === 'red' ? theme.red : theme.yellow;
    ctx.beginPath();
    ctx.moveTo(plot.left, crisp(line.y));
    ctx.lineTo(plot.left + plot.width, crisp(line.y));
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

/** Grid lines go under the bands and limits, so a limit on a tick stays visible. */
function drawGrid(ctx: ChartCanvas, scene: ChartScene, theme: ChartTheme): void {
  const { plot } = scene;
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.grid;
  ctx.beginPath();
  for (const tick of scene.yTicks) {
    ctx.moveTo(plot.left, crisp(tick.at));
    ctx.lineTo(plot.left + plot.width, crisp(tick.at));
  }
  ctx.stroke();
}

function drawAxes(ctx: ChartCanvas, scene: ChartScene, theme: ChartTheme, unit: string): void {
  const { plot } = scene;
  const bottom = plot.top + plot.height;
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.axis;
  ctx.beginPath();
  ctx.moveTo(crisp(plot.left), plot.top);
  ctx.lineTo(crisp(plot.left), bottom);
  ctx.moveTo(plot.left, crisp(bottom));
  ctx.lineTo(plot.left + plot.width, crisp(bottom));
  for (const tick of scene.xTicks) {
    ctx.moveTo(crisp(tick.at), bottom);
    ctx.lineTo(crisp(tick.at), bottom + 4);
  }
  ctx.stroke();
  ctx.font = theme.font;
  ctx.fillStyle = theme.axis;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const tick of scene.yTicks)
    ctx.fillText(fitText(ctx, tick.label, plot.left - 10), plot.left - 6, tick.at);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const tick of scene.xTicks) {
    // Keep the first and last labels inside the canvas rather than cut at its edge.
    const half = ctx.measureText(tick.label).width / 2;
    ctx.fillText(tick.label, Math.min(Math.max(tick.at, half + 1), scene.width - half - 1), bottom + 5);
  }
  if (unit) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(unit, plot.left - 6, HEADER_ROW_Y);
  }
}

function drawLines(ctx: ChartCanvas, scene: ChartScene, theme: ChartTheme): void {
  const { plot } = scene;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  ctx.lineWidth = 1.5;
  ctx.lineJoin = 'round';
  for (const line of scene.lines) {
    ctx.strokeStyle = line.playback ? theme.playback : theme.live;
    ctx.setLineDash(line.playback ? [4, 3] : []);
    ctx.beginPath();
    ctx.moveTo(line.xs[0]!, line.ys[0]!);
    for (let i = 1; i < line.xs.length; i++) {
      if (scene.step) ctx.lineTo(line.xs[i]!, line.ys[i - 1]!);
      ctx.lineTo(line.xs[i]!, line.ys[i]!);
    }
    ctx.stroke();
    // A lone sample has no segment to stroke; a dot shows it is there.
    if (line.xs.length === 1) {
      ctx.fillStyle = ctx.strokeStyle;
      ctx.beginPath();
      ctx.arc(line.xs[0]!, line.ys[0]!, 2, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  ctx.restore();
  ctx.setLineDash([]);
}

/** Logged ranges: a shaded band edged in the annotation colour, with the pen of the Investigate charts. */
function drawAnnotations(ctx: ChartCanvas, scene: ChartScene, theme: ChartTheme): void {
  const { plot } = scene;
  ctx.lineWidth = 1;
  ctx.font = theme.font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const band of scene.annotations) {
    ctx.fillStyle = theme.annotationBand;
    ctx.fillRect(band.left, plot.top, band.right - band.left, plot.height);
    ctx.strokeStyle = theme.annotation;
    ctx.beginPath();
    ctx.moveTo(crisp(band.left), plot.top);
    ctx.lineTo(crisp(band.left), plot.top + plot.height);
    ctx.moveTo(crisp(band.right), plot.top);
    ctx.lineTo(crisp(band.right), plot.top + plot.height);
    ctx.stroke();
    ctx.fillStyle = theme.annotation;
    ctx.fillRect(band.left + 2, plot.top + 2, PEN_PX, PEN_PX);
    ctx.fillStyle = theme.panel;
    ctx.fillText('✎', band.left + 2 + PEN_PX / 2, plot.top + 2 + PEN_PX / 2);
  }
}

/** Alarm onsets: a dashed line in the alarm's colour with the Investigate charts' glyph at its top. */
function drawMarkers(ctx: ChartCanvas, scene: ChartScene, theme: ChartTheme): void {
  const { plot } = scene;
  ctx.lineWidth = 1;
  ctx.setLineDash([2, 2]);
  ctx.font = theme.font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const marker of scene.markers) {
    const colour =
      marker.severity === 'critical'
        ? theme.red
        : marker.severity === 'warning'
          ? theme.yellow
          : theme.markerInfo;
    ctx.strokeStyle = colour;
    ctx.beginPath();
    ctx.moveTo(crisp(marker.x), plot.top);
    ctx.lineTo(crisp(marker.x), plot.top + plot.height);
    ctx.stroke();
    ctx.fillStyle = colour;
    ctx.fillText(markerGlyph(marker.severity), marker.x, plot.top + 1);
  }
  ctx.setLineDash([]);
}

function drawSelection(ctx: ChartCanvas, scene: ChartScene, theme: ChartTheme): void {
  if (!scene.selection) return;
  const { plot } = scene;
  ctx.fillStyle = theme.selectionBand;
  ctx.fillRect(scene.selection.left, plot.top, scene.selection.right - scene.selection.left, plot.height);
}

function drawNotice(ctx: ChartCanvas, scene: ChartScene, theme: ChartTheme, overlay: ChartOverlay): void {
  const { notice } = overlay;
  if (!notice) return;
  const { plot } = scene;
  ctx.font = theme.font;
  ctx.textBaseline = 'middle';
  if (notice.tone === 'empty') {
    ctx.fillStyle = theme.axis;
    ctx.textAlign = 'center';
    ctx.fillText(notice.text, plot.left + plot.width / 2, plot.top + plot.height / 2);
  } else {
    ctx.fillStyle = theme.yellow;
    ctx.textAlign = 'right';
    ctx.fillText(notice.text, plot.left + plot.width, HEADER_ROW_Y);
  }
}

function drawHover(ctx: ChartCanvas, scene: ChartScene, theme: ChartTheme, overlay: ChartOverlay): void {
  const { hover } = overlay;
  if (!hover) return;
  const { plot } = scene;
  ctx.strokeStyle = theme.text;
  ctx.lineWidth = 1;
  ctx.setLineDash([2, 3]);
  ctx.beginPath();
  ctx.moveTo(crisp(hover.x), plot.top);
  ctx.lineTo(crisp(hover.x), plot.top + plot.height);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = theme.text;
  if (hover.y !== null) {
    ctx.beginPath();
    ctx.arc(hover.x, hover.y, 3, 0, 2 * Math.PI);
    ctx.fill();
  }
  // The read-out sits in the header row, beside the crosshair but never past the canvas edges.
  ctx.font = theme.font;
  const label = fitText(ctx, hover.label, scene.width - 10);
  const textWidth = ctx.measureText(label).width;
  const boxWidth = textWidth + 10;
  const left = Math.min(Math.max(plot.left, hover.x - boxWidth / 2), scene.width - boxWidth);
  ctx.fillStyle = theme.panel;
  ctx.fillRect(left, 0, boxWidth, 2 * HEADER_ROW_Y);
  ctx.strokeStyle = theme.border;
  ctx.beginPath();
  ctx.rect(crisp(left), 0.5, Math.round(boxWidth), 2 * HEADER_ROW_Y - 1);
  ctx.stroke();
  ctx.fillStyle = theme.text;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(label, left + 5, HEADER_ROW_Y);
}

/** Clears and paints the whole chart; `pixelRatio` maps CSS pixels onto the canvas's device pixels. */
export function drawChart(
  ctx: ChartCanvas,
  scene: ChartScene,
  theme: ChartTheme,
  options: { pixelRatio: number; unit: string; overlay: ChartOverlay },
): void {
  ctx.setTransform(options.pixelRatio, 0, 0, options.pixelRatio, 0, 0);
  ctx.clearRect(0, 0, scene.width, scene.height);
  drawGrid(ctx, scene, theme);
  drawBands(ctx, scene, theme);
  drawAnnotations(ctx, scene, theme);
  drawAxes(ctx, scene, theme, options.unit);
  drawLines(ctx, scene, theme);
  drawMarkers(ctx, scene, theme);
  drawSelection(ctx, scene, theme);
  drawNotice(ctx, scene, theme, options.overlay);
  drawHover(ctx, scene, theme, options.overlay);
}
