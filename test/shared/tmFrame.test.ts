import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LINK,
  FHP_IDLE_ONLY,
  FHP_NO_PACKET_START,
  LinkTable,
  clcwState,
  decodeOcf,
  physicalChannelSchema,
  type PhysicalChannelConfig,
} from '../../shared/link';
import { dataFieldLength, fecfBitwise, idleTmFrame, tmFrame, type FrameSpec } from '../helpers/tmFrames';

const SCID = 101;
const table = new LinkTable([{ scid: SCID, link: DEFAULT_LINK }]);
const REALTIME = { scid: SCID, vcid: 0, frameBytes: 1115, ocf: 0x0100_0000 };
const PLAYBACK = { scid: SCID, vcid: 1, frameBytes: 1115 };

function frame(overrides: Partial<FrameSpec> = {}): Uint8Array {
  const base = { ...REALTIME, ...overrides };
  return tmFrame({
    vcCount: 0,
    firstHeaderPointer: 0,
    data: new Uint8Array(dataFieldLength(base)),
    ...base,
  } as FrameSpec);
}

function rejection(bytes: Uint8Array): string {
  const result = table.decode(bytes);
  return result.ok ? 'ok' : result.error;
}

describe('TM transfer frame decoder', () => {
  it('reads every primary header field and locates the data field, OCF and FECF', () => {
    const bytes = frame({ mcCount: 200, vcCount: 77, firstHeaderPointer: 123, ocf: 0x0104_a0_2a });
    const result = table.decode(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.frame).toMatchObject({
      version: 0,
      scid: SCID,
      vcid: 0,
      ocfFlag: true,
      masterFrameCount: 200,
      virtualFrameCount: 77,
      secondaryHeaderFlag: false,
      syncFlag: false,
      packetOrderFlag: false,
      segmentLengthId: 3,
      firstHeaderPointer: 123,
      role: 'realtime',
      dataStart: 6,
      dataEnd: 1115 - 2 - 4,
      ocf: 0x0104_a02a,
    });
  });

  it('carries no OCF on a channel configured without one', () => {
    const result = table.decode(frame({ ...PLAYBACK, ocf: undefined }));
    expect(result.ok && result.frame).toMatchObject({ vcid: 1, ocfFlag: false, ocf: -1, dataEnd: 1113 });
  });

  it('accepts the two special First Header Pointers and rejects one past the data field', () => {
    expect(rejection(frame({ firstHeaderPointer: FHP_NO_PACKET_START }))).toBe('ok');
    expect(rejection(frame({ firstHeaderPointer: FHP_IDLE_ONLY }))).toBe('ok');
    expect(rejection(frame({ firstHeaderPointer: 1102 }))).toBe('ok');
    expect(rejection(frame({ firstHeaderPointer: 1103 }))).toBe('first_header_pointer_out_of_range');
    expect(rejection(frame({ firstHeaderPointer: 0x7fd }))).toBe('first_header_pointer_out_of_range');
  });

  it('rejects each kind of bad frame with its own code', () => {
    const good = frame();
    expect(rejection(good.subarray(0, 5))).toBe('too_short');
    expect(rejection(frame({ version: 1 }))).toBe('bad_frame_version');
    expect(rejection(frame({ scid: 102 }))).toBe('unknown_spacecraft');
    expect(rejection(good.subarray(0, 1114))).toBe('wrong_frame_length');
    const flipped = good.slice();
    flipped[500]! ^= 0x10;
    expect(rejection(flipped)).toBe('bad_fecf');
    expect(rejection(frame({ vcid: 3 }))).toBe('unknown_virtual_channel');
    expect(rejection(frame({ ocf: undefined }))).toBe('ocf_flag_mismatch');
    expect(rejection(frame({ ...PLAYBACK, ocf: 0 }))).toBe('ocf_flag_mismatch');
    expect(rejection(frame({ secondaryHeaderBytes: 4 }))).toBe('bad_secondary_header');
    expect(rejection(frame({ syncFlag: true }))).toBe('bad_data_field_status');
    expect(rejection(frame({ segmentLengthId: 0 }))).toBe('bad_data_field_status');
  });

  it('checks a configured frame secondary header and skips it to reach the data field', () => {
    const link: PhysicalChannelConfig = { ...DEFAULT_LINK, frameBytes: 256, frameSecondaryHeaderBytes: 5 };
    const withHeader = new LinkTable([{ scid: 7, link }]);
    const spec = { scid: 7, vcid: 1, frameBytes: 256, secondaryHeaderBytes: 5 };
    const good = tmFrame({
      ...spec,
      vcCount: 1,
      firstHeaderPointer: 0,
      data: new Uint8Array(dataFieldLength(spec)),
    });
    const result = withHeader.decode(good);
    expect(result.ok && result.frame).toMatchObject({
      secondaryHeaderFlag: true,
      secondaryHeaderOffset: 7,
      secondaryHeaderLength: 4,
      dataStart: 11,
      dataEnd: 254,
    });
    const wrongLength = good.slice();
    wrongLength[6] = 2; // says 3 octets, the channel has 5
    const crc = fecfBitwise(wrongLength, 254);
    wrongLength.set([crc >> 8, crc & 0xff], 254);
    expect(withHeader.decode(wrongLength)).toEqual({ ok: false, error: 'bad_secondary_header' });
    const missing = tmFrame({
      ...spec,
      secondaryHeaderBytes: 0,
      vcCount: 1,
      firstHeaderPointer: 0,
      data: new Uint8Array(248),
    });
    expect(withHeader.decode(missing)).toEqual({ ok: false, error: 'bad_secondary_header' });
  });

  it('works without an FECF when the channel has none', () => {
    const link: PhysicalChannelConfig = { ...DEFAULT_LINK, fecf: false, frameBytes: 100 };
    const noFecf = new LinkTable([{ scid: 9, link }]);
    const spec = { scid: 9, vcid: 1, frameBytes: 100, fecf: false };
    const bytes = tmFrame({
      ...spec,
      vcCount: 0,
      firstHeaderPointer: 0,
      data: new Uint8Array(dataFieldLength(spec)),
    });
    expect(noFecf.decode(bytes)).toMatchObject({ ok: true, frame: { dataEnd: 100 } });
  });

  it('decodes an idle frame on the idle channel', () => {
    const result = table.decode(idleTmFrame({ scid: SCID, vcid: 7, frameBytes: 1115 }, 9));
    expect(result.ok && result.frame).toMatchObject({
      vcid: 7,
      role: 'idle',
      firstHeaderPointer: FHP_IDLE_ONLY,
    });
  });
});

