import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMissionCli } from '../../server/mission/cli';
import { SHIPPED_MISSION_DIR } from '../../server/mission/folder';
import { fixturePath } from '../helpers/xtce';

const INVALID = path.resolve(import.meta.dirname, '../fixtures/mission/invalid');
const ROOT = path.resolve(import.meta.dirname, '../..');

function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runMissionCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run mission -- check', () => {
  it('lists each spacecraft of the shipped mission with its containers and parameters, and exits 0', () => {
    const result = run('check', SHIPPED_MISSION_DIR);
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'kazeosat-1: ortaq.xml from /Ortaq/CCSDSPacket, 7 containers (EPS_HK, ADCS_HK, COMMS_HK, OBC_HK, THERMAL_HK, PAYLOAD_HK, EVENT), 42 parameters',
    );
    expect(result.out.split('\n').filter((l) => l.includes('42 parameters'))).toHaveLength(6);
    expect(result.out).toMatch(/The mission can run\.$/);
  });

  it('reports every problem of an invalid mission at its file and line, in plain sentences, and exits 1', () => {
    const result = run('check', INVALID);
    expect(result.code).toBe(1);
    for (const line of [
      'broken.xml:38: "Volts" names no parameter type (unknown parameter type reference)',
      'broken.xml:56: in THERMAL_HK, bits 104–111 are read both as temperature and as counter (overlapping bits)',
      'broken.xml:78: counter starts 16 bits before the start of the packet (BeforeStart)',
      'broken.xml:64: no packet can match container Unreachable: APID can only hold 0…2047, never 5000',
      'broken.xml:70: no packet can match container Early: its restriction on temperature is checked before temperature is read',
      'broken.xml:20: the critical limit -60 of /Broken/Temperature lies outside its valid range -40…80 (limit outside valid range)',
    ]) {
      expect(result.out).toContain(line);
    }
    // A parameter in two packets is reported once.
    expect(result.out.match(/parameter \/Broken\/counter has no subsystem/g)).toHaveLength(1);
    expect(result.out).toMatch(/9 problems: the mission cannot run\.$/);
  });

  it('checks a mission.yaml path as its folder, and a single XTCE file on its own', () => {
    expect(run('check', path.join(SHIPPED_MISSION_DIR, 'mission.yaml')).code).toBe(0);
    const file = run('check', fixturePath('containers.xml'));
    expect(file.code).toBe(0);
    expect(file.out).toContain('13 parameters, 5 containers');
    const hostile = run('check', fixturePath('hostile/xxe-file.xml'));
    expect(hostile.code).toBe(1);
    expect(hostile.out).toContain('xxe-file.xml:3: the document declares entities');
  });

  it('refuses to read an XTCE file outside the mission folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-mission-'));
    try {
      const yaml = fs.readFileSync(path.join(SHIPPED_MISSION_DIR, 'mission.yaml'), 'utf8');
      fs.writeFileSync(
        path.join(dir, 'mission.yaml'),
        yaml.replaceAll('xtce: ortaq.xml', 'xtce: ../../etc/passwd'),
      );
      const result = run('check', dir);
      expect(result.code).toBe(1);
      expect(result.out).toMatch(
        /mission\.yaml:\d+: cannot read \.\.\/\.\.\/etc\/passwd: the path leads outside the mission folder/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the link each spacecraft flies, and refuses packets longer than its link holds', () => {
    const shipped = run('check', SHIPPED_MISSION_DIR);
    expect(shipped.out).toContain(
      'link: 892-octet frames with FECF; VC0 realtime + OCF, VC2 playback + OCF, VC7 idle; packet time CUC 4+3 from tai1958; packets up to 8192 octets',
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-mission-'));
    try {
      fs.copyFileSync(path.join(SHIPPED_MISSION_DIR, 'ortaq.xml'), path.join(dir, 'ortaq.xml'));
      const yaml = fs.readFileSync(path.join(SHIPPED_MISSION_DIR, 'mission.yaml'), 'utf8');
      // ortaq-1 holds packets of at most 40 octets; kazeosat-1 says nothing of its link.
      const edited = yaml
        .replace(
          'coarseOctets: 4, fineOctets: 3 }\n',
          'coarseOctets: 4, fineOctets: 3 }\n      maxPacketBytes: 40\n',
        )
        .replace(/( {4}packetContainer: \/Ortaq\/CCSDSPacket\n) {4}link:\n( {6}.*\n| {8}.*\n)*/, '$1');
      fs.writeFileSync(path.join(dir, 'mission.yaml'), edited);
      const result = run('check', dir);
      expect(result.code).toBe(1);
      expect(result.out).toMatch(
        /mission\.yaml:\d+: spacecraft\.5\.link\.maxPacketBytes: packet ADCS_HK is \d+ octets on this link, longer than maxPacketBytes 40/,
      );
      expect(result.out).toContain(
        'link (default): 1115-octet frames with FECF; VC0 realtime + OCF, VC1 playback',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains its usage on unknown commands', () => {
    const result = run('frobnicate');
    expect(result.code).toBe(2);
    expect(result.err).toContain('usage: npm run mission -- check [DIR|FILE]');
  });
});

describe('npm run mission -- decode', () => {
  it('prints each parameter with qualified name, raw and engineering values, unit and limit state', () => {
    const result = run('decode', fixturePath('alarms.xml'), '/Alarms/Packet', '01 CD38 14');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({
      container: '/Alarms/Packet',
      parameters: [
        { name: '/Alarms/eclipse', raw: 1, engineering: 'ECLIPSE', unit: '', limit: { level: 'nominal' } },
        {
          name: '/Alarms/current',
          raw: -13_000,
          engineering: -13,
          unit: 'A',
          limit: { level: 'yellow', side: 'low', context: 'eclipse == ECLIPSE' },
        },
        { name: '/Alarms/load', raw: 20, engineering: 20, unit: '', limit: { level: 'nominal' } },
      ],
    });
  });

  it('decodes a captured Ortaq packet against the shipped database', () => {
    // OBC_HK of the frame codec's golden vector: mode NOMINAL, uptime 86400 s, 2 reboots, −5.50 °C, CPU 37 %.
    const packet = '0840 FFFF 000F 6B49D201 0000 01 00015180 0002 FDDA 25';
    const result = run('decode', path.join(SHIPPED_MISSION_DIR, 'ortaq.xml'), 'CCSDSPacket', packet);
    expect(result.code).toBe(0);
    const decoded = JSON.parse(result.out) as {
      container: string;
      parameters: { name: string; engineering: unknown }[];
    };
    expect(decoded.container).toBe('/Ortaq/OBC_HK');
    const eng = Object.fromEntries(decoded.parameters.map((p) => [p.name, p.engineering]));
    expect(eng).toMatchObject({
      '/Ortaq/OBC/mode': 'NOMINAL',
      '/Ortaq/OBC/uptime': 86_400,
      '/Ortaq/OBC/temp': -5.5,
    });
    expect(eng['/Ortaq/PacketTime']).toBe(1_800_000_001_000);
  });

  it('says why a packet cannot be decoded', () => {
    expect(run('decode', fixturePath('alarms.xml'), 'Packet', '01').err).toContain(
      'the packet is shorter than its entries',
    );
    expect(run('decode', fixturePath('alarms.xml'), 'Packet', 'xyz').err).toContain('HEX must be');
    expect(run('decode', fixturePath('alarms.xml'), 'Nope', '00').err).toContain('Nope is not a container');
    expect(run('decode', fixturePath('hostile/billion-laughs.xml'), 'P', '00').err).toContain(
      'declares entities',
    );
  });
});

describe('the server on an invalid mission', () => {
  it('refuses to start, printing the check’s messages without a stack trace', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ORTAQ_MISSION: INVALID,
        ORTAQ_SIM: 'off',
        PORT: '0',
        ORTAQ_DATA_DIR: os.tmpdir(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('Ortaq does not start: the mission in');
    expect(output).toContain(
      'broken.xml:38: "Volts" names no parameter type (unknown parameter type reference)',
    );
    expect(output).not.toMatch(/\n\s+at /);
  }, 60_000);
});
