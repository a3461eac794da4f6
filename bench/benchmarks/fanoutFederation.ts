// The /live fan-out of the 100-spacecraft federation: 500 dashboards in the mix a control room and its
// partners run (wall screens and fleet views that follow the whole fleet's summaries, spacecraft views that
// chart 8 parameters of one spacecraft each) while 1,000 frames a second arrive. Same measurement as the
// `fanout` benchmark; target tick → dashboard p99 ≤ 50 ms with every charted sample delivered.
import type { BenchContext, ResultRow } from '../harness/types';
import { FEDERATION_DIR, loadFederation } from '../workloads/federation';
import { CHARTS, measureFanout, type FanoutClient } from './fanout';

const WALLS = 50;
const FLEET_VIEWS = 150;
const SPACECRAFT_VIEWS = 300;

export function run(context: BenchContext): Promise<ResultRow[]> {
  const { dictionary } = loadFederation();
  const clients: FanoutClient[] = [
    ...Array.from({ length: WALLS + FLEET_VIEWS }, () => ({
      subscription: { fleet: true, spacecraft: [] },
      charted: null,
    })),
    ...Array.from({ length: SPACECRAFT_VIEWS }, (_, i) => {
      const spacecraft = (i * 7) % dictionary.spacecraft.length;
      return {
        subscription: {
          fleet: true,
          spacecraft: [dictionary.spacecraft[spacecraft]!.id],
          parameters: CHARTS,
        },
        charted: { spacecraft, parameters: CHARTS },
      };
    }),
  ];
  return measureFanout(context, {
    bench: 'federation-fanout',
    dictionary,
    mission: FEDERATION_DIR,
    clients,
    describeClients: `${WALLS} wall screens, ${FLEET_VIEWS} fleet views, ${SPACECRAFT_VIEWS} spacecraft views × 8 charts, ${dictionary.spacecraft.length} spacecraft`,
    targetP99Ms: 50,
    // The server predicts passes as `npm start` does (the fleet summaries carry contact windows); the 500
    // dashboards all come from loopback, where production spreads them over many client addresses.
    server: { passes: true, connectionLimits: { perAddress: 1000 } },
  });
}
