// The fixture mission in which a fourth partner joins (Tajikistan: station dushanbe, spacecraft pamir-1), and
// when to start the simulator so that its spacecraft is over its station.
import path from 'node:path';
import type { Dictionary } from '../../shared/dictionary';
import { insidePass } from './missionServer';

export const JOINED_MISSION_DIR = path.resolve(import.meta.dirname, '../fixtures/mission/joined');
export const JOINED_SPACECRAFT = 'pamir-1';
export const JOINED_STATION = 'dushanbe';

/** `intoPassMs` into the first pass of the joined spacecraft over its partner's station after `fromMs`. */
export function insideJoinedPass(dictionary: Dictionary, fromMs: number, intoPassMs: number): number {
  return insidePass(dictionary, JOINED_SPACECRAFT, JOINED_STATION, fromMs, intoPassMs);
}
