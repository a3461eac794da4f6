// `npm run ledger -- verify|close|key|statement`: the ledger of the archive ORTAQ_DATA_DIR or DATABASE_URL
// names, with the key of ORTAQ_LEDGER_KEY (docs/sharing.md). Safe while the server runs: verify only reads.
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { missionDir, requireMission } from '../mission/folder';
import { openArchive } from '../cluster/deployment';
import { readConfig } from '../config';
import { runLedgerCommand } from './command';
import { loadOrCreateSigner } from './signer';

async function main(argv: string[]): Promise<number> {
  const config = readConfig();
  const mission = requireMission(missionDir());
  // Opened beside a server that may be running on the same archive: it does not take over its ingest's work.
  const ingests = false;
  const archive = await openArchive(
    config,
    { dictionary: mission.dictionary, decoder: missionFrameDecoder(mission) },
    ingests,
  );
  try {
    return await runLedgerCommand(argv, {
      archive,
      dictionary: mission.dictionary,
      signer: () => loadOrCreateSigner(config.ledgerKeyFile),
      nowMs: Date.now(),
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    });
  } finally {
    await archive.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`ledger: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
