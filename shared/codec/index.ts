export * from './crc16';
export * from './frame';
export * from './layout';
