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

export function stepComms(
  comms: CommsState,
  input: CommsInput,
): { comms: CommsState; events: OnboardEvent[]; completed?: CompletedDownlink } {
  const t = input.env.timeMs;
  const events: OnboardEvent[] = [];
  const inView = input.env.stations.filter((view) => view.inContact);
  const target = input.obcUp ? chooseStation(comms.downlinkStation, inView, input) : undefined;
  let tx = comms.tx;
  if (input.txFaultAgeS === undefined && tx === TX_STATE.FAULT) tx = TX_STATE.OFF;
  if (tx !== TX_STATE.FAULT) tx = target ? TX_STATE.ON : TX_STATE.OFF;
  const txTempC = txTemperature(comms, tx === TX_STATE.ON, input);
  if (tx === TX_STATE.ON && txTempC > TX_TRIP_C) {
    tx = TX_STATE.FAULT;
    events.push({ timeMs: t, name: 'TX_FAULT', severity: SEVERITY.CRITICAL, arg: txTempC });
  }
  const stationId = tx === TX_STATE.ON && target ? target.stationId : null;

  let completed: CompletedDownlink | undefined;
  let passBytes = comms.passBytes;
  if (comms.downlinkStation && comms.downlinkStation !== stationId) {
    completed = { stationId: comms.downlinkStation, bytes: passBytes, endMs: t };
    events.push({ timeMs: t, name: 'DOWNLINK_END', severity: SEVERITY.INFO, arg: passBytes / 1e6 });
    passBytes = 0;
  }
  if (stationId && stationId !== comms.downlinkStation) {
    events.push({
      timeMs: t,
      name: 'DOWNLINK_START',
      severity: SEVERITY.INFO,
      arg: input.stationIndex.get(stationId) ?? 0,
    });
  }

  const station = stationId ? input.stations.get(stationId) : undefined;
  const linkBps =
    station && target ? downlinkRateBps(station.maxDownlinkBps, target.look, input.env.geodetic.altKm) : 0;
  const filled = Math.min(input.storageBytes, comms.storedBytes + input.imagedBytes);
  if (filled >= input.storageBytes && comms.storedBytes < input.storageBytes) {
    events.push({ timeMs: t, name: 'STORAGE_FULL', severity: SEVERITY.WARNING, arg: 100 });
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
