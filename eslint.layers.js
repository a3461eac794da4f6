// @ts-check
// The layers of Ortaq's rooms, enforced by `npm run lint`: which room may not import which. ESLint's
// no-restricted-imports sees the import specifier only, so each rule matches the relative specifiers that
// climb out of the importing folder and enter the forbidden one; type-only imports and re-exports count.
// Folder-level cycles in general are test/structure/importCycles.test.ts's to find; test/structure/
// layerRules.test.ts lints offending snippets through this config to show every rule fires.
import fs from 'node:fs';

/**
 * A relative specifier that climbs one or more folders and then enters one of `rooms`, also when the climb
 * goes past `top` and comes back down through it (`../../server/live` from server/archive/sqlite).
 * @param {string} top
 * @param {string[]} rooms
 */
const enters = (top, rooms) => `^(\\.\\./)+(${top}/)?(${rooms.join('|')})(/|$)`;

// shared/ has no folder named server or client, and server/ none named client, and so on: climbing into
// one of those names always leaves the importing top folder.
const NOT_SERVER_OR_CLIENT = {
  regex: enters('shared', ['server', 'client']),
  message: 'shared/ is what server and client have in common: it imports nothing of either.',
};
const NOT_CLIENT = {
  regex: enters('server', ['client']),
  message:
    'server/ imports nothing of client/: what both need lives in shared/ (the wire contract in shared/protocol).',
};
const NOT_SERVER = {
  regex: enters('client', ['server']),
  message:
    'client/ imports nothing of server/: what both need lives in shared/ (the wire contract in shared/protocol).',
};
// The archive stores what ingest hands it and answers what live asks: it knows neither.
const NOT_INGEST_OR_LIVE = {
  regex: enters('server', ['ingest', 'live']),
  message:
    'server/archive imports neither server/ingest nor server/live: move the type down, or let the consumer declare it.',
};
/** @param {string} view */
const NOT_ANOTHER_VIEW = (view) => ({
  // Views are flat folders, so a sibling view is exactly one `../` away.
  regex: `^\\.\\./(?!${view}(/|$))[\\w-]+`,
  message: `client/views/${view} imports no other view: what views share lives in client/components.`,
});

/**
 * One config block. A later block's options for a rule replace an earlier one's for the files both match,
 * so each block carries every pattern that applies to its files.
 * @param {string[]} files
 * @param {{ regex: string, message: string }[]} patterns
 */
const layer = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

const views = fs
  .readdirSync(new URL('./client/views/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export const layerRules = [
  layer(['shared/**/*.ts'], [NOT_SERVER_OR_CLIENT]),
  layer(['server/**/*.ts'], [NOT_CLIENT]),
  layer(['server/archive/**/*.ts'], [NOT_CLIENT, NOT_INGEST_OR_LIVE]),
  layer(['client/**/*.{ts,tsx}'], [NOT_SERVER]),
  ...views.map((view) => layer([`client/views/${view}/*.{ts,tsx}`], [NOT_SERVER, NOT_ANOTHER_VIEW(view)])),
];
