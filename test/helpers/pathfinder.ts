// The fixture mission of two packet sets (test/fixtures/mission/pathfinder): Ortaq-1 on Ortaq's packets and
// Pathfinder-1 on its own XTCE, with the constructs Ortaq's packets do not use. Frames of Pathfinder-1 are
// built with the encoder generated from that XTCE, as the simulator builds them.
import path from 'node:path';
import { VC_PLAYBACK, VC_REALTIME } from '../../shared/codec';
import { missionFrameEncoder } from '../../shared/mission/frameEncoder';
import { requireMission } from '../../server/mission/folder';
import { epochMs } from '../../shared/units';

export const PATHFINDER_DIR = path.resolve(import.meta.dirname, '../fixtures/mission/pathfinder');
export const PATHFINDER = 'pathfinder-1';
export const PATHFINDER_APID = 256;
/** The packet's parameters in order. */
export const PF = {
  tank: 'thermal.tank_temp',
  mode: 'payload.lidar_mode',
  heater: 'eps.heater_current',
  laser: 'payload.laser_temp',
  shunt: 'eps.shunt_voltage',
} as const;
export const LIDAR = { OFF: 0, STANDBY: 1, SCAN: 2, FAULT: 3 } as const;

export const PATHFINDER_MISSION = requireMission(PATHFINDER_DIR);
const encoder = missionFrameEncoder(PATHFINDER_MISSION);

export const NOMINAL_PF: Record<string, number> = {
  [PF.tank]: 20,
  [PF.mode]: LIDAR.STANDBY,
  [PF.heater]: 1,
  [PF.laser]: 20,
  [PF.shunt]: 28,
};

/** A Pathfinder-1 housekeeping frame in archive form. */
export function pathfinderFrame(spec: {
  sequenceCount: number;
  timeMs: number;
  playback?: boolean;
  values?: Record<string, number>;
}): Uint8Array {
  const packet = PATHFINDER_MISSION.dictionary.packets.find((p) => p.apid === PATHFINDER_APID)!;
  const values = packet.parameters.map((p) => spec.values?.[p.id] ?? NOMINAL_PF[p.id] ?? 0);
  return encoder.encodeEngineering(
    {
      scid: 401,
      vcid: spec.playback ? VC_PLAYBACK : VC_REALTIME,
      masterFrameCount: spec.sequenceCount & 0xff,
      virtualFrameCount: spec.sequenceCount & 0xff,
      apid: PATHFINDER_APID,
      sequenceCount: spec.sequenceCount,
      timeMs: epochMs(spec.timeMs),
    },
    values,
  );
}
