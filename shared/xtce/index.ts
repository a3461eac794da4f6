// XTCE (OMG XML Telemetric and Command Exchange 1.2, CCSDS 660.0-B) for Ortaq: read, resolve, decode, check.
export * from './alarms';
export * from './database';
export * from './decoder';
export type * from './model';
export * from './problems';
export { comparisonValue, loadXtce, resolveXtce } from './resolve';
export { readXtce } from './readSystem';
export { epochSecondsToUtcMs, taiMinusUtcMs } from './time';
export { DEFAULT_XML_LIMITS, parseXml, type XmlElement, type XmlLimits } from './xml';
