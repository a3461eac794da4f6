// On-board computer: uptime, CPU load and the watchdog. A runaway task (the reboot-loop fault) saturates the
// CPU until the watchdog reboots the computer; after three such reboots the OBC stays in safe mode, where the
// faulty task is not started.
import { OBC_MODE, SEVERITY, relax, type ObcState, type OnboardEvent } from './state';
import type { Random } from './random';

export interface ObcInput {
  dtS: number;
  timeMs: number;
  eclipse: boolean;
  imaging: boolean;
  downlinking: boolean;
  /** Seconds since the reboot-loop fault was injected, if it is. */
  rebootFaultAgeS?: number;
}

const BOOT_S = 60;
/** Seconds of saturated CPU before the watchdog bites. */
const WATCHDOG_S = 30;
/** The runaway task adds CPU load this fast once the computer is up. */
const RUNAWAY_PERCENT_PER_S = 0.5;
const REBOOTS_BEFORE_SAFE = 3;

function cpuLoad(obc: ObcState, input: ObcInput, random: Random): number {
  const base = 22 + (input.imaging ? 12 : 0) + (input.downlinking ? 8 : 0) + 1.5 * random.gaussian();
  if (obc.mode === OBC_MODE.BOOT) return 60 + 5 * random.gaussian();
  if (input.rebootFaultAgeS === undefined || obc.mode === OBC_MODE.SAFE) return base;
  const upS = Math.min(input.rebootFaultAgeS, (input.timeMs - obc.bootMs) / 1000 - BOOT_S);
  return base + RUNAWAY_PERCENT_PER_S * Math.max(0, upS);
}

export function stepObc(
  obc: ObcState,
  input: ObcInput,
  random: Random,
): { obc: ObcState; events: OnboardEvent[]; rebooted: boolean } {
  const t = input.timeMs;
  const events: OnboardEvent[] = [];
  const cpuLoadPercent = Math.min(100, Math.max(0, cpuLoad(obc, input, random)));
  const saturatedS = cpuLoadPercent >= 99 ? obc.saturatedS + input.dtS : 0;
  const faultReboots = input.rebootFaultAgeS === undefined ? 0 : obc.faultReboots;
  const tempC = relax(obc.tempC, 20 + 0.12 * cpuLoadPercent + (input.eclipse ? -4 : 3), input.dtS, 1200);
  let next: ObcState = { ...obc, cpuLoadPercent, saturatedS, faultReboots, tempC };

  if (saturatedS >= WATCHDOG_S) {
    next = {
      ...next,
      mode: OBC_MODE.BOOT,
      bootMs: t,
      rebootCount: obc.rebootCount + 1,
      saturatedS: 0,
      faultReboots: faultReboots + 1,
    };
    events.push({ timeMs: t, name: 'OBC_REBOOT', severity: SEVERITY.WARNING, arg: next.rebootCount });
  } else if (obc.mode === OBC_MODE.BOOT && (t - obc.bootMs) / 1000 >= BOOT_S) {
    next = { ...next, mode: faultReboots >= REBOOTS_BEFORE_SAFE ? OBC_MODE.SAFE : OBC_MODE.NOMINAL };
  } else if (obc.mode === OBC_MODE.SAFE && input.rebootFaultAgeS === undefined) {
    next = { ...next, mode: OBC_MODE.NOMINAL };
  }
  if (next.mode !== obc.mode) {
    const severity = next.mode === OBC_MODE.SAFE ? SEVERITY.CRITICAL : SEVERITY.INFO;
    events.push({ timeMs: t, name: 'OBC_MODE_CHANGE', severity, arg: next.mode });
    if (next.mode === OBC_MODE.SAFE)
      events.push({ timeMs: t, name: 'SAFE_MODE_ENTRY', severity, arg: next.mode });
  }
  return { obc: next, events, rebooted: next.mode === OBC_MODE.BOOT && obc.mode !== OBC_MODE.BOOT };
}
