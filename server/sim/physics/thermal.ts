// Temperatures of the structure, radiator and payload as first-order nodes driven by sunlight, eclipse and
// dissipation. The payload optics are heater-controlled to 20 °C; in the thermal-runaway fault the heater
// switch is stuck on and the optics and focal plane heat towards ~50 °C.
import { relax, type ThermalState } from './state';

export interface ThermalInput {
  dtS: number;
  eclipse: boolean;
  transmitting: boolean;
  imaging: boolean;
  /** Seconds since the thermal-runaway fault was injected, if it is. */
  runawayAgeS?: number;
}

export function stepThermal(thermal: ThermalState, input: ThermalInput): ThermalState {
  const runaway = input.runawayAgeS !== undefined;
  return {
    structureTempC: relax(thermal.structureTempC, input.eclipse ? -8 : 24, input.dtS, 1500),
    radiatorTempC: relax(
      thermal.radiatorTempC,
      (input.eclipse ? -28 : 6) + (input.transmitting ? 10 : 0),
      input.dtS,
      900,
    ),
    payloadTempC: relax(
      thermal.payloadTempC,
      runaway ? 48 : input.eclipse ? 19.3 : 20.7,
      input.dtS,
      runaway ? 900 : 600,
    ),
  };
}

/** The focal plane follows the optics, warmed by the detector while imaging. */
export function focalPlaneTemperature(
  current: number,
  payloadTempC: number,
  imaging: boolean,
  dtS: number,
): number {
  const equilibrium = 19 + (imaging ? 4 : 0) + 1.1 * (payloadTempC - 20);
  return relax(current, equilibrium, dtS, 300);
}
