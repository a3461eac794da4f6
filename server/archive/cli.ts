// `npm run archive -- <command>`: care of the SQLite archive and auth store in ORTAQ_DATA_DIR.
//   check           integrity check of both (read-only; fine while the server runs)
//   backup FILE     online, consistent copy of the archive to FILE and the auth store to FILE's .auth twin,
//                   taken while the server runs
//   restore FILE    copies a backup (and its .auth twin) into ORTAQ_DATA_DIR, which must not hold either yet
// With DATABASE_URL the archive is PostgreSQL's: use pg_dump / pg_restore (docs/operations.md).
import { readConfig } from '../config';
import { backupDataDir, checkDataDir, restoreDataDir } from './sqlite/care';

const USAGE = `usage: npm run archive -- check
       npm run archive -- backup FILE
       npm run archive -- restore FILE`;

async function main(argv: string[]): Promise<number> {
  const [command, file, ...rest] = argv;
  const config = readConfig();
  if (config.databaseUrl) {
    console.error(
      'DATABASE_URL is set: the archive is in PostgreSQL; use pg_dump / pg_restore (docs/operations.md)',
    );
    return 2;
  }
  if (command === 'check' && file === undefined) {
    const results = checkDataDir(config.dataDir);
    if (results.length === 0) {
      console.error(`no archive in ${config.dataDir}`);
      return 1;
    }
    for (const result of results) {
      console.log(`${result.file}: ${result.ok ? 'ok' : 'DAMAGED'}`);
      for (const problem of result.problems) console.log(`  ${problem}`);
    }
    return results.every((r) => r.ok) ? 0 : 1;
  }
  if ((command === 'backup' || command === 'restore') && file && rest.length === 0) {
    const written =
      command === 'backup'
        ? await backupDataDir(config.dataDir, file)
        : await restoreDataDir(file, config.dataDir);
    for (const path of written) console.log(`${command === 'backup' ? 'wrote' : 'restored'} ${path}`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`archive: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
