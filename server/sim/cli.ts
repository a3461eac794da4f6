// npm run sim -- --server URL [--speed N] [--start ISO|now] [--tle FILE] [--link frames|packets]
//                 [--fault spacecraftId:kind]... [--tokens stationId:token,...]
// Runs the constellation and the partner ground stations as their own process, against any Ortaq server.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { DICTIONARY, LINKS } from '../mission/shipped';
import type { TleLines } from '../../shared/orbit';
import { FAULT_KINDS, faultRequestSchema, type FaultRequest } from '../../shared/protocol/sim';
import { parseStationTokens } from '../stationTokens';
import { createSimulationClock, MAX_SPEED } from './clock';
import { startSimulator } from './simulator';
import { DEFAULT_SIM_LINK, SIM_LINK_MODES, type SimLinkMode } from './linkMode';
import { parseStart, resolveStart, type StartChoice } from './startEpoch';
import { tlesFromFile } from './tleFile';

const USAGE = `usage: npm run sim -- --server URL [--speed N] [--start ISO|now] [--tle FILE] [--link frames|packets]
                      [--fault spacecraftId:kind]... [--tokens stationId:token,...]
  --speed   simulated seconds per wall-clock second, up to ${MAX_SPEED} (default 1)
  --start   simulated start time, UTC (default now: a server on the wall clock expects it)
  --tle     three-line TLE file replacing the bundled elements (matched by NORAD number)
  --link    frames: each spacecraft's fixed-length TM transfer frames (default); packets: one packet a frame
  --fault   fault active from the start: ${FAULT_KINDS.join(', ')}
  --tokens  station tokens (default: ORTAQ_STATION_TOKENS)`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseFault(text: string): FaultRequest {
  const separator = text.lastIndexOf(':');
  const parsed = faultRequestSchema.safeParse({
    spacecraftId: text.slice(0, separator),
    fault: text.slice(separator + 1),
  });
  if (!parsed.success || !DICTIONARY.spacecraft.some((s) => s.id === parsed.data.spacecraftId)) {
    fail(`--fault: expected spacecraftId:kind, got "${text}"`);
  }
  return parsed.data;
}

interface CliOptions {
  serverUrl: string;
  speed: number;
  start: StartChoice;
  tles: Map<string, TleLines> | undefined;
  link: SimLinkMode;
  faults: FaultRequest[];
  stationTokens: Map<string, string>;
}

function readTles(file: string | undefined): Map<string, TleLines> | undefined {
  if (!file) return undefined;
  const result = tlesFromFile(fs.readFileSync(file, 'utf8'), DICTIONARY);
  for (const warning of result.warnings) console.warn(`--tle: ${warning}`);
  console.log(`--tle: elements for ${[...result.tles.keys()].join(', ') || 'no spacecraft'}`);
  return result.tles;
}

function readTokens(text: string | undefined): Map<string, string> {
  try {
    const tokens = parseStationTokens(text);
    if (tokens.size === 0) fail('no station tokens: pass --tokens or set ORTAQ_STATION_TOKENS');
    return tokens;
  } catch (error) {
    fail((error as Error).message);
  }
}

/** The command line, validated; exits with the usage on anything wrong, returns null for --help. */
function parseCommandLine(): CliOptions | null {
  const { values } = parseArgs({
    options: {
      server: { type: 'string' },
      speed: { type: 'string', default: '1' },
      start: { type: 'string', default: 'now' },
      tle: { type: 'string' },
      link: { type: 'string', default: DEFAULT_SIM_LINK },
      fault: { type: 'string', multiple: true, default: [] },
      tokens: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  if (!values.server) fail('--server is required');
  const speed = Number(values.speed);
  if (!(speed > 0 && speed <= MAX_SPEED)) fail(`--speed: expected a number above 0 and up to ${MAX_SPEED}`);
  const start = parseStart(values.start);
  if (start === undefined) fail(`--start: expected an ISO 8601 UTC time or "now"`);
  const link = SIM_LINK_MODES.find((mode) => mode === values.link);
  if (!link) fail(`--link: expected ${SIM_LINK_MODES.join(' or ')}, got "${values.link}"`);
  return {
    serverUrl: values.server,
    speed,
    start,
    tles: readTles(values.tle),
    link,
    faults: values.fault.map(parseFault),
    stationTokens: readTokens(values.tokens ?? process.env.ORTAQ_STATION_TOKENS),
  };
}

function main(): void {
  const options = parseCommandLine();
  if (!options) return console.log(USAGE);
  const startMs = resolveStart(options.start, Date.now());
  const clock = createSimulationClock({ startMs, speed: options.speed });
  const { simulator, stop } = startSimulator({
    dictionary: DICTIONARY,
    links: LINKS,
    clock,
    ...options,
    log: console.log,
  });
  const stations = [...options.stationTokens.keys()].join(', ');
  console.log(
    `Ortaq simulator: ${new Date(startMs).toISOString()} at ${options.speed}×, ${options.link}, stations ${stations}`,
  );
  const report = setInterval(() => {
    const line = simulator
      .stations()
      .map((s) => `${s.stationId} ${s.stored}/${s.queued}${s.dropped ? ` dropped ${s.dropped}` : ''}`)
      .join(' · ');
    console.log(`${new Date(clock.now()).toISOString()} stored/queued: ${line}`);
  }, 10_000);
  const shutdown = () => {
    clearInterval(report);
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main();
