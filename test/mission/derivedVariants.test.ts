// Derived parameters declared per spacecraft (one XTCE, another expression or other limits for some of the
// spacecraft flying it) and with context limits: what the loader builds, what each spacecraft computes, and
// every mistake the check reports at its line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrameCodec } from '../../shared/codec';
import { packetParameters, parameterOfSpacecraft } from '../../shared/dictionary';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { formatProblem } from '../../shared/xtce/problems';
import { epochMs } from '../../shared/units';
import { lineOf, loadMissionYaml, yamlWith } from '../helpers/derivedYaml';
import { PATHFINDER_DIR } from '../helpers/pathfinder';

const T0 = Date.UTC(2026, 4, 1, 12);
const PATHFINDER_XML = fs.readFileSync(path.join(PATHFINDER_DIR, 'pathfinder.xml'), 'utf8');
const load = (yaml: string) => loadMissionYaml(yaml, { 'pathfinder.xml': PATHFINDER_XML });

const GOOD = `  - id: eps.power
    name: Power
    unit: W
    expression: eps.batt_voltage * eps.batt_current
    limits: { yellow: { low: -400, high: 270 } }
    contexts:
      - label: eclipse
        when: { parameter: eps.eclipse, value: ECLIPSE }
        limits: { yellow: { low: -300, high: 10 }, minViolations: 3 }
      - label: low charge
        when:
          - { parameter: eps.batt_soc, operator: '<', value: 30 }
          - { parameter: eps.batt_current, operator: '<', value: 0 }
        limits: { red: { low: -100 } }
  - id: eps.power
    spacecraft: [gokturk-2, imece]
    name: Power
    unit: W
    expression: 0.9 * eps.batt_voltage * eps.batt_current
    limits: { red: { low: -200, high: 200 } }
  - id: eps.kz_only
    spacecraft: [kazeosat-1]
    name: Kazakh bus margin
    unit: V
    expression: eps.batt_voltage - 28
`;

