import type { Partner } from './types';

export const PARTNERS: Partner[] = [
  { id: 'KZ', name: 'Kazakhstan', country: 'KZ' },
  { id: 'TR', name: 'Türkiye', country: 'TR' },
  { id: 'AZ', name: 'Azerbaijan', country: 'AZ' },
  { id: 'UZ', name: 'Uzbekistan', country: 'UZ' },
  { id: 'KG', name: 'Kyrgyzstan', country: 'KG' },
];
