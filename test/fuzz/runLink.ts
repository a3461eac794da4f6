// `npm run fuzz:link -- [count] [seed]`: a long run of the TM link fuzz. Exits 1 on any failure.
import { runLinkFuzz } from './linkFuzz';

const count = Number(process.argv[2] ?? 10_000_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
if (!Number.isSafeInteger(count) || count <= 0 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run fuzz:link -- [count] [seed]');
  process.exit(2);
}

const started = performance.now();
const report = runLinkFuzz(count, seed);
const seconds = (performance.now() - started) / 1000;
console.log(`sequences: ${count} (${report.frames} frames) in ${seconds.toFixed(1)} s, seed ${seed}`);
console.log(
  `accepted ${report.accepted}, packets ${report.packets}, clean sequences ${report.cleanSequences}`,
);
console.log('rejected:', report.rejected);
console.log(`contexts at most ${report.maxContexts}, held at most ${report.maxHeldBytes} octets`);
const growthMb = (report.heapAfterBytes - report.heapBeforeBytes) / 1e6;
console.log(`heap growth ${growthMb.toFixed(2)} MB`);
if (report.failureCount > 0) {
  console.error(`${report.failureCount} failures (replay with seed ${seed}); first ones:`);
  for (const failure of report.failures) console.error(failure);
  process.exit(1);
}
console.log('no failures');
