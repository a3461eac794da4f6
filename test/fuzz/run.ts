// `npm run fuzz -- [count] [seed]`: a long run of the frame decoder fuzz. Exits 1 on any failure.
import { DICTIONARY } from '../../server/mission/shipped';
import { runFrameFuzz } from './frameFuzz';

const count = Number(process.argv[2] ?? 20_000_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
if (!Number.isSafeInteger(count) || count <= 0 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run fuzz -- [count] [seed]');
  process.exit(2);
}

const started = performance.now();
const report = runFrameFuzz(DICTIONARY, count, seed);
const seconds = (performance.now() - started) / 1000;
console.log(`frames: ${count} in ${seconds.toFixed(1)} s, seed ${seed}`);
console.log('verdicts:', report.verdicts);
const growthMb = (report.heapAfterBytes - report.heapBeforeBytes) / 1e6;
console.log(
  `heap: ${(report.heapBeforeBytes / 1e6).toFixed(1)} MB -> ${(report.heapAfterBytes / 1e6).toFixed(1)} MB (${growthMb.toFixed(2)} MB)`,
);
if (report.failureCount > 0) {
  console.error(`${report.failureCount} failures (replay with seed ${seed}); first ones:`);
  for (const failure of report.failures) console.error(failure);
  process.exit(1);
}
console.log('no failures');
