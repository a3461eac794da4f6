export * from './api';
export * from './ingest';
export * from './live';
export * from './sim';
export * from './status';
