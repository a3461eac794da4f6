// PostgreSQL schema of the archive, as numbered migrations applied at start. The big tables (frames,
// receptions) are partitioned by day on packet time, so retention drops whole partitions instead of deleting
// rows; their partitions are created as data arrives (see partitions.ts). Migrations 1 and 2 are kept as they
// ran: an archive created before migration 3 still had a samples table.
import type { Migration, MigrationSet } from '../../postgres/migrations';
import { linkCountColumns } from '../linkCellSql';
import { RECEPTION_CELL_MS } from '../receptionCells';
import { PENDING_ROLLUPS_MIGRATION } from './coarseRollups';
import { CONTACT_DAYS_MIGRATION } from './contactDays';
import { RECEPTION_HOURS_MIGRATION } from './receptionHours';

/** Gives `<table>_v3` the day partitions `table` has, named `<partition>_v3`. */
function mirrorPartitions(table: string): string {
  return `DO $$
DECLARE part record;
BEGIN
  FOR part IN
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '${table}'::regclass
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF ${table}_v3 %s', part.name || '_v3', part.bound);
  END LOOP;
END $$;`;
}

/** Drops `table`; `<table>_v3`, its key and its partitions take the old names. */
function takeOver(table: string): string {
  return `DROP TABLE ${table};
ALTER TABLE ${table}_v3 RENAME TO ${table};
ALTER INDEX ${table}_v3_pkey RENAME TO ${table}_pkey;
DO $$
DECLARE part record;
BEGIN
  FOR part IN
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = '${table}'::regclass
  LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', part.name, left(part.name, -3));
  END LOOP;
END $$;`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE names (
  id serial PRIMARY KEY,
  kind text NOT NULL,
  name text NOT NULL,
  UNIQUE (kind, name)
);
-- The de-duplication key: a packet heard by several stations, on any node, is one row.
CREATE TABLE frames (
  sc integer NOT NULL, t bigint NOT NULL, apid integer NOT NULL, seq integer NOT NULL,
  pb boolean NOT NULL, recv bigint NOT NULL, bytes bytea NOT NULL,
  PRIMARY KEY (sc, t, apid, seq)
) PARTITION BY RANGE (t);
-- Frames arrive roughly in time order, so a BRIN index on time stays tiny and still skips most pages.
CREATE INDEX frames_time ON frames USING brin (t);
CREATE INDEX frames_recv ON frames (recv);
CREATE TABLE receptions (
  station integer NOT NULL, sc integer NOT NULL, t bigint NOT NULL,
  ert bigint, snr double precision, uniq boolean NOT NULL
) PARTITION BY RANGE (t);
CREATE INDEX receptions_pass ON receptions (sc, station, t);
CREATE TABLE samples (
  sc integer NOT NULL, p integer NOT NULL, t bigint NOT NULL, v double precision NOT NULL, pb boolean NOT NULL,
  PRIMARY KEY (sc, p, t)
) PARTITION BY RANGE (t);
CREATE TABLE rollup_minute (
  sc integer NOT NULL, p integer NOT NULL, t bigint NOT NULL,
  n bigint NOT NULL, sum double precision NOT NULL, min double precision NOT NULL, max double precision NOT NULL,
  PRIMARY KEY (sc, p, t)
);
CREATE TABLE rollup_hour (LIKE rollup_minute INCLUDING ALL);
CREATE TABLE alarms (
  id text PRIMARY KEY, sc text NOT NULL, open boolean NOT NULL, opened bigint NOT NULL, body jsonb NOT NULL
);
CREATE INDEX alarms_open ON alarms (open, opened);
CREATE TABLE events (
  id text PRIMARY KEY, sc text, t bigint NOT NULL, severity text NOT NULL, body jsonb NOT NULL
);
CREATE INDEX events_time ON events (t);
CREATE TABLE station_counters (
  station text PRIMARY KEY, received bigint NOT NULL, uniq bigint NOT NULL, dups bigint NOT NULL,
  last_frame bigint, best_snr double precision
);
CREATE TABLE station_rejects (
  station text NOT NULL, code text NOT NULL, n bigint NOT NULL,
  PRIMARY KEY (station, code)
);
CREATE TABLE downlink (
  sc text NOT NULL, station text NOT NULL, t bigint NOT NULL,
  seconds double precision NOT NULL, bytes double precision NOT NULL,
  PRIMARY KEY (sc, station, t)
);
`,
  },
  {
    version: 2,
    // The 10-minute tier, filled from the minute rollup so an archive written before it answers from it too.
    sql: `
CREATE TABLE rollup_10min (LIKE rollup_minute INCLUDING ALL);
INSERT INTO rollup_10min (sc, p, t, n, sum, min, max)
SELECT sc, p, t / 600000 * 600000, sum(n), sum(sum), min(min), max(max) FROM rollup_minute
GROUP BY sc, p, t / 600000 * 600000;
`,
  },
  {
    version: 3,
    // No more row per parameter: raw history decodes the frames of the parameter's APID, so frames are keyed
    // (sc, apid, t, seq), the same de-duplication key in an order that holds one APID's frames together. And
    // receptions are summed per second (server/archive/receptionCells.ts) instead of a row per frame heard.
    // A partitioned table's key cannot be changed in place: a new table gets the same day partitions, the
    // rows are copied, the old table goes, and the new one and its partitions take the old names. Indexes
    // are built after the copy, which is faster than keeping them up to date during it.
    sql: `
CREATE TABLE frames_v3 (
  sc integer NOT NULL, apid integer NOT NULL, t bigint NOT NULL, seq integer NOT NULL,
  pb boolean NOT NULL, recv bigint NOT NULL, bytes bytea NOT NULL,
  PRIMARY KEY (sc, apid, t, seq)
) PARTITION BY RANGE (t);
${mirrorPartitions('frames')}
INSERT INTO frames_v3 (sc, apid, t, seq, pb, recv, bytes)
SELECT sc, apid, t, seq, pb, recv, bytes FROM frames;
${takeOver('frames')}
CREATE INDEX frames_time ON frames USING brin (t);
-- frames(spacecraft, window) in time order; the key, led by APID, cannot serve it.
CREATE INDEX frames_sc_time ON frames (sc, t);
CREATE INDEX frames_recv ON frames (recv);
CREATE TABLE receptions_v3 (
  sc integer NOT NULL, station integer NOT NULL, t bigint NOT NULL, first bigint NOT NULL, last bigint NOT NULL,
  n integer NOT NULL, uniq integer NOT NULL, snr_sum double precision NOT NULL, snr_n integer NOT NULL,
  snr_max double precision,
  PRIMARY KEY (sc, station, t)
) PARTITION BY RANGE (t);
${mirrorPartitions('receptions')}
INSERT INTO receptions_v3 (sc, station, t, first, last, n, uniq, snr_sum, snr_n, snr_max)
SELECT sc, station, t / ${RECEPTION_CELL_MS} * ${RECEPTION_CELL_MS}, min(t), max(t), count(*),
  count(*) FILTER (WHERE uniq), coalesce(sum(snr), 0), count(snr), max(snr)
FROM receptions GROUP BY sc, station, t / ${RECEPTION_CELL_MS};
${takeOver('receptions')}
DROP TABLE samples;
`,
  },
  {
    version: 4,
    // Limits changed at run time: every change (never pruned) and the change in force per spacecraft and
    // parameter (a revert deletes its row). See server/limits/changes.ts.
    sql: `
CREATE TABLE limit_changes (
  id serial PRIMARY KEY, sc text NOT NULL, p text NOT NULL, t bigint NOT NULL,
  actor text NOT NULL, previous jsonb, limits jsonb, reason text NOT NULL
);
CREATE INDEX limit_changes_parameter ON limit_changes (sc, p, id);
CREATE TABLE limit_overrides (
  sc text NOT NULL, p text NOT NULL, change_id integer NOT NULL REFERENCES limit_changes (id),
  PRIMARY KEY (sc, p)
);
`,
  },
  {
    version: 5,
    // Which station delivered each frame first (the ledger's count; older frames have none), and the
    // ledger's closed days, append-only: a trigger refuses any change to a day once written.
    sql: `
ALTER TABLE frames ADD COLUMN station integer;
CREATE TABLE ledger_days (
  day text PRIMARY KEY, prev text NOT NULL, hash text NOT NULL, records text NOT NULL
);
CREATE FUNCTION ledger_days_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the ledger is append-only'; END $$;
CREATE TRIGGER ledger_days_append_only BEFORE UPDATE OR DELETE ON ledger_days
FOR EACH ROW EXECUTE FUNCTION ledger_days_append_only();
`,
  },
  {
    version: 6,
    // Every station's reception of every packet (server/archive/packetReceptions.ts), keyed like the packet
    // then the station, partitioned by day like frames: each day frames already has gets its partition here.
    sql: `
CREATE TABLE packet_receptions (
  sc integer NOT NULL, t bigint NOT NULL, apid integer NOT NULL, seq integer NOT NULL, station integer NOT NULL,
  recv bigint NOT NULL, ert bigint, snr double precision, vc smallint, fc smallint,
  PRIMARY KEY (sc, t, apid, seq, station)
) PARTITION BY RANGE (t);
DO $$
DECLARE part record;
BEGIN
  FOR part IN
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'frames'::regclass
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF packet_receptions %s',
      'packet_receptions' || substr(part.name, 7), part.bound);
  END LOOP;
