// What Ortaq calls a parameter of a mission's XTCE: its id across the mission and the subsystem the dashboard
// groups it under. Mission databases nest space systems as their teams like (/Sat/Platform/Power/Battery/...)
// and name subsystems in their own words (Power, AOCS, TT&C), so both come from the qualified name by one
// documented rule (docs/mission.md, "Parameter ids and subsystems"), with an alias to override either.
import { SUBSYSTEMS, type Subsystem } from '../dictionary/types';
import type { XtceParameter } from '../xtce/database';

/** AliasSet name space whose alias, when present, is the parameter's Ortaq id. */
export const ORTAQ_ALIAS = 'ortaq';
/** AliasSet name space whose alias, when present, names the parameter's subsystem (EPS, ADCS...). */
export const SUBSYSTEM_ALIAS = 'ortaq.subsystem';

/** Space system names that mean a subsystem, upper case: the usual words of spacecraft engineering. */
const SUBSYSTEM_WORDS: Readonly<Record<string, Subsystem>> = {
  EPS: 'EPS',
  POWER: 'EPS',
  PWR: 'EPS',
  ADCS: 'ADCS',
  AOCS: 'ADCS',
  ACS: 'ADCS',
  GNC: 'ADCS',
  ATTITUDE: 'ADCS',
  COMMS: 'COMMS',
  COMM: 'COMMS',
  COMMUNICATIONS: 'COMMS',
  TTC: 'COMMS',
  'TT&C': 'COMMS',
  RF: 'COMMS',
  OBC: 'OBC',
  CDH: 'OBC',
  'C&DH': 'OBC',
  OBDH: 'OBC',
  DHS: 'OBC',
  FSW: 'OBC',
  THERMAL: 'THERMAL',
  TCS: 'THERMAL',
  PAYLOAD: 'PAYLOAD',
  PL: 'PAYLOAD',
  INSTRUMENT: 'PAYLOAD',
  INSTRUMENTS: 'PAYLOAD',
};

/** Space systems from the root's child down to the one declaring the parameter. */
function systemsBelowRoot(parameter: XtceParameter): string[] {
  return parameter.systemPath.split('/').filter(Boolean).slice(1);
}

/**
 * The Ortaq id: the alias in the "ortaq" name space; else the name of the space system that declares the
 * parameter, lower case, a dot and its name (/Ortaq/EPS/batt_voltage → eps.batt_voltage,
 * /Sat/Platform/Power/bus_voltage → power.bus_voltage). Two parameters given one id are reported by the check.
 */
export function parameterIdOf(parameter: XtceParameter): string {
  const alias = parameter.aliases[ORTAQ_ALIAS];
  if (alias) return alias;
  const system = parameter.systemPath.split('/').pop() ?? '';
  return `${system.toLowerCase()}.${parameter.name}`;
}

export type SubsystemOf = { ok: true; subsystem: Subsystem } | { ok: false; message: string };

/**
 * The subsystem: the alias in the "ortaq.subsystem" name space; else the nearest space system around the
 * parameter (innermost first, the root excluded) whose name is a subsystem's word.
 */
export function subsystemOf(parameter: XtceParameter): SubsystemOf {
  const alias = parameter.aliases[SUBSYSTEM_ALIAS];
  if (alias !== undefined) {
    const upper = alias.toUpperCase();
    if ((SUBSYSTEMS as readonly string[]).includes(upper)) return { ok: true, subsystem: upper as Subsystem };
    return {
      ok: false,
      message: `the ${SUBSYSTEM_ALIAS} alias of ${parameter.qualifiedName} is "${alias}"; it must be one of ${SUBSYSTEMS.join(', ')}`,
    };
  }
  const systems = systemsBelowRoot(parameter);
  for (let i = systems.length - 1; i >= 0; i--) {
    const subsystem = SUBSYSTEM_WORDS[systems[i]!.toUpperCase()];
    if (subsystem) return { ok: true, subsystem };
  }
  return {
    ok: false,
    message: `parameter ${parameter.qualifiedName} has no subsystem: name a SpaceSystem around it after one (${SUBSYSTEMS.join(', ')}, or Power, AOCS, TTC, CDH, TCS, Instrument...), or give it an Alias nameSpace="${SUBSYSTEM_ALIAS}"`,
  };
}