describe('Operational Control Field', () => {
  it('reads a CLCW field by field', () => {
    // COP-1, TC VC 5, no bit lock, retransmit, FARM-B counter 2, N(R) 0x2a.
    const word = (1 << 24) | (5 << 18) | (1 << 14) | (1 << 11) | (2 << 9) | 0x2a;
    const report = decodeOcf(word);
    expect(report).toEqual({
      type: 'clcw',
      clcw: {
        version: 0,
        statusField: 0,
        copInEffect: 1,
        tcVirtualChannel: 5,
        noRfAvailable: false,
        noBitLock: true,
        lockout: false,
        wait: false,
        retransmit: true,
        farmBCounter: 2,
        reportValue: 0x2a,
      },
    });
    expect(clcwState(report)).toBe('no_bit_lock');
    expect(clcwState(decodeOcf(0x0100_0000))).toBe('ok');
    expect(clcwState(decodeOcf((1 << 24) | (1 << 13)))).toBe('lockout');
    expect(decodeOcf(0x8000_0001)).toEqual({ type: 'type2', word: 0x8000_0001 });
  });
});

describe('physical channel configuration', () => {
  it('accepts the default fleet channel and refuses impossible ones', () => {
    expect(physicalChannelSchema.safeParse(DEFAULT_LINK).success).toBe(true);
    const twice = {
      ...DEFAULT_LINK,
      virtualChannels: [
        { vcid: 0, role: 'realtime' },
        { vcid: 0, role: 'playback' },
      ],
    };
    expect(physicalChannelSchema.safeParse(twice).success).toBe(false);
    expect(physicalChannelSchema.safeParse({ ...DEFAULT_LINK, frameBytes: 4096 }).success).toBe(false);
    expect(physicalChannelSchema.safeParse({ ...DEFAULT_LINK, frameSecondaryHeaderBytes: 1 }).success).toBe(
      false,
    );
    const noRoom = { ...DEFAULT_LINK, frameBytes: 16, frameSecondaryHeaderBytes: 10 };
    expect(physicalChannelSchema.safeParse(noRoom).success).toBe(false);
    const parsed = physicalChannelSchema.parse({
      ...DEFAULT_LINK,
      virtualChannels: [{ vcid: 2, role: 'playback' }],
    });
    expect(parsed.virtualChannels[0]!.ocf).toBe(false);
  });
});
