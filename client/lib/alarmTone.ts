// The wall screen's audible alarm: a Web Audio tone that differs for yellow and red and repeats until
// every alarm is acknowledged (or the operator mutes it).

export type ToneLevel = 'yellow' | 'red';

/** Repeat period: red insists twice as often. */
export const TONE_PERIOD_MS: Record<ToneLevel, number> = { yellow: 6000, red: 3000 };

/** Notes of each pattern: frequency (Hz) and duration (s). Red is a high two-tone, yellow one low chime. */
export const TONE_PATTERN: Record<ToneLevel, { hz: number; s: number }[]> = {
  yellow: [{ hz: 523, s: 0.35 }],
  red: [
    { hz: 988, s: 0.18 },
    { hz: 740, s: 0.18 },
    { hz: 988, s: 0.18 },
    { hz: 740, s: 0.18 },
  ],
};

export function playTone(ctx: AudioContext, level: ToneLevel): void {
  let at = ctx.currentTime + 0.02;
  for (const note of TONE_PATTERN[level]) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = level === 'red' ? 'square' : 'sine';
    osc.frequency.value = note.hz;
    // A short attack and release avoid clicks.
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.15, at + 0.02);
    gain.gain.linearRampToValueAtTime(0, at + note.s);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + note.s + 0.02);
    at += note.s + 0.04;
  }
}
