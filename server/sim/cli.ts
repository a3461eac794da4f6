// npm run sim -- --server URL [--speed N] [--start ISO|now|next-contact] [--tle FILE]
//                 [--fault spacecraftId:kind]... [--tokens stationId:token,...]
// Runs the constellation and the partner ground stations as their own process, against any Ortaq server.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { DICTIONARY } from '../../shared/dictionary';
import { FAULT_KINDS, faultRequestSchema, type FaultRequest } from '../../shared/protocol/sim';
import { parseStationTokens } from '../config';
import { createSimulationClock, MAX_SPEED } from './clock';
import { startSimulator } from './simulator';
import { parseStart, resolveStart } from './startEpoch';
import { tlesFromFile } from './tleFile';

const USAGE = `usage: npm run sim -- --server URL [--speed N] [--start ISO|now|next-contact] [--tle FILE]
                      [--fault spacecraftId:kind]... [--tokens stationId:token,...]
  --speed   simulated seconds per wall-clock second, up to ${MAX_SPEED} (default 1)
  --start   simulated start time, UTC (default now: a server on the wall clock expects it)
  --tle     three-line TLE file replacing the bundled elements (matched by NORAD number)
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

function main(): void {
  const { values } = parseArgs({
    options: {
      server: { type: 'string' },
      speed: { type: 'string', default: '1' },
      start: { type: 'string', default: 'now' },
      tle: { type: 'string' },
      fault: { type: 'string', multiple: true, default: [] },
      tokens: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  if (!values.server) fail('--server is required');
  const speed = Number(values.speed);
  if (!(speed > 0 && speed <= MAX_SPEED)) fail(`--speed: expected a number above 0 and up to ${MAX_SPEED}`);
  const start = parseStart(values.start);
  if (start === undefined) fail(`--start: expected an ISO 8601 UTC time, "now" or "next-contact"`);
  let tles;
  if (values.tle) {
    const result = tlesFromFile(fs.readFileSync(values.tle, 'utf8'), DICTIONARY);
    for (const warning of result.warnings) console.warn(`--tle: ${warning}`);
    tles = result.tles;
    console.log(`--tle: elements for ${[...tles.keys()].join(', ') || 'no spacecraft'}`);
  }
  let stationTokens;
  try {
    stationTokens = parseStationTokens(values.tokens ?? process.env.ORTAQ_STATION_TOKENS);
  } catch (error) {
    fail((error as Error).message);
  }
  if (stationTokens.size === 0) fail('no station tokens: pass --tokens or set ORTAQ_STATION_TOKENS');

  const startMs = resolveStart(start, DICTIONARY, Date.now(), tles);
  const clock = createSimulationClock({ startMs, speed });
  const simulator = startSimulator({
    dictionary: DICTIONARY,
    clock,
    tles,
    faults: values.fault.map(parseFault),
    serverUrl: values.server,
    stationTokens,
    log: (message) => console.log(message),
  });
  console.log(
    `Ortaq simulator: ${new Date(startMs).toISOString()} at ${speed}×, stations ${[...stationTokens.keys()].join(', ')}`,
  );
  const report = setInterval(() => {
    const line = simulator.simulator
      .stations()
      .map((s) => `${s.stationId} ${s.stored}/${s.queued}${s.dropped ? ` dropped ${s.dropped}` : ''}`)
      .join(' · ');
    console.log(`${new Date(clock.now()).toISOString()} stored/queued: ${line}`);
  }, 10_000);
  const shutdown = () => {
    clearInterval(report);
    void simulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main();
