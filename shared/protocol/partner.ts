// A partner id on the wire. Which partners exist is mission data (mission.yaml), so schemas accept any id of
// the right form and the server checks it against the loaded mission where it matters.
import { z } from 'zod';
import { PARTNER_ID_PATTERN } from '../dictionary/types';

export const partnerIdSchema = z
  .string()
  .regex(PARTNER_ID_PATTERN, 'a partner id: 2 to 8 upper-case letters and digits, e.g. KZ');
