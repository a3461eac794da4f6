// Payload downlink and mass memory. Imaging fills the memory; during a contact the onboard schedule points
// the X-band transmitter at the best station in view and drains the memory at the rate the link allows.
import type { StationDef } from '../../../shared/dictionary/types';
import type { Environment, StationView } from './environment';
import { downlinkRateBps } from './link';
import { SEVERITY, TX_STATE, relax, type CommsState, type OnboardEvent } from './state';

export interface CommsInput {
  dtS: number;
  env: Environment;
  stations: ReadonlyMap<string, StationDef>;
  /** 1-based index of each station in the dictionary: the value of comms.downlink_station. */
  stationIndex: ReadonlyMap<string, number>;
  storageBytes: number;
  /** Bytes the imager produced during the step. */
  imagedBytes: number;
  /** Seconds since the transmitter-failure fault was injected, if it is. */
  txFaultAgeS?: number;
  /** The OBC is up and commanding (not booting). */
  obcUp: boolean;
  /**
   * The transmitter is dead (the `silent` fault): nothing goes out, telemetry included, and the recorded
   * housekeeping says so (state FAULT), which is how a silent pass is told apart from a deaf station later.
   */
  silenced?: boolean;
}

/** A downlink session that ended during the step. */
export interface CompletedDownlink {
  stationId: string;
  bytes: number;
  endMs: number;
}

/** A failing power amplifier overheats within a couple of minutes of transmitting and trips at 62 °C. */
const TX_TRIP_C = 62;

function chooseStation(
  current: string | null,
  inView: StationView[],
  input: CommsInput,
): StationView | undefined {
  const kept = inView.find((view) => view.stationId === current);
  if (kept) return kept;
  const rate = (view: StationView) => input.stations.get(view.stationId)?.maxDownlinkBps ?? 0;
  return [...inView].sort((a, b) => rate(b) - rate(a) || b.look.elevationDeg - a.look.elevationDeg)[0];
}

function txTemperature(comms: CommsState, transmitting: boolean, input: CommsInput): number {
  if (!transmitting) return relax(comms.txTempC, 12, input.dtS, 600);
  if (input.txFaultAgeS !== undefined) return relax(comms.txTempC, 95, input.dtS, 150);
  return relax(comms.txTempC, 36, input.dtS, 400);
}

/** Transmitter state and temperature: on towards a station in view, tripped by an overheating amplifier. */
function stepTransmitter(
  comms: CommsState,
  target: StationView | undefined,
  input: CommsInput,
  events: OnboardEvent[],
) {
  let tx = comms.tx;
  if (input.silenced) {
    if (tx !== TX_STATE.FAULT)
      events.push({
        timeMs: input.env.timeMs,
        name: 'TX_FAULT',
        severity: SEVERITY.CRITICAL,
        arg: comms.txTempC,
      });
    return { tx: TX_STATE.FAULT, txTempC: txTemperature(comms, false, input) };
  }
  if (input.txFaultAgeS === undefined && tx === TX_STATE.FAULT) tx = TX_STATE.OFF;
  if (tx !== TX_STATE.FAULT) tx = target ? TX_STATE.ON : TX_STATE.OFF;
  const txTempC = txTemperature(comms, tx === TX_STATE.ON, input);
  if (tx === TX_STATE.ON && txTempC > TX_TRIP_C) {
    tx = TX_STATE.FAULT;
    events.push({ timeMs: input.env.timeMs, name: 'TX_FAULT', severity: SEVERITY.CRITICAL, arg: txTempC });
  }
  return { tx, txTempC };
}

/** Closes the session with the previous station and opens one with the new, with their events. */
function switchSession(
  comms: CommsState,
  stationId: string | null,
  input: CommsInput,
  events: OnboardEvent[],
) {
  const timeMs = input.env.timeMs;
  if (stationId === comms.downlinkStation) return { passBytes: comms.passBytes, completed: undefined };
  let completed: CompletedDownlink | undefined;
  if (comms.downlinkStation) {
    completed = { stationId: comms.downlinkStation, bytes: comms.passBytes, endMs: timeMs };
    events.push({ timeMs, name: 'DOWNLINK_END', severity: SEVERITY.INFO, arg: comms.passBytes / 1e6 });
  }
  if (stationId) {
    const arg = input.stationIndex.get(stationId) ?? 0;
    events.push({ timeMs, name: 'DOWNLINK_START', severity: SEVERITY.INFO, arg });
  }
  return { passBytes: 0, completed };
}

export function stepComms(
  comms: CommsState,
  input: CommsInput,
): { comms: CommsState; events: OnboardEvent[]; completed?: CompletedDownlink } {
  const events: OnboardEvent[] = [];
  const inView = input.env.stations.filter((view) => view.inContact);
  const target = input.obcUp ? chooseStation(comms.downlinkStation, inView, input) : undefined;
  const { tx, txTempC } = stepTransmitter(comms, target, input, events);
  const stationId = tx === TX_STATE.ON && target ? target.stationId : null;
  const { passBytes, completed } = switchSession(comms, stationId, input, events);

  const station = stationId ? input.stations.get(stationId) : undefined;
  const linkBps =
    station && target ? downlinkRateBps(station.maxDownlinkBps, target.look, input.env.geodetic.altKm) : 0;
  const filled = Math.min(input.storageBytes, comms.storedBytes + input.imagedBytes);
  if (filled >= input.storageBytes && comms.storedBytes < input.storageBytes) {
    events.push({ timeMs: input.env.timeMs, name: 'STORAGE_FULL', severity: SEVERITY.WARNING, arg: 100 });
  }
  const sentBytes = Math.min(filled, (linkBps / 8) * input.dtS);
  return {
    comms: {
      tx,
      downlinkBps: sentBytes > 0 ? linkBps : 0,
      downlinkStation: stationId,
      storedBytes: filled - sentBytes,
      bytesDownlinkedSinceBoot: comms.bytesDownlinkedSinceBoot + sentBytes,
      passBytes: passBytes + sentBytes,
      txTempC,
    },
    events,
    completed,
  };
}
