/**
 * The epochs an absolute time may count seconds from (XTCE's ReferenceTime/Epoch): 1958 TAI (CCSDS level 1
 * time), Unix time (1970 UTC), GPS time (1980-01-06) and J2000. The XTCE reader names them, the dictionary
 * carries them with a time parameter, shared/xtce/time.ts converts them to UTC.
 */
export type TimeEpoch = 'TAI' | 'UNIX' | 'J2000' | 'GPS';