END $$;
`,
  },
  {
    version: 7,
    // What became of each predicted pass (server/contacts): one row per spacecraft, station and AOS.
    sql: `
CREATE TABLE contacts (
  sc text NOT NULL, station text NOT NULL, aos bigint NOT NULL, los bigint NOT NULL,
  outcome text NOT NULL, cause text, settled boolean NOT NULL, body text NOT NULL,
  PRIMARY KEY (sc, station, aos)
);
CREATE INDEX contacts_aos ON contacts (aos);
CREATE INDEX contacts_los ON contacts (los);
CREATE INDEX contacts_unsettled ON contacts (los) WHERE NOT settled;
`,
  },
  {
    version: 8,
    // Packet reassembly kept from a clean stop of a node to the next start (server/ingest/reassemblyState.ts).
    sql: `
CREATE TABLE link_reassembly (station text PRIMARY KEY, state text NOT NULL);
`,
  },
  {
    version: 9,
    // Receptions per hour, what fair share totals (server/archive/postgres/receptionHours.ts).
    sql: RECEPTION_HOURS_MIGRATION,
  },
  {
    version: 10,
    // What the TM link layer counted per station, spacecraft, virtual channel and ten seconds of earth-receive
    // time (server/archive/linkCells.ts), for each pass's link figures.
    sql: `
CREATE TABLE link_cells (
  sc text NOT NULL, station text NOT NULL, t bigint NOT NULL, vc smallint NOT NULL,
  ${linkCountColumns('bigint')}, clcw text, clcw_t bigint,
  PRIMARY KEY (sc, station, t, vc)
);
CREATE INDEX link_cells_time ON link_cells (t);
`,
  },
  {
    version: 11,
    // Contact records counted per day, station, outcome, cause and spacecraft, kept by triggers on the
    // records (server/archive/contactDays.ts): what availability adds up instead of every record.
    sql: CONTACT_DAYS_MIGRATION,
  },
  {
    version: 12,
    // The 10-minute cells whose 10-minute and hour rollups wait to be rebuilt from the minute rollup
    // (server/archive/postgres/coarseRollups.ts). The coarse cells already there stay: they were upserted
    // with every commit, so they hold every sample before this version, and a rebuild replaces one exactly.
    sql: PENDING_ROLLUPS_MIGRATION,
  },
];

export const ARCHIVE_MIGRATION_SET: MigrationSet = {
  name: 'archive',
  table: 'schema_migrations',
  migrations: MIGRATIONS,
};
