export * from './api';
export * from './auth';
export * from './ingest';
export * from './live';
export * from './sim';
export * from './status';
export * from './health';
export * from './partner';
