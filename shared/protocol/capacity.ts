// Capacity used per spacecraft on the wire (GET /api/capacity): how much of its time in orbit the payload
// imaged, and how much of its contact time it downlinked — the "used at 10 %" of a satellite owned alone,
// made measurable. Minutes, not shares: a share is computed where it is shown, from the two minutes.

export interface CapacityRow {
  spacecraftId: string;
  /** Minutes of the window flown while Ortaq recorded (from `recordingFromMs` to `to`). */
  orbitMinutes: number;
  /**
   * Minutes the payload imaged in that time, from its onboard IMAGING_START and IMAGING_END events; null
   * when the window held more imaging events than are read (the figure would be short).
   */
  imagingMinutes: number | null;
  /** Imaging events without their other half (one was lost): the imaging they bound is not counted. */
  unpairedImagingEvents: number;
  /** Predicted contact minutes with any station of the constellation, overlapping passes counted once. */
  contactMinutes: number;
  /** Minutes the payload transmitter was downlinking, from COMMS housekeeping (as in utilization). */
  downlinkMinutes: number;
}

export interface CapacityResponse {
  from: number;
  to: number;
  /** As in the utilization: where Ortaq's recording of the window starts, null when it recorded nothing. */
  recordingFromMs: number | null;
  spacecraft: CapacityRow[];
}

/** imaged / orbit and downlinked / contact as fractions, null where the denominator is empty or unknown. */
export function capacityShares(row: CapacityRow): { imaging: number | null; downlink: number | null } {
  return {
    imaging:
      row.imagingMinutes !== null && row.orbitMinutes > 0 ? row.imagingMinutes / row.orbitMinutes : null,
    downlink: row.contactMinutes > 0 ? row.downlinkMinutes / row.contactMinutes : null,
  };
}
