// The mission folder on disk: ORTAQ_MISSION (default: the mission/ folder shipped with Ortaq) holds
// mission.yaml and the XTCE files it names. Files are read only from inside the folder and only up to the
// XML size limit, so a mission file cannot point the loader at anything else on the machine.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  loadMissionFrom,
  MISSION_FILE,
  type FileRead,
  type LoadedMission,
} from '../../shared/mission/loader';
import { MAX_MISSION_YAML_BYTES } from '../../shared/mission/missionFile';
import { formatProblem, hasErrors } from '../../shared/xtce/problems';
import { DEFAULT_XML_LIMITS } from '../../shared/xtce/xml';

export const SHIPPED_MISSION_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../mission',
);

export function missionDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.ORTAQ_MISSION || SHIPPED_MISSION_DIR);
}

/**
 * Reads a file of the mission folder; never throws. The file must stay inside the folder however it is named:
 * no absolute path, no `..` leading out, and no symbolic link (of the file or of a folder on the way)
 * resolving to a place outside it. Only regular files are read, and only up to `maxBytes`.
 */
export function readMissionFile(
  dir: string,
  relative: string,
  maxBytes = relative === MISSION_FILE ? MAX_MISSION_YAML_BYTES : DEFAULT_XML_LIMITS.maxBytes,
): FileRead {
  const full = path.resolve(dir, relative);
  if (path.isAbsolute(relative) || !inside(path.resolve(dir), full)) {
    return { ok: false, error: 'the path leads outside the mission folder' };
  }
  try {
    if (!inside(fs.realpathSync(dir), fs.realpathSync(full))) {
      return { ok: false, error: 'the path is a symbolic link leading outside the mission folder' };
    }
    const stat = fs.statSync(full);
    if (!stat.isFile()) return { ok: false, error: 'not a regular file' };
    if (stat.size > maxBytes)
      return { ok: false, error: `the file is larger than the limit of ${maxBytes} bytes` };
    return { ok: true, text: fs.readFileSync(full, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? 'no such file' : String(code ?? error) };
  }
}

function inside(folder: string, file: string): boolean {
  return file.startsWith(folder + path.sep);
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

/** A loaded mission that passed the check: it has a dictionary. */
export type RunnableMission = LoadedMission & { dictionary: NonNullable<LoadedMission['dictionary']> };

/** Loads a mission that must run: its dictionary, or InvalidMissionError with every problem. */
export function requireMission(dir: string): RunnableMission {
  const loaded = loadMissionFolder(dir);
  if (!loaded.dictionary || hasErrors(loaded.problems)) {
    throw new InvalidMissionError(
      dir,
      loaded.problems.filter((p) => p.severity === 'error').map(formatProblem),
    );
  }
  return loaded as RunnableMission;
}
