// A 2D canvas that records what is drawn on it: happy-dom has no canvas, and what a chart paints is asserted
// through these calls (which strokes, in which colour and dash, which text).
import type { ChartCanvas } from '../../client/charts/chartCanvas';

export interface CanvasCall {
  op: string;
  args: unknown[];
  strokeStyle: string;
  fillStyle: string;
  lineDash: number[];
}

/** Text is taken as 7 px a character, about right for 12 px sans. */
export const FAKE_CHAR_WIDTH_PX = 7;

export class RecordingCanvas implements ChartCanvas {
  readonly calls: CanvasCall[] = [];
  fillStyle: ChartCanvas['fillStyle'] = '#000';
  strokeStyle: ChartCanvas['strokeStyle'] = '#000';
  lineWidth = 1;
  lineJoin: CanvasLineJoin = 'miter';
  font = '10px sans-serif';
  textAlign: CanvasTextAlign = 'start';
  textBaseline: CanvasTextBaseline = 'alphabetic';
  private dash: number[] = [];

  private record(op: string, args: unknown[]): void {
    this.calls.push({
      op,
      args,
      strokeStyle: String(this.strokeStyle),
      fillStyle: String(this.fillStyle),
      lineDash: this.dash,
    });
  }

  setTransform(...args: unknown[]): void {
    this.record('setTransform', args);
  }
  clearRect(...args: unknown[]): void {
    this.record('clearRect', args);
  }
  fillRect(...args: unknown[]): void {
    this.record('fillRect', args);
  }
  beginPath(): void {
    this.record('beginPath', []);
  }
  moveTo(...args: unknown[]): void {
    this.record('moveTo', args);
  }
  lineTo(...args: unknown[]): void {
    this.record('lineTo', args);
  }
  stroke(): void {
    this.record('stroke', []);
  }
  fill(): void {
    this.record('fill', []);
  }
  arc(...args: unknown[]): void {
    this.record('arc', args);
  }
  rect(...args: unknown[]): void {
    this.record('rect', args);
  }
  clip(): void {
    this.record('clip', []);
  }
  save(): void {
    this.record('save', []);
  }
  restore(): void {
    this.record('restore', []);
  }
  fillText(...args: unknown[]): void {
    this.record('fillText', args);
  }
  setLineDash(segments: number[]): void {
    this.dash = [...segments];
  }
  measureText(text: string): TextMetrics {
    return { width: text.length * FAKE_CHAR_WIDTH_PX } as TextMetrics;
  }

  /** Every text drawn, in order. */
  texts(): string[] {
    return this.calls.filter((c) => c.op === 'fillText').map((c) => String(c.args[0]));
  }

  /** The paths stroked in `colour`, each as the number of lineTo segments it had. */
  strokedPaths(colour: string): { segments: number; lineDash: number[] }[] {
    const paths: { segments: number; lineDash: number[] }[] = [];
    let segments = 0;
    for (const call of this.calls) {
      if (call.op === 'beginPath') segments = 0;
      else if (call.op === 'lineTo') segments += 1;
      else if (call.op === 'stroke' && call.strokeStyle === colour) {
        paths.push({ segments, lineDash: call.lineDash });
      }
    }
    return paths;
  }

  reset(): void {
    this.calls.length = 0;
  }
}
