// Derived parameters declared in mission.yaml: what the loader builds from them, and every mistake the check
// reports at its line in words a mission engineer understands — the same lines the server prints when it
// refuses to start.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FrameCodec } from '../../shared/codec';
import { indexDictionary, packetParameters } from '../../shared/dictionary';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { epochMs } from '../../shared/units';
import { ArchivedFrames } from '../../server/archive/archivedFrames';
import { formatProblem } from '../../shared/xtce/problems';
import { runMissionCli } from '../../server/mission/cli';
import { SHIPPED_MISSION_DIR } from '../../server/mission/folder';
import { FLEET_YAML, lineOf, loadMissionYaml as load, SHIPPED_YAML, yamlWith } from '../helpers/derivedYaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const T0 = Date.UTC(2026, 4, 1, 12);

describe('derived parameters of the shipped mission', () => {
  const mission = load(SHIPPED_YAML);

  it('are computed from the EPS packet, after its measured parameters, and said to come from mission.yaml', () => {
    expect(mission.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const eps = mission.dictionary!.packets.find((p) => p.name === 'EPS_HK')!;
    expect(eps.derived?.map((p) => p.id)).toEqual(['eps.batt_power', 'eps.batt_dod']);
    expect(eps.derived?.[0]).toMatchObject({
      name: 'Battery power (+ charge)',
      subsystem: 'EPS',
      unit: 'W',
      limits: { yellow: { low: -400, high: 270 }, red: { low: -540, high: 340 } },
      derived: {
        expression: 'eps.batt_voltage * eps.batt_current',
        inputs: ['eps.batt_voltage', 'eps.batt_current'],
      },
      source: {
        file: 'mission.yaml',
        qualifiedName: 'eps.batt_power',
        line: lineOf(SHIPPED_YAML, '- id: eps.batt_power'),
      },
    });
    const index = indexDictionary(mission.dictionary!);
    expect(index.packetsOfParameter.get('eps.batt_dod')?.map((p) => p.name)).toEqual(['EPS_HK']);
    // Only the measured parameters are on the wire.
    expect(eps.parameters.some((p) => p.derived)).toBe(false);
  });

  it('are listed by the check', () => {
    const out: string[] = [];
    expect(runMissionCli(['check', SHIPPED_MISSION_DIR], { out: (l) => out.push(l), err: () => {} })).toBe(0);
    expect(out).toContain('  derived parameters, computed by the spacecraft sending their packet: 2');
    expect(out).toContain('    eps.batt_power = eps.batt_voltage * eps.batt_current (EPS_HK)');
  });
});

describe('the check of derived parameters', () => {
  it('orders derived inputs before the parameters that read them, whatever order they are declared in', () => {
    const yaml = yamlWith(`  - id: eps.twice_power
    name: Twice the power
    unit: W
    expression: 2 * eps.power
  - id: eps.power
    name: Power
    unit: W
    expression: eps.batt_voltage * eps.batt_current
`);
    const mission = load(yaml);
    expect(mission.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const eps = mission.dictionary!.packets.find((p) => p.name === 'EPS_HK')!;
    expect(eps.derived?.map((p) => p.id)).toEqual(['eps.power', 'eps.twice_power']);
  });

  const BAD = `  - id: eps.unclosed
    name: Unclosed
    unit: W
    expression: eps.batt_voltage * (eps.batt_current
  - id: eps.misnamed
    name: Misnamed
    unit: W
    expression: batt_voltage * eps.batt_curent
  - id: eps.no_such_function
    name: No such function
    unit: ''
    expression: log2(eps.batt_soc)
  - id: eps.ping
    name: Ping
    unit: ''
    expression: eps.pong + 1
  - id: eps.pong
    name: Pong
    unit: ''
    expression: eps.ping * 2
  - id: eps.reads_pong
    name: Reads pong
    unit: ''
    expression: eps.pong
  - id: eps.itself
    name: Itself
    unit: ''
    expression: eps.itself + 1
  - id: eps.across
    name: Across packets
    unit: ''
    expression: eps.batt_voltage * adcs.rate_x
  - id: eps.dod
    name: Depth of discharge
    unit: '%'
    expression: clamp(100 - eps.batt_soc, 0, 100)
    limits:
      yellow: { high: 150 }
      red: { low: -20 }
  - id: eps.batt_voltage
    name: Voltage again
    unit: V
    expression: eps.batt_voltage
  - id: eps.constant
    name: A constant
    unit: ''
    expression: 2 * 3
  - id: eps.upside_down
    name: Upside down
    unit: W
    expression: eps.batt_voltage
    limits:
      yellow: { high: 30 }
      red: { high: 20 }
  - id: Power
    name: Badly named
    unit: W
    expression: eps.batt_voltage
`;
  const yaml = yamlWith(BAD);
  const at = (id: string, key = 'expression') => lineOf(yaml, `${key}:`, `id: ${id}`);
  const EXPECTED = [
    `mission.yaml:${at('eps.unclosed')}: derived parameter eps.unclosed: the expression does not read at column 37: expected ")" to close the "(" at column 20, found the end of the expression`,
    `mission.yaml:${at('eps.misnamed')}: derived parameter eps.misnamed: unknown parameter batt_voltage (column 1); did you mean eps.batt_voltage?`,
    `mission.yaml:${at('eps.misnamed')}: derived parameter eps.misnamed: unknown parameter eps.batt_curent (column 16); did you mean eps.batt_current?`,
    `mission.yaml:${at('eps.no_such_function')}: derived parameter eps.no_such_function: unknown function log2; the functions are abs, sqrt, exp, ln, log10, floor, ceil, round, sin, cos, atan2, hypot, min, max, clamp, if (column 1)`,
    `mission.yaml:${at('eps.ping')}: derived parameters eps.ping, eps.pong refer to each other in a cycle (eps.ping → eps.pong → eps.ping); none of them can be computed first`,
    `mission.yaml:${at('eps.itself')}: derived parameter eps.itself is computed from itself`,
    `mission.yaml:${at('eps.across')}: derived parameter eps.across reads parameters of EPS_HK and ADCS_HK; a derived parameter is computed from the values of one packet, so every parameter it reads must come in the same packet`,
    `mission.yaml:${lineOf(yaml, 'yellow: { high: 150 }')}: derived parameter eps.dod: the yellow high limit 150 % lies above the largest value the expression can take from the ranges of its inputs (100 %), so it could never be crossed`,
    `mission.yaml:${lineOf(yaml, 'red: { low: -20 }')}: derived parameter eps.dod: the red low limit -20 % lies below the smallest value the expression can take from the ranges of its inputs (0 %), so it could never be crossed`,
    `mission.yaml:${at('eps.batt_voltage', 'id')}: derived parameter eps.batt_voltage: eps.batt_voltage is already a measured parameter (ortaq.xml, /Ortaq/EPS/batt_voltage); give the derived one an id of its own`,
    `mission.yaml:${at('eps.constant')}: derived parameter eps.constant reads no telemetry parameter`,
  ];

  it('reports each mistake at its line, in a sentence, once, and the mission cannot run', () => {
    // Schema errors stop the load before any expression is read; the last two entries are the schema's.
    const mission = load(yamlWith(BAD.slice(0, BAD.indexOf('  - id: eps.upside_down'))));
    expect(mission.dictionary).toBeUndefined();
    const lines = mission.problems.map(formatProblem);
    // eps.reads_pong reads a parameter of the cycle: it cannot be computed, but the cycle is the mistake.
    expect(lines.filter((l) => l.includes('reads_pong'))).toEqual([]);
    expect(lines).toEqual(EXPECTED);
  });

  it('checks limits with the rules of limits changed at run time, and the form of ids', () => {
    const lines = load(yaml).problems.map(formatProblem);
    expect(lines).toContain(
      `mission.yaml:${lineOf(yaml, 'red: { high: 20 }')}: derived.11.limits.red.high: red high must not be below yellow high`,
    );
    expect(lines).toContain(
      `mission.yaml:${lineOf(yaml, 'id: Power')}: derived.12.id: a parameter id is lower case, its subsystem, a dot and a name (eps.batt_power)`,
    );
  });

  it('refuses a list of more than 500 derived parameters and an expression over 1000 characters', () => {
    const many = Array.from(
      { length: 501 },
      (_, i) => `  - { id: eps.p${i}, name: P, unit: '', expression: eps.batt_soc }\n`,
    ).join('');
    expect(load(yamlWith(many)).problems.map(formatProblem).join('\n')).toMatch(
      /mission\.yaml:\d+: derived: .*500/,
    );
    const long = `  - { id: eps.long, name: L, unit: '', expression: '${'eps.batt_soc + '.repeat(80)}1' }\n`;
    expect(load(yamlWith(long)).problems.map(formatProblem)).toContain(
      `mission.yaml:${lineOf(yamlWith(long), 'eps.long')}: derived parameter eps.long: the expression does not read at column 1: the expression is longer than 1000 characters`,
    );
  });
});

describe('npm run mission -- check and the server on a mission with bad derived parameters', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-derived-'));
  fs.writeFileSync(
    path.join(dir, 'mission.yaml'),
    yamlWith(`  - id: eps.loop
    name: Loop
    unit: W
    expression: eps.loop * batt_current
`),
  );
  fs.copyFileSync(path.join(SHIPPED_MISSION_DIR, 'ortaq.xml'), path.join(dir, 'ortaq.xml'));
  const line = FLEET_YAML.split('\n').length + 5;
  const messages = [
    `mission.yaml:${line}: derived parameter eps.loop: unknown parameter batt_current (column 12); did you mean eps.batt_current?`,
  ];
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the check prints them and exits 1', () => {
    const out: string[] = [];
    const code = runMissionCli(['check', dir], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(1);
    for (const message of messages) expect(out).toContain(message);
    expect(out.at(-1)).toBe('1 problem: the mission cannot run.');
  });

  it('the server refuses to start with the same messages, without a stack trace', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: ROOT,
      env: { ...process.env, ORTAQ_MISSION: dir, ORTAQ_SIM: 'off', PORT: '0', ORTAQ_DATA_DIR: os.tmpdir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('Ortaq does not start: the mission in');
    for (const message of messages) expect(output).toContain(message);
    expect(output).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('derived values of decoded frames', () => {
  const mission = load(
    yamlWith(`  - id: eps.power
    name: Power
    unit: W
    expression: eps.batt_voltage * eps.batt_current
  - id: eps.share
    name: Battery share of the array current
    unit: ''
    expression: eps.batt_current / eps.solar_current
  - id: eps.share_pct
    name: The same in per cent
    unit: '%'
    expression: 100 * eps.share
`),
  );
  const dictionary = mission.dictionary!;
  const eps = dictionary.packets.find((p) => p.name === 'EPS_HK')!;
  const decoders = {
    'frame codec': new FrameCodec(dictionary),
    'XTCE decoder': missionFrameDecoder({ ...mission, dictionary }),
  };
  const frame = (values: Record<string, number>) =>
    new FrameCodec(dictionary).encodeEngineering(
      {
        scid: 101,
        vcid: 0,
        masterFrameCount: 0,
        virtualFrameCount: 0,
        apid: eps.apid,
        sequenceCount: 1,
        timeMs: epochMs(T0),
      },
      eps.parameters.map((p) => values[p.id] ?? 0),
    );

  for (const [name, decoder] of Object.entries(decoders)) {
    it(`follow the measured ones through the ${name}, in packetParameters order`, () => {
      const decoded = decoder.decode(
        frame({ 'eps.batt_voltage': 30, 'eps.batt_current': 2, 'eps.solar_current': 8 }),
      );
      if (!decoded.ok) throw new Error(decoded.error);
      const values = Object.fromEntries(packetParameters(eps).map((p, i) => [p.id, decoded.frame.eng[i]]));
      expect(values).toMatchObject({ 'eps.power': 60, 'eps.share': 0.25, 'eps.share_pct': 25 });
      expect(decoded.frame.eng).toHaveLength(eps.parameters.length + 3);
    });

    it(`give no sample for a division by zero through the ${name}, nor for what is computed from it`, () => {
      const decoded = decoder.decode(
        frame({ 'eps.batt_voltage': 30, 'eps.batt_current': 2, 'eps.solar_current': 0 }),
      );
      if (!decoded.ok) throw new Error(decoded.error);
      expect(decoded.frame.eng.slice(-3)).toEqual([60, NaN, NaN]);
    });
  }

  it('leave a value that is no sample out of history and restored values', () => {
    const archived = new ArchivedFrames(dictionary, decoders['XTCE decoder']);
    const zero = frame({ 'eps.batt_voltage': 30, 'eps.batt_current': 2, 'eps.solar_current': 0 });
    const four = frame({ 'eps.batt_voltage': 30, 'eps.batt_current': 2, 'eps.solar_current': 4 });
    const rows = [
      { t: T0, pb: 0, bytes: zero },
      { t: T0 + 1000, pb: 0, bytes: four },
    ];
    expect([...archived.samples(rows, archived.slotsOf('eps.share')!)]).toEqual([
      { t: T0 + 1000, v: 0.5, pb: 0 },
    ]);
    expect(archived.values(zero).parameterIds).not.toContain('eps.share');
    expect(archived.values(zero).parameterIds).toContain('eps.power');
  });
});
