// `npm run mission -- frame FILE.bin|HEX`: prints a TM transfer frame's header fields and the packets it
// completes (several frames back to back in a file are read in order), for engineers checking a station.
import fs from 'node:fs';
import { DICTIONARY } from '../../shared/dictionary';
import { parseHex, reportFrames } from './frameReport';

const USAGE = 'usage: npm run mission -- frame FILE.bin|HEX';

function frameCommand(argument: string | undefined): number {
  if (!argument) {
    console.error(USAGE);
    return 2;
  }
  const bytes = fs.existsSync(argument) ? new Uint8Array(fs.readFileSync(argument)) : parseHex(argument);
  if (!bytes) {
    console.error(`${argument}: neither a file nor hex digits\n${USAGE}`);
    return 2;
  }
  for (const line of reportFrames(bytes, DICTIONARY)) console.log(line);
  return 0;
}

const [command, argument] = process.argv.slice(2);
if (command === 'frame') process.exitCode = frameCommand(argument);
else {
  console.error(USAGE);
  process.exitCode = 2;
}
