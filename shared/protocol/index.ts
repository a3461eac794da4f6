export * from './api';
export * from './auth';
export * from './ingest';
export * from './limits';
export * from './live';
export * from './sim';
export * from './status';
export * from './health';
