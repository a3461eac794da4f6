// The mission shipped with Ortaq (mission/), loaded once: the fleet the tools, benchmarks and tests fly when
// no ORTAQ_MISSION is given. The server itself loads the folder ORTAQ_MISSION names (server/index.ts).
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { requireMission, SHIPPED_MISSION_DIR } from './folder';

export const SHIPPED_MISSION = requireMission(SHIPPED_MISSION_DIR);
export const DICTIONARY = SHIPPED_MISSION.dictionary;
export const LINKS = SHIPPED_MISSION.links;
/** The shipped fleet's frames read with the decoder generated from its XTCE. */
export const SHIPPED_DECODER = missionFrameDecoder(SHIPPED_MISSION);
