// The notifier's settings from the environment (read by server/index.ts only).
import fs from 'node:fs';
import { webhookUrlProblem } from '../../shared/protocol/notify';
import type { SmtpTrust } from './senders';

export interface NotifyConfig {
  /** ORTAQ_PUBLIC_URL: where operators open the dashboard; links in notifications start with it. */
  publicUrl: string;
  /** ORTAQ_SMTP_CA_FILE: PEM file of extra CA certificates for SMTP servers (a private CA). */
  smtpTrust: SmtpTrust;
}

export function readNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const publicUrl = env.ORTAQ_PUBLIC_URL ?? '';
  if (publicUrl !== '' && webhookUrlProblem(publicUrl)) {
    throw new Error(`ORTAQ_PUBLIC_URL: ${webhookUrlProblem(publicUrl)}: ${publicUrl}`);
  }
  const caFile = env.ORTAQ_SMTP_CA_FILE;
  return { publicUrl, smtpTrust: caFile ? { ca: fs.readFileSync(caFile, 'utf8') } : {} };
}
