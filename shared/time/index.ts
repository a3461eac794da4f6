export * from './cuc';
export * from './leapSeconds';