describe('a derived parameter declared per spacecraft, with context limits', () => {
  const mission = load(yamlWith(GOOD));
  const dictionary = mission.dictionary!;
  const eps = dictionary.packets.find((p) => p.name === 'EPS_HK')!;
  const power = eps.derived!.find((p) => p.id === 'eps.power')!;

  it('keeps one parameter, its default declaration and a variant for the spacecraft named', () => {
    expect(mission.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(eps.derived!.map((p) => p.id)).toEqual(['eps.power', 'eps.kz_only']);
    expect(power.contextLimits).toEqual([
      {
        label: 'eclipse',
        when: { all: [{ parameter: 'eps.eclipse', operator: '==', value: 1, calibrated: false }] },
        limits: { yellow: { low: -300, high: 10 }, minViolations: 3 },
      },
      {
        label: 'low charge',
        when: {
          all: [
            { parameter: 'eps.batt_soc', operator: '<', value: 30, calibrated: true },
            { parameter: 'eps.batt_current', operator: '<', value: 0, calibrated: true },
          ],
        },
        limits: { red: { low: -100 } },
      },
    ]);
    const imece = parameterOfSpacecraft(power, 'imece');
    expect(imece).toMatchObject({
      id: 'eps.power',
      limits: { red: { low: -200, high: 200 } },
      derived: { expression: '0.9 * eps.batt_voltage * eps.batt_current' },
    });
    // The variant's own limits, and none of the default declaration's contexts.
    expect(imece.contextLimits).toBeUndefined();
    expect(parameterOfSpacecraft(power, 'imece')).toBe(imece);
    expect(parameterOfSpacecraft(power, 'kazeosat-1')).toBe(power);
    expect(mission.derived).toContain(
      'eps.power = 0.9 * eps.batt_voltage * eps.batt_current (EPS_HK; gokturk-2, imece)',
    );
    expect(mission.derived).toContain('eps.kz_only = eps.batt_voltage - 28 (EPS_HK; kazeosat-1)');
  });

  const frame = (scid: number) =>
    new FrameCodec(dictionary).encodeEngineering(
      {
        scid,
        vcid: 0,
        masterFrameCount: 0,
        virtualFrameCount: 0,
        apid: eps.apid,
        sequenceCount: 1,
        timeMs: epochMs(T0),
      },
      eps.parameters.map((p) => ({ 'eps.batt_voltage': 30, 'eps.batt_current': 2 })[p.id] ?? 0),
    );
  const decoders = {
    'frame codec': new FrameCodec(dictionary),
    'XTCE decoder': missionFrameDecoder({ ...mission, dictionary }),
  };
  for (const [name, decoder] of Object.entries(decoders)) {
    it(`is computed by each spacecraft with its own expression through the ${name}`, () => {
      const values = (scid: number) => {
        const decoded = decoder.decode(frame(scid));
        if (!decoded.ok) throw new Error(decoded.error);
        return Object.fromEntries(packetParameters(eps).map((p, i) => [p.id, decoded.frame.eng[i]]));
      };
      // kazeosat-1 (101): the default declaration and its own; imece (203): the variant, and no kz_only.
      expect(values(101)).toMatchObject({ 'eps.power': 60, 'eps.kz_only': 2 });
      expect(values(203)['eps.power']).toBeCloseTo(54, 9);
      expect(values(203)['eps.kz_only']).toBeNaN();
    });
  }
});

describe('the check of per-spacecraft declarations and context limits', () => {
  const BAD = `  - id: eps.twice
    name: Twice
    unit: W
    expression: eps.batt_voltage
  - id: eps.twice
    name: Twice
    unit: W
    expression: 2 * eps.batt_voltage
  - id: eps.overlap
    spacecraft: [kazeosat-1, imece]
    name: Overlap
    unit: W
    expression: eps.batt_voltage
  - id: eps.overlap
    spacecraft: [imece]
    name: Overlap
    unit: W
    expression: 2 * eps.batt_voltage
  - id: eps.unknown_sc
    spacecraft: [kazeosat-9]
    name: Unknown spacecraft
    unit: V
    expression: eps.batt_voltage
  - id: eps.units
    name: Units
    unit: W
    expression: eps.batt_voltage
  - id: eps.units
    spacecraft: [imece]
    name: Units
    unit: kW
    expression: eps.batt_voltage / 1000
  - id: eps.ctx_name
    name: Context on an unknown parameter
    unit: V
    expression: eps.batt_voltage
    contexts:
      - label: dark
        when: { parameter: eps.eclipsed, value: 1 }
        limits: { yellow: { low: 20 } }
  - id: eps.ctx_state
    name: Context on an unknown state
    unit: V
    expression: eps.batt_voltage
    contexts:
      - label: dark
        when: { parameter: eps.eclipse, value: DARK }
        limits: { yellow: { low: 20 } }
  - id: eps.ctx_order
    name: A state compared by order
    unit: V
    expression: eps.batt_voltage
    contexts:
      - label: dark
        when: [{ parameter: eps.batt_soc, operator: '>', value: 10 }, { parameter: eps.eclipse, operator: '<', value: ECLIPSE }]
        limits: { yellow: { low: 20 } }
  - id: eps.ctx_words
    name: A word for a number
    unit: V
    expression: eps.batt_voltage
    contexts:
      - label: full
        when: { parameter: eps.batt_soc, value: FULL }
        limits: { yellow: { low: 20 } }
  - id: eps.ctx_reach
    name: Context limits out of reach
    unit: '%'
    expression: clamp(100 - eps.batt_soc, 0, 100)
    contexts:
      - label: eclipse
        when: { parameter: eps.eclipse, value: ECLIPSE }
        limits: { red: { high: 120 } }
`;
  const yaml = yamlWith(BAD);
  const at = (id: string, key: string) => lineOf(yaml, key, `id: ${id}`);
  const second = (id: string) =>
    yaml.split('\n').findIndex((l, i) => l.includes(`id: ${id}`) && i + 1 > lineOf(yaml, `id: ${id}`)) + 1;

  it('reports each at its line, in a sentence, and the mission cannot run', () => {
    const mission = load(yaml);
    expect(mission.dictionary).toBeUndefined();
    const lines = mission.problems.map(formatProblem);
    expect(lines).toEqual([
      `mission.yaml:${second('eps.twice')}: derived parameter eps.twice is declared twice; to compute it differently on some spacecraft, list them under spacecraft:`,
      `mission.yaml:${second('eps.overlap') + 1}: derived parameter eps.overlap is declared twice for imece`,
      `mission.yaml:${lineOf(yaml, 'kazeosat-9')}: derived parameter eps.unknown_sc: there is no spacecraft kazeosat-9 in the mission; did you mean kazeosat-1?`,
      `mission.yaml:${lineOf(yaml, 'unit: kW')}: derived parameter eps.units: every declaration of it names one parameter, with the same unit (line ${lineOf(yaml, 'id: eps.units')} gives "W")`,
      `mission.yaml:${at('eps.ctx_name', 'when:')}: derived parameter eps.ctx_name, context "dark": unknown parameter eps.eclipsed; did you mean eps.eclipse?`,
      `mission.yaml:${at('eps.ctx_state', 'when:')}: derived parameter eps.ctx_state, context "dark": eps.eclipse has no state "DARK" (its states: SUNLIT, ECLIPSE)`,
      `mission.yaml:${at('eps.ctx_order', 'when:')}: derived parameter eps.ctx_order, context "dark": a state name ("ECLIPSE") is compared with == or !=, not <`,
      `mission.yaml:${at('eps.ctx_words', 'when:')}: derived parameter eps.ctx_words, context "full": eps.batt_soc has no named states; compare it with a number`,
      `mission.yaml:${at('eps.ctx_reach', 'red:')}: derived parameter eps.ctx_reach, context "eclipse": the red high limit 120 % lies above the largest value the expression can take from the ranges of its inputs (100 %), so it could never be crossed`,
    ]);
  });

  it('refuses by its schema what cannot be a declaration, at the line', () => {
    const cases: [string, RegExp][] = [
      ['spacecraft: []', /derived\.0\.spacecraft: name at least one spacecraft/],
      ['spacecraft: imece', /derived\.0\.spacecraft: /],
      [
        "contexts: [{ label: x, when: { parameter: eps.eclipse, operator: '=~', value: 1 }, limits: { red: { low: 1 } } }]",
        /derived\.0\.contexts\.0\.when/,
      ],
      ['contexts: [{ label: x, when: [], limits: { red: { low: 1 } } }]', /derived\.0\.contexts\.0\.when/],
      [
        'contexts: [{ label: x, when: { parameter: eps.eclipse, value: 1 }, limits: { red: { low: 1 } }, extra: 1 }]',
        /derived\.0\.contexts\.0: .*extra/i,
      ],
      [
        'contexts: [{ label: x, when: { parameter: eps.eclipse, value: .nan }, limits: { red: { low: 1 } } }]',
        /derived\.0\.contexts\.0\.when/,
      ],
      ['limits: { red: { low: 1 }, minViolations: 0 }', /derived\.0\.limits\.minViolations/],
      [
        `contexts: [${Array.from({ length: 17 }, () => '{ label: x, when: { parameter: eps.eclipse, value: 1 }, limits: { red: { low: 1 } } }').join(', ')}]`,
        /derived\.0\.contexts: .*16/,
      ],
    ];
    for (const [extra, expected] of cases) {
      const text = yamlWith(`  - id: eps.p
    name: P
    unit: V
    expression: eps.batt_voltage
    ${extra}
`);
      const lines = load(text).problems.map(formatProblem);
      expect(
        lines.find((l) => expected.test(l)),
        `${extra}\n${lines.join('\n')}`,
      ).toMatch(new RegExp(`^mission\\.yaml:${lineOf(text, extra.slice(0, 10), 'id: eps.p')}: `));
    }
  });

  it('refuses a declaration for a spacecraft that does not send the packet its inputs come in', () => {
    const pathfinderYaml = fs.readFileSync(path.join(PATHFINDER_DIR, 'mission.yaml'), 'utf8');
    const text = `${pathfinderYaml.slice(0, pathfinderYaml.indexOf('\nderived:'))}\nderived:\n  - id: eps.power
    spacecraft: [ortaq-1, pathfinder-1]
    name: Power
    unit: W
    expression: eps.batt_voltage * eps.batt_current
`;
    expect(load(text).problems.map(formatProblem)).toEqual([
      `mission.yaml:${lineOf(text, 'spacecraft: [ortaq-1')}: derived parameter eps.power is declared for pathfinder-1, which does not send EPS_HK, the packet its inputs come in`,
    ]);
  });
});
