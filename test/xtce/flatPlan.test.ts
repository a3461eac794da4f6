// The decoder reads containers of plain parameters through flat plans (shared/xtce/fields.ts) and every
// other container through the tree walker. Both must give the same packet, value for value, and the same
// rejection: every packet of the shipped mission and of the pathfinder and meridian fixtures, whole, with
// random values, and damaged.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireMission, SHIPPED_MISSION_DIR } from '../../server/mission/folder';
import { spacecraftPackets } from '../../shared/mission/frameDecoder';
import { readsFixedList } from '../../shared/mission/packetLayout';
import {
  PacketDecoder,
  type DecoderOptions,
  type PacketDecodeResult,
  type XtceContainer,
} from '../../shared/xtce';
import { PacketEncoder } from '../../shared/xtce/encoder';
import { atOddOffset, MUTATORS } from '../fuzz/mutators';
import { createRng, type Rng } from '../fuzz/rng';
import { PATHFINDER_DIR } from '../helpers/pathfinder';

const MISSIONS = {
  shipped: SHIPPED_MISSION_DIR,
  pathfinder: PATHFINDER_DIR,
  meridian: path.resolve(import.meta.dirname, '../fixtures/mission/meridian'),
};
const PACKETS_PER_SEED = 300;
/**
 * Whether some packet of the mission ends in a container of numbers only, which readOwn hands to its caller:
 * each of Meridian's ends otherwise (a field placed from the packet's start, an include condition, a string).
 */
const APPENDS_OWN: Record<keyof typeof MISSIONS, boolean> = {
  shipped: true,
  pathfinder: true,
  meridian: false,
};

function concreteContainers(root: XtceContainer): XtceContainer[] {
  return root.derived.flatMap((child) => [...(child.abstract ? [] : [child]), ...concreteContainers(child)]);
}

/** What a result says, with the container and parameters by name (their objects hold the whole tree). */
function summary(result: PacketDecodeResult) {
  if (!result.ok) return { error: result.error };
  const { container, parameters, raw, eng, bitsRead } = result.packet;
  return {
    container: container.qualifiedName,
    parameters: parameters.map((p) => p.qualifiedName),
    raw,
    eng,
    bitsRead,
  };
}

/** A packet of the container as it flies, with zeros where the encoder is given no value. */
function encodedPacket(container: XtceContainer): Uint8Array {
  const scratch = new Uint8Array(65_542);
  const end = new PacketEncoder(container).encode(() => undefined, scratch, 0, 0);
  return scratch.slice(0, (end + 7) >>> 3);
}

/** The packet with every bit after the first `keptBits` random: the same packet, other values. */
function withRandomValues(rng: Rng, packet: Uint8Array, keptBits: number): Uint8Array {
  const bytes = packet.slice();
  for (let i = keptBits >>> 3; i < bytes.length; i++) {
    const keep = i === keptBits >>> 3 ? 0xff << (8 - (keptBits & 7)) : 0;
    bytes[i] = (bytes[i]! & keep) | (rng.int(256) & ~keep);
  }
  return bytes;
}

function damaged(rng: Rng, seeds: readonly Uint8Array[]): Uint8Array {
  return atOddOffset(rng, rng.pick(MUTATORS)(rng, rng.pick(seeds), rng.pick(seeds)));
}

for (const [name, dir] of Object.entries(MISSIONS)) {
  describe(`flat plans and the tree walker on the ${name} mission's packets`, () => {
    const mission = requireMission(dir);
    const roots = new Map(spacecraftPackets(mission).map((s) => [s.packetContainer, s.database]));

    it('read every packet, whole, with random values or damaged, to the same values and rejections', () => {
      const rng = createRng(0x16);
      const verdicts = new Set<string>();
      for (const [root, database] of roots) {
        const wanted = new Set(database.parameters.filter(() => rng.chance(0.5)).map((p) => p.index));
        const optionSets: DecoderOptions[] = [{}, { labels: false }, { labels: false, wanted }];
        const decoders = optionSets.map((options) => ({
          flat: new PacketDecoder(root, database.parameters.length, options),
          tree: new PacketDecoder(root, database.parameters.length, { ...options, flat: false }),
        }));
        const seeds = concreteContainers(root).map(encodedPacket);
        // The APID and any packet id sit within the first 128 bits of these packets.
        const keptBits = Math.min(128, ...seeds.map((s) => s.length * 8));
        const packets = seeds.flatMap((seed) => [
          seed,
          ...Array.from({ length: PACKETS_PER_SEED }, () => withRandomValues(rng, seed, keptBits)),
          ...Array.from({ length: PACKETS_PER_SEED }, () => damaged(rng, seeds)),
        ]);
        for (const bytes of packets) {
          for (const { flat, tree } of decoders) {
            const expected = tree.decode(bytes);
            verdicts.add(expected.ok ? 'ok' : expected.error);
            const hex = Buffer.from(bytes).toString('hex');
            expect(summary(flat.decode(bytes)), hex).toEqual(summary(expected));
            // The live path's way: read into the decoder's buffers, then copied out.
            expect(flat.read(bytes)).toBe(tree.read(bytes));
          }
        }
      }
      for (const verdict of ['ok', 'out_of_packet', 'no_match']) expect(verdicts).toContain(verdict);
    });

    it("readOwn gives the packet's last container's values that read gives, appended to the caller's arrays", () => {
      const rng = createRng(0x17);
      let appended = 0;
      for (const [root, database] of roots) {
        const decoder = new PacketDecoder(root, database.parameters.length, { labels: false });
        const reference = new PacketDecoder(root, database.parameters.length, { labels: false });
        const seeds = concreteContainers(root).map(encodedPacket);
        const keptBits = Math.min(128, ...seeds.map((s) => s.length * 8));
        const packets = seeds.flatMap((seed) => [
          ...Array.from({ length: PACKETS_PER_SEED }, () => withRandomValues(rng, seed, keptBits)),
          ...Array.from({ length: PACKETS_PER_SEED }, () => damaged(rng, seeds)),
        ]);
        for (const bytes of packets) {
          const expected = reference.decode(bytes);
          const raw: number[] = [];
          const eng: number[] = [];
          const error = decoder.readOwn(bytes, 0, bytes.length, raw, eng);
          expect(error).toBe(expected.ok ? undefined : expected.error);
          if (!expected.ok) continue;
          expect(decoder.values.container).toBe(expected.packet.container);
          expect(decoder.containers[decoder.values.containerNumber]).toBe(expected.packet.container);
          if (!decoder.appendedOwn) {
            expect(raw).toEqual([]);
            continue;
          }
          appended++;
          const own = expected.packet.container.entries.length;
          expect({ raw, eng }).toEqual({
            raw: expected.packet.raw.slice(-own),
            eng: expected.packet.eng.slice(-own),
          });
        }
      }
      expect(appended > 0).toBe(APPENDS_OWN[name as keyof typeof MISSIONS]);
    });
  });
}

describe('the shipped mission', () => {
  it('describes packets of plain parameters only, which flat plans read', () => {
    const mission = requireMission(SHIPPED_MISSION_DIR);
    for (const { packetContainer } of spacecraftPackets(mission))
      for (const container of concreteContainers(packetContainer))
        expect(readsFixedList(container, packetContainer)).toBe(true);
  });
});
