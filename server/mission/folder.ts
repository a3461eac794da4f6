// The mission folder on disk: ORTAQ_MISSION (default: the mission/ folder shipped with Ortaq) holds
// mission.yaml and the XTCE files it names. Files are read only from inside the folder and only up to the
// XML size limit, so a mission file cannot point the loader at anything else on the machine.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMissionFrom, type FileRead, type LoadedMission } from '../../shared/mission/loader';
import { formatProblem, hasErrors } from '../../shared/xtce/problems';
import { DEFAULT_XML_LIMITS } from '../../shared/xtce/xml';

export const SHIPPED_MISSION_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../mission',
);

export function missionDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.ORTAQ_MISSION || SHIPPED_MISSION_DIR);
}

/** Reads a file of the mission folder; never throws. */
export function readMissionFile(
  dir: string,
  relative: string,
  maxBytes = DEFAULT_XML_LIMITS.maxBytes,
): FileRead {
  const full = path.resolve(dir, relative);
  if (path.isAbsolute(relative) || !full.startsWith(path.resolve(dir) + path.sep)) {
    return { ok: false, error: 'the path leads outside the mission folder' };
  }
  try {
    const size = fs.statSync(full).size;
    if (size > maxBytes)
      return { ok: false, error: `the file is larger than the limit of ${maxBytes} bytes` };
    return { ok: true, text: fs.readFileSync(full, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? 'no such file' : String(code ?? error) };
  }
}

export function loadMissionFolder(dir: string): LoadedMission {
  return loadMissionFrom((relative) => readMissionFile(dir, relative));
}

/** A mission that cannot run, with the check's messages: what the server prints instead of starting. */
export class InvalidMissionError extends Error {
  constructor(
    readonly dir: string,
    readonly messages: string[],
  ) {
    super(`the mission in ${dir} cannot run:\n${messages.map((m) => `  ${m}`).join('\n')}`);
  }
}

/** Loads a mission that must run: its dictionary, or InvalidMissionError with every problem. */
export function requireMission(
  dir: string,
): LoadedMission & { dictionary: NonNullable<LoadedMission['dictionary']> } {
  const loaded = loadMissionFolder(dir);
  if (!loaded.dictionary || hasErrors(loaded.problems)) {
    throw new InvalidMissionError(
      dir,
      loaded.problems.filter((p) => p.severity === 'error').map(formatProblem),
    );
  }
  return loaded as LoadedMission & { dictionary: NonNullable<LoadedMission['dictionary']> };
}
