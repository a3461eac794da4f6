// npm run mission -- check [DIR|FILE]      loads a mission folder (or one XTCE file) and prints what it holds
//                                          and every problem; exit 0 when it can run, 1 otherwise.
// npm run mission -- decode FILE CONTAINER HEX
//                                          decodes one packet against a container of an XTCE file and prints
//                                          each parameter as JSON: qualified name, raw, engineering, unit, limit.
// npm run mission -- frame FILE.bin|HEX     prints a TM transfer frame's header fields and the packets it
//                                          completes (frames back to back in a file are read in order).
// npm run mission -- generate-federation [DIR]
//                                          writes the federation mission (default mission/federation-100):
//                                          the shipped fleet grown to 100 spacecraft and 30 stations.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PhysicalChannelConfig } from '../../shared/link';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { MISSION_FILE } from '../../shared/mission/loader';
import { analyseDatabase } from '../../shared/xtce/analyse';
import { alarmState } from '../../shared/xtce/alarms';
import type { XtceDatabase, XtceParameter } from '../../shared/xtce/database';
import { PacketDecoder } from '../../shared/xtce/decoder';
import { formatProblem, hasErrors, type Problem } from '../../shared/xtce/problems';
import { loadXtce } from '../../shared/xtce/resolve';
import { DEFAULT_XML_LIMITS } from '../../shared/xtce/xml';
import { loadMissionFolder, missionDir } from './folder';
import { parseHex as parseFrameHex, reportFrames } from './frameReport';
import { FEDERATION_DIR, writeFederation } from './federation';

export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = [
  'usage: npm run mission -- check [DIR|FILE]',
  '       npm run mission -- decode FILE CONTAINER HEX',
  '       npm run mission -- frame FILE.bin|HEX',
  '       npm run mission -- generate-federation [DIR]',
];

function frame(argument: string, io: CliOutput): number {
  const bytes = fs.existsSync(argument) ? new Uint8Array(fs.readFileSync(argument)) : parseFrameHex(argument);
  if (!bytes) return fail(io, `${argument}: neither a file nor hex digits`);
  const mission = loadMissionFolder(missionDir());
  if (!mission.dictionary)
    return fail(io, `the mission in ${missionDir()} cannot run: npm run mission -- check`);
  const { links, dictionary } = mission;
  const decoder = missionFrameDecoder({ ...mission, dictionary });
  for (const line of reportFrames(bytes, dictionary, (id) => links.get(id)!, decoder)) io.out(line);
  return 0;
}

function fail(io: CliOutput, message: string): number {
  io.err(message);
  return 1;
}

function printProblems(problems: readonly Problem[], io: CliOutput): number {
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (problems.length > 0) io.out('');
  for (const problem of problems) io.out(formatProblem(problem));
  io.out('');
  io.out(
    errors === 0
      ? 'The mission can run.'
      : `${errors} problem${errors === 1 ? '' : 's'}: the mission cannot run.`,
  );
  return errors === 0 ? 0 : 1;
}

function checkFolder(dir: string, io: CliOutput): number {
  const loaded = loadMissionFolder(dir);
  io.out(`Mission ${dir}`);
  for (const s of loaded.spacecraft) {
    io.out(
      `  ${s.id}: ${s.xtce} from ${s.packetContainer}, ${s.containers.length} containers (${s.containers.join(', ')}), ${s.parameters} parameters`,
    );
    io.out(`    link${s.defaultLink ? ' (default)' : ''}: ${describeLink(s.link)}`);
  }
  if (loaded.derived.length > 0) {
    io.out(`  derived parameters, computed by the spacecraft sending their packet: ${loaded.derived.length}`);
    for (const line of loaded.derived) io.out(`    ${line}`);
  }
  return printProblems(loaded.problems, io);
}

/** One line an engineer can hold against the spacecraft's ICD. */
export function describeLink(link: PhysicalChannelConfig): string {
  const channels = link.virtualChannels
    .map((vc) => `VC${vc.vcid} ${vc.role}${vc.ocf ? ' + OCF' : ''}`)
    .join(', ');
  const { epoch, coarseOctets, fineOctets } = link.packetTime;
  const secondary =
    link.frameSecondaryHeaderBytes > 0 ? `, ${link.frameSecondaryHeaderBytes}-octet secondary header` : '';
  return (
    `${link.frameBytes}-octet frames${link.fecf ? ' with FECF' : ', no FECF'}${secondary}; ${channels}; ` +
    `packet time CUC ${coarseOctets}+${fineOctets} from ${epoch}; packets up to ${link.maxPacketBytes} octets`
  );
}

