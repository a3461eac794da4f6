import { useCallback, useEffect, useRef, useState } from 'react';
import { playTone, TONE_PERIOD_MS, type ToneLevel } from '../../lib/alarmTone';

/**
 * Plays the alarm tone of `level` every period until it becomes 'none' or `muted`. Browsers only let a page
 * make sound after a user gesture, so `enable` (a click) creates the audio context; `enabled` says if it did.
 */
export function useAlarmTone(level: ToneLevel | 'none', muted: boolean) {
  const ctxRef = useRef<AudioContext | null>(null);
  const [enabled, setEnabled] = useState(false);

  const enable = useCallback(() => {
    if (typeof AudioContext === 'undefined') return;
    ctxRef.current ??= new AudioContext();
    void ctxRef.current.resume().then(() => setEnabled(ctxRef.current?.state === 'running'));
  }, []);

  useEffect(() => {
    const ctx = ctxRef.current;
    if (!enabled || !ctx || muted || level === 'none') return;
    playTone(ctx, level);
    const timer = setInterval(() => playTone(ctx, level), TONE_PERIOD_MS[level]);
    return () => clearInterval(timer);
  }, [enabled, muted, level]);

  useEffect(() => () => void ctxRef.current?.close(), []);
  return { enabled, enable };
}
