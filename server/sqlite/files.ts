// The SQLite files of a data folder (ORTAQ_DATA_DIR). Named here, below the rooms that open them, so the
// archive's care (check, backup, restore of the whole folder) knows the auth store's file without reaching
// into the auth room, and the auth room needs nothing of the archive's.
export const ARCHIVE_DB_FILE = 'ortaq.sqlite';
/** Users, sessions, tokens and the audit log live in their own SQLite file beside the archive. */
export const AUTH_DB_FILE = 'auth.sqlite';
