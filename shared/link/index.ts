// The CCSDS TM space data link: transfer frames (132.0-B), the space packets they carry (133.0-B) and the
// physical channel each spacecraft flies. Pure; decoders never throw.
export * from './clcw';
export * from './config';
export * from './counts';
export * from './extractor';
export * from './frameWriter';
export * from './spacePacket';
export * from './transferFrame';
export * from './archiveFrame';
