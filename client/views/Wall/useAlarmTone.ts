import { useCallback, useEffect, useRef, useState } from 'react';
import { playTone, TONE_PERIOD_MS, type ToneLevel } from '../../lib/alarmTone';
import { useOrtaq } from '../../store';

/** What the sound can do now: off (never enabled here), on, or wanted but waiting for the browser to allow. */
export type ToneState = 'off' | 'on' | 'blocked';

const GESTURES = ['pointerdown', 'keydown', 'touchstart'] as const;

/**
 * Plays the alarm tone of `level` every period until it becomes 'none' or `muted`. Browsers let a page make
 * sound only after a user gesture (unless the kiosk's browser is started to allow it), so `enable` (a click)
 * creates the audio context. The choice persists: after a reload the tone comes back on by itself where the
 * browser allows, or at the first touch or key press where it does not.
 */
export function useAlarmTone(level: ToneLevel | 'none', muted: boolean) {
  const ctxRef = useRef<AudioContext | null>(null);
  const wanted = useOrtaq((s) => s.soundEnabled);
  const setWanted = useOrtaq((s) => s.setSoundEnabled);
  const [running, setRunning] = useState(false);

  const resume = useCallback(() => {
    if (typeof AudioContext === 'undefined') return;
    ctxRef.current ??= new AudioContext();
    void ctxRef.current.resume().then(
      () => setRunning(ctxRef.current?.state === 'running'),
      () => setRunning(false),
    );
  }, []);

  const enable = useCallback(() => {
    setWanted(true);
    resume();
  }, [resume, setWanted]);

  useEffect(() => {
    if (!wanted || running) return;
    resume();
    const onGesture = () => resume();
    for (const g of GESTURES) window.addEventListener(g, onGesture, { passive: true });
    return () => {
      for (const g of GESTURES) window.removeEventListener(g, onGesture);
    };
  }, [wanted, running, resume]);

  useEffect(() => {
    const ctx = ctxRef.current;
    if (!running || !ctx || muted || level === 'none') return;
    playTone(ctx, level);
    const timer = setInterval(() => playTone(ctx, level), TONE_PERIOD_MS[level]);
    return () => clearInterval(timer);
  }, [running, muted, level]);

  useEffect(() => () => void ctxRef.current?.close(), []);
  const state: ToneState = running ? 'on' : wanted ? 'blocked' : 'off';
  return { state, enable };
}
