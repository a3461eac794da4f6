// A packet stamped far ahead of ground time (an onboard clock jump, a corrupted time field that still passed
// the CRC) must not become the current value: every correct packet after it would look older and be taken for
// history, freezing the live display and hiding staleness. Such packets are archived and shown as history only.

/** How far a packet's time may lead the ground clock and still count as live (onboard clocks drift). */
export const MAX_PACKET_LEAD_MS = 5 * 60_000;

export function isAheadOfGround(packetTimeMs: number, groundNowMs: number): boolean {
  return packetTimeMs - groundNowMs > MAX_PACKET_LEAD_MS;
}