function readXtceFile(file: string): { database?: XtceDatabase; problems: Problem[] } | { error: string } {
  try {
    if (fs.statSync(file).size > DEFAULT_XML_LIMITS.maxBytes)
      return { error: `${file} is larger than ${DEFAULT_XML_LIMITS.maxBytes} bytes` };
    return loadXtce(fs.readFileSync(file, 'utf8'), path.basename(file));
  } catch (error) {
    return { error: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
}

function checkFile(file: string, io: CliOutput): number {
  const loaded = readXtceFile(file);
  if ('error' in loaded) return fail(io, loaded.error);
  const problems = [...loaded.problems];
  const database = loaded.database;
  io.out(`XTCE ${file}`);
  if (database) {
    io.out(`  ${database.parameters.length} parameters, ${database.containerByName.size} containers`);
    // Without a mission naming the packet container, every container without a base is a packet tree's root.
    for (const container of database.containerByName.values()) {
      if (!container.base)
        problems.push(
          ...analyseDatabase(database, container).filter((p) => !p.message.includes('does not derive from')),
        );
    }
  }
  return printProblems(problems, io);
}

function check(target: string | undefined, io: CliOutput): number {
  const resolved = path.resolve(target ?? missionDir());
  if (!fs.existsSync(resolved)) return fail(io, `no such file or folder: ${resolved}`);
  if (fs.statSync(resolved).isDirectory()) return checkFolder(resolved, io);
  if (path.basename(resolved) === MISSION_FILE) return checkFolder(path.dirname(resolved), io);
  return checkFile(resolved, io);
}

function parseHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/^0x/i, '').replace(/[\s:_-]/g, '');
  if (clean.length === 0 || clean.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(clean)) return undefined;
  return Uint8Array.from(clean.match(/../g)!, (pair) => parseInt(pair, 16));
}

function decode(file: string, containerName: string, hex: string, io: CliOutput): number {
  const loaded = readXtceFile(file);
  if ('error' in loaded) return fail(io, loaded.error);
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (!loaded.database || hasErrors(errors)) {
    for (const problem of errors) io.err(formatProblem(problem));
    return 1;
  }
  const database = loaded.database;
  const container =
    database.containerByName.get(containerName) ??
    database.containerByName.get(`/${database.rootName}/${containerName}`);
  if (!container) {
    io.err(
      `${containerName} is not a container of ${file}; it has ${[...database.containerByName.keys()].join(', ')}`,
    );
    return 1;
  }
  const bytes = parseHex(hex);
  if (!bytes) return fail(io, 'HEX must be an even number of hexadecimal digits (spaces allowed)');
  const result = new PacketDecoder(container, database.parameters.length).decode(bytes);
  if (!result.ok) {
    const reason =
      result.error === 'out_of_packet'
        ? 'the packet is shorter than its entries'
        : 'no concrete container matches it';
    io.err(`cannot decode: ${reason} (${result.error})`);
    return 1;
  }
  const { parameters, raw, eng } = result.packet;
  const values = new Map<XtceParameter, { raw: number | string; eng: number | string }>(
    parameters.map((p, i) => [p, { raw: raw[i]!, eng: eng[i]! }]),
  );
  const lookup = (p: XtceParameter) => values.get(p);
  const output = {
    container: result.packet.container.qualifiedName,
    parameters: parameters.map((p, i) => ({
      name: p.qualifiedName,
      raw: raw[i],
      engineering: eng[i],
      unit: p.type.unit,
      limit: alarmState(p, eng[i]!, lookup),
    })),
  };
  io.out(JSON.stringify(output, null, 2));
  return 0;
}

export function runMissionCli(args: readonly string[], io: CliOutput): number {
  const [command, ...rest] = args;
  if (command === 'check' && rest.length <= 1) return check(rest[0], io);
  if (command === 'decode' && rest.length === 3) return decode(rest[0]!, rest[1]!, rest[2]!, io);
  if (command === 'frame' && rest.length === 1) return frame(rest[0]!, io);
  if (command === 'generate-federation' && rest.length <= 1) {
    for (const file of writeFederation(path.resolve(rest[0] ?? FEDERATION_DIR))) io.out(`wrote ${file}`);
    return 0;
  }
  for (const line of USAGE) io.err(line);
  return 2;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = runMissionCli(process.argv.slice(2), { out: console.log, err: console.error });
}
