// `npm run start:node -- --port P`: one more server node of a multi-node deployment. Same environment as the
// first node (DATABASE_URL, REDIS_URL, ORTAQ_STATION_TOKENS); never runs the simulator and builds nothing.
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', short: 'p' } }, strict: true });
if (values.port !== undefined) process.env.PORT = values.port;
process.env.ORTAQ_SIM = 'off';
if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
  console.warn('start:node: without DATABASE_URL and REDIS_URL this node shares nothing with the others');
}
await import('./index');
