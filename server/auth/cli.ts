// `npm run user -- <command>`: manage users in the auth database: the PostgreSQL database of DATABASE_URL when
// it is set (the one every node shares), else auth.sqlite in ORTAQ_DATA_DIR. Works while the server runs
// (SQLite in WAL mode lets both open it). With REDIS_URL too, changes that end a user's sessions are sent to
// every node, which close that user's open sockets at once.
//   add <username> --partner KZ --role operator [--password …]   (no --password: one is generated, printed once)
//   set <username> [--partner TR] [--role engineer] [--password …] [--disable | --enable]
//   delete <username>
//   list
import os from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { systemClock } from '../../shared/clock';
import { DICTIONARY } from '../mission/shipped';
import { createAuth, type Auth } from './index';
import { readConfig, type Config } from '../config';
import { sendRevocationsToNodes } from '../cluster/revocations';
import { openAuthStore } from './openStore';

const USAGE = `usage: npm run user -- add <username> --partner KZ --role operator [--password PASSWORD]
       npm run user -- set <username> [--partner P] [--role R] [--password PASSWORD] [--disable|--enable]
       npm run user -- delete <username>
       npm run user -- list`;

const CLI_ACTOR = 'cli';

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      partner: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      disable: { type: 'boolean' },
      enable: { type: 'boolean' },
    },
  });
  const [command, username] = positionals;
  const config = readConfig();
  const auth = createAuth({ store: await openAuthStore(config), clock: systemClock, dictionary: DICTIONARY });
  const stopSending = await tellNodes(config, auth, command);
  try {
    if (command === 'list') {
      for (const u of await auth.accounts.list()) {
        console.log(`${u.username}\t${u.partner}\t${u.role}${u.disabled ? '\tdisabled' : ''}`);
      }
    } else if (command === 'add' && username) {
      const { user, generatedPassword } = await auth.accounts.create(
        { username, partner: values.partner as never, role: values.role as never, password: values.password },
        CLI_ACTOR,
      );
      console.log(`added ${user.username} (${user.role}, ${user.partner})`);
      if (generatedPassword) console.log(`password: ${generatedPassword}   (shown once)`);
    } else if (command === 'set' && username) {
      const disabled = values.disable ? true : values.enable ? false : undefined;
      const user = await auth.accounts.update(
        username,
        {
          partner: values.partner as never,
          role: values.role as never,
          password: values.password,
          disabled,
        },
        CLI_ACTOR,
      );
      console.log(
        `updated ${user.username} (${user.role}, ${user.partner}${user.disabled ? ', disabled' : ''})`,
      );
    } else if (command === 'delete' && username) {
      await auth.accounts.delete(username, CLI_ACTOR);
      console.log(`deleted ${username}`);
    } else {
      console.error(USAGE);
      process.exitCode = 2;
    }
  } finally {
    await stopSending?.();
    await auth.close();
  }
}

/** Connects to the nodes for the commands that can end sessions, when there are nodes to tell. */
async function tellNodes(config: Config, auth: Auth, command: string | undefined) {
  if (!config.databaseUrl || !config.redisUrl || (command !== 'set' && command !== 'delete')) return null;
  const stop = await sendRevocationsToNodes(
    { url: config.redisUrl, key: config.clusterKey, nodeId: `cli:${os.hostname()}:${process.pid}` },
    auth.revocations,
  );
  if (!stop) {
    console.warn('warning: Redis unreachable: open sockets of the user close when they reconnect or expire');
  }
  return stop;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message =
    error instanceof z.ZodError
      ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`error: ${message}`);
  process.exitCode = 1;
});
