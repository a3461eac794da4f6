// Measures the text of a page as a wall screen must show it: every piece of visible text at least `floorPx`
// tall, inside the viewport, inside its own box and every clipping ancestor (nothing cut off, nothing running
// into its neighbour), never shortened with an ellipsis. Runs in the browser (page.evaluate).
import type { Page } from 'playwright-core';

export interface TextProblem {
  text: string;
  problem: string;
}

export function findTextProblems(page: Page, rootSelector: string, floorPx: number): Promise<TextProblem[]> {
  return page.evaluate(
    ({ rootSelector, floorPx }) => {
      const TOLERANCE_PX = 1;
      const problems: { text: string; problem: string }[] = [];
      const root = document.querySelector(rootSelector);
      if (!root) return [{ text: rootSelector, problem: 'root not found' }];
      const inside = (r: DOMRect, box: DOMRect) =>
        r.left >= box.left - TOLERANCE_PX &&
        r.right <= box.right + TOLERANCE_PX &&
        r.top >= box.top - TOLERANCE_PX &&
        r.bottom <= box.bottom + TOLERANCE_PX;
      const hidden = (el: Element) =>
        el.closest('.sr-only') !== null || (el as HTMLElement).offsetParent === null;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const viewport = new DOMRect(0, 0, innerWidth, innerHeight);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? '';
        const parent = node.parentElement;
        if (!text || !parent || hidden(parent)) continue;
        const style = getComputedStyle(parent);
        const fontPx = parseFloat(style.fontSize);
        if (fontPx < floorPx - 0.5)
          problems.push({ text, problem: `font ${fontPx.toFixed(1)} px < ${floorPx}` });
        const range = document.createRange();
        range.selectNodeContents(node);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
        // The box the text lives in, and every ancestor that clips: the text must fit in each.
        const boxes: Element[] = [];
        for (let el: Element | null = parent; el && el !== document.body; el = el.parentElement) {
          const s = getComputedStyle(el);
          const isBox = s.display !== 'inline' && s.display !== 'contents';
          if ((isBox && boxes.length === 0) || s.overflowX !== 'visible' || s.overflowY !== 'visible') {
            boxes.push(el);
          }
          if (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + TOLERANCE_PX) {
            problems.push({ text, problem: 'shortened with an ellipsis' });
          }
        }
        for (const r of rects) {
          if (!inside(r, viewport)) problems.push({ text, problem: 'outside the screen' });
          for (const box of boxes) {
            if (!inside(r, box.getBoundingClientRect())) {
              problems.push({
                text,
                problem: `runs out of <${box.tagName.toLowerCase()} class="${box.className}">`,
              });
              break;
            }
          }
        }
      }
      // One line per problem and text is enough to read a failure.
      const seen = new Set<string>();
      return problems.filter((p) => {
        const key = `${p.text}|${p.problem}`;
        return seen.has(key) ? false : (seen.add(key), true);
      });
    },
    { rootSelector, floorPx },
  );
}

/**
 * Contrast of each element's text against the background it sits on, after a grayscale filter (what a
 * colour-blind operator, or a monochrome screen, sees): WCAG ratio from the luma of each colour.
 */
export function grayscaleContrasts(
  page: Page,
  selector: string,
): Promise<{ label: string; ratio: number }[]> {
  return page.evaluate((selector) => {
    const parse = (css: string): [number, number, number, number] => {
      const m = css.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const [r, g, b, a] = m[1]!
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [r!, g!, b!, a ?? 1];
    };
    const background = (el: Element | null): [number, number, number] => {
      for (let e = el; e; e = e.parentElement) {
        const [r, g, b, a] = parse(getComputedStyle(e).backgroundColor);
        if (a > 0.5) return [r, g, b];
      }
      return [255, 255, 255];
    };
    // grayscale(1) mixes the gamma-encoded channels with these weights (Filter Effects, feColorMatrix).
    const gray = ([r, g, b]: readonly number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    const luminance = (v: number) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return [...document.querySelectorAll(selector)].map((el) => {
      const fg = luminance(gray(parse(getComputedStyle(el).color)));
      const bg = luminance(gray(background(el)));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      return { label: `${el.className} "${el.textContent?.trim()}"`, ratio };
    });
  }, selector);
}
