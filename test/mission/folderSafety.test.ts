// The mission folder is the only place the loader reads: whatever a mission.yaml names — a path with `..`,
// an absolute path, a symbolic link (of the file or of a folder on the way) resolving outside — is refused
// with a sentence saying why, and so is anything over the size limits or that is not a plain file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMissionCli } from '../../server/mission/cli';
import { readMissionFile, SHIPPED_MISSION_DIR } from '../../server/mission/folder';
import { MAX_MISSION_YAML_BYTES } from '../../shared/mission/missionFile';

let root: string;
let dir: string;
let outside: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-folder-'));
  dir = path.join(root, 'mission');
  outside = path.join(root, 'elsewhere');
  fs.mkdirSync(dir);
  fs.mkdirSync(outside);
  fs.copyFileSync(path.join(SHIPPED_MISSION_DIR, 'ortaq.xml'), path.join(outside, 'ortaq.xml'));
  fs.copyFileSync(path.join(SHIPPED_MISSION_DIR, 'ortaq.xml'), path.join(dir, 'ortaq.xml'));
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** The shipped mission.yaml with every spacecraft's `xtce:` replaced. */
function missionNaming(xtce: string): void {
  const yaml = fs.readFileSync(path.join(SHIPPED_MISSION_DIR, 'mission.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'mission.yaml'), yaml.replaceAll('xtce: ortaq.xml', `xtce: ${xtce}`));
}

function check(): { code: number; out: string } {
  const lines: string[] = [];
  const code = runMissionCli(['check', dir], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, out: lines.join('\n') };
}

describe('files a mission folder names', () => {
  it('runs when the XTCE is inside, also through a symbolic link that stays inside', () => {
    missionNaming('ortaq.xml');
    expect(check().code).toBe(0);
    fs.symlinkSync(path.join(dir, 'ortaq.xml'), path.join(dir, 'alias.xml'));
    missionNaming('alias.xml');
    expect(check().code).toBe(0);
  });

  it('refuses an absolute path', () => {
    missionNaming(path.join(outside, 'ortaq.xml'));
    const { code, out } = check();
    expect(code).toBe(1);
    expect(out).toMatch(/mission\.yaml:\d+: cannot read .*: the path leads outside the mission folder/);
  });

  it('refuses a symbolic link to a file outside the folder', () => {
    fs.symlinkSync(path.join(outside, 'ortaq.xml'), path.join(dir, 'linked.xml'));
    missionNaming('linked.xml');
    const { code, out } = check();
    expect(code).toBe(1);
    expect(out).toMatch(
      /mission\.yaml:\d+: cannot read linked\.xml: the path is a symbolic link leading outside the mission folder/,
    );
  });

  it('refuses a file reached through a linked folder that lies outside', () => {
    fs.symlinkSync(outside, path.join(dir, 'shared'));
    missionNaming('shared/ortaq.xml');
    const { code, out } = check();
    expect(code).toBe(1);
    expect(out).toContain('cannot read shared/ortaq.xml: the path is a symbolic link leading outside');
  });

  it('refuses a mission.yaml that is itself a link to a file outside', () => {
    missionNaming('ortaq.xml');
    fs.renameSync(path.join(dir, 'mission.yaml'), path.join(outside, 'mission.yaml'));
    fs.symlinkSync(path.join(outside, 'mission.yaml'), path.join(dir, 'mission.yaml'));
    const { code, out } = check();
    expect(code).toBe(1);
    expect(out).toContain('symbolic link leading outside the mission folder');
  });

  it('refuses a folder where a file is expected', () => {
    fs.mkdirSync(path.join(dir, 'folder.xml'));
    missionNaming('folder.xml');
    const { code, out } = check();
    expect(code).toBe(1);
    expect(out).toContain('cannot read folder.xml: not a regular file');
  });

  it('refuses files over the size limits before reading them', () => {
    fs.writeFileSync(path.join(dir, 'big.xml'), ' '.repeat(2000));
    expect(readMissionFile(dir, 'big.xml', 1000)).toEqual({
      ok: false,
      error: 'the file is larger than the limit of 1000 bytes',
    });
    fs.writeFileSync(path.join(dir, 'mission.yaml'), `# ${'x'.repeat(MAX_MISSION_YAML_BYTES)}\n`);
    const { code, out } = check();
    expect(code).toBe(1);
    expect(out).toContain(`the file is larger than the limit of ${MAX_MISSION_YAML_BYTES} bytes`);
  });
});
