// The shipped mission.yaml with another `derived:` section, loaded from memory beside the XTCE files it
// names: how the tests of derived parameters try a declaration and find the line a problem is reported at.
import fs from 'node:fs';
import path from 'node:path';
import { loadMissionFrom } from '../../shared/mission/loader';
import { SHIPPED_MISSION_DIR } from '../../server/mission/folder';

export const SHIPPED_YAML = fs.readFileSync(path.join(SHIPPED_MISSION_DIR, 'mission.yaml'), 'utf8');
export const FLEET_YAML = SHIPPED_YAML.slice(0, SHIPPED_YAML.indexOf('\n# Parameters computed'));
export const ORTAQ_XML = fs.readFileSync(path.join(SHIPPED_MISSION_DIR, 'ortaq.xml'), 'utf8');

/** The shipped fleet with another `derived:` section. */
export function yamlWith(derived: string): string {
  return `${FLEET_YAML}\nderived:\n${derived}`;
}

/** Loads `yaml` as mission.yaml beside ortaq.xml and `otherFiles` (name → text); no other file exists. */
export function loadMissionYaml(yaml: string, otherFiles: Record<string, string> = {}) {
  const files: Record<string, string> = { 'ortaq.xml': ORTAQ_XML, ...otherFiles, 'mission.yaml': yaml };
  return loadMissionFrom((p) =>
    p in files ? { ok: true, text: files[p]! } : { ok: false, error: 'no such file' },
  );
}

/** 1-based line of the first line of `text` that contains `needle` (after `after`, when given). */
export function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split('\n');
  const start = after ? lines.findIndex((l) => l.includes(after)) : 0;
  const at = lines.findIndex((l, i) => i >= start && l.includes(needle));
  if (at < 0) throw new Error(`${needle} not in the file`);
  return at + 1;
}
