import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGES, makeI18n, placeholderNames, translate } from '../../client/i18n';
import { eventText } from '../../client/i18n/eventText';
import { browserLocale, LOCALES, ortaqStore, type Locale } from '../../client/store';
import { indexDictionary } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import { alarm, event, T0 } from '../fixtures/dashboard';
import { renderAt, seedStore } from '../helpers/client';
import { untranslatedStrings } from '../helpers/untranslated';

const VIEWS = [
  '/fleet',
  '/spacecraft/kazeosat-2',
  '/alarms?show=all',
  '/investigate',
  '/stations',
  '/partners',
  '/admin',
  '/wall',
  '/no-such-page',
];

/** Alarms and events of every kind the server sends, so their rendering is checked too. */
function seedActivity(): void {
  const state = ortaqStore.getState();
  state.mergeAlarms([
    alarm('a1', { context: 'eclipse' }),
    alarm('a2', {
      spacecraftId: 'imece',
      parameterId: 'thermal.payload_temp',
      level: 'red',
      side: 'high',
      acknowledged: { by: 'ops', atMs: T0 - 30_000, comment: '' },
    }),
  ]);
  state.mergeEvents([
    event('e1', T0 - 5000, { spacecraftId: 'kazeosat-2', detail: { kind: 'onboard', arg: 2 } }),
    event('e2', T0 - 4000, {
      spacecraftId: 'kazeosat-2',
      source: 'ground',
      severity: 'warning',
      code: 'ALARM_ACKNOWLEDGED',
      text: 'thermal.payload_temp yellow high at 26.35: acknowledged by ops',
      detail: {
        kind: 'alarm',
        transition: 'acknowledged',
        parameterId: 'thermal.payload_temp',
        level: 'yellow',
        side: 'high',
        value: 26.35,
        by: 'ops',
      },
    }),
    event('e3', T0 - 3000, {
      spacecraftId: 'kazeosat-2',
      source: 'ground',
      severity: 'warning',
      code: 'CLOCK_AHEAD',
      text: 'packet time … ahead',
      detail: { kind: 'clockAhead', packetTimeMs: T0 + 90_000, leadS: 90 },
    }),
  ]);
}

describe('translation files', () => {
  it('have every key of English, with the same variables, and nothing left blank', () => {
    const keys = Object.keys(MESSAGES.en);
    expect(LOCALES).toEqual(['en', 'ru', 'tr', 'kk', 'az', 'uz', 'ky']);
    for (const locale of LOCALES) {
      const messages = MESSAGES[locale] as Record<string, string>;
      expect(Object.keys(messages).sort(), locale).toEqual([...keys].sort());
      for (const key of keys) {
        expect(messages[key]!.trim(), `${locale}:${key}`).not.toBe('');
        expect(placeholderNames(messages[key]!), `${locale}:${key}`).toEqual(
          placeholderNames(MESSAGES.en[key as 'app.title']),
        );
      }
    }
  });

  it('translate most messages: a new language is not English with a new name', () => {
    const keys = Object.keys(MESSAGES.en) as (keyof typeof MESSAGES.en)[];
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const same = keys.filter((k) => MESSAGES[locale][k] === MESSAGES.en[k]);
      // Kept on purpose: "PNG", "SNR"-style codes, "Ortaq", quaternion names and the like.
      expect(same.length, `${locale}: ${same.join(', ')}`).toBeLessThan(keys.length * 0.05);
    }
  });
});

describe('plurals, relative times, dates and numbers', () => {
  it('choose the plural form of the count in each language', () => {
    expect(translate('en', 'stations.framesCount', { count: 1 })).toBe('1 frame');
    expect(translate('en', 'stations.framesCount', { count: 1200 })).toBe('1,200 frames');
    expect(translate('ru', 'stations.framesCount', { count: 1 })).toBe('1 кадр');
    expect(translate('ru', 'stations.framesCount', { count: 3 })).toBe('3 кадра');
    expect(translate('ru', 'stations.framesCount', { count: 11 })).toBe('11 кадров');
    expect(translate('ru', 'stations.framesCount', { count: 22 })).toBe('22 кадра');
    expect(translate('tr', 'stations.framesCount', { count: 5 })).toBe('5 çerçeve');
  });

  it('say relative times from shipped words, whatever locale data the browser has', () => {
    expect(makeI18n('kk').relative(-4 * 60_000 - 5000)).toBe('4 мин. бұрын');
    expect(makeI18n('ky').relative(12_000)).toBe('12 сек. кийин');
    expect(makeI18n('uz').relative(-3 * 3600_000)).toBe('3 soat oldin');
    expect(makeI18n('az').relative(5 * 60_000)).toBe('5 dəq. sonra');
    expect(makeI18n('ru').relative(-2 * 86_400_000)).toBe('2 дня назад');
    expect(makeI18n('en').relative(-86_400_000)).toBe('1 day ago');
    expect(makeI18n('en').relative(400)).toBe('now');
  });

  it('write one UTC time format, the date separator per language', () => {
    expect(makeI18n('en').utc(T0 + 1234)).toBe('25/11/2026 12:00:01 UTC');
    expect(makeI18n('kk').utc(T0)).toBe('25.11.2026 12:00:00 UTC');
    expect(makeI18n('en').utc(T0, { date: false })).toBe('12:00:00 UTC');
    expect(makeI18n('tr').utc(T0, { date: false, seconds: false, mark: false })).toBe('12:00');
  });

  it('group and separate decimals as each language writes numbers', () => {
    expect(makeI18n('en').num(1234.5, 1)).toBe('1,234.5');
    expect(makeI18n('ru').num(1234.5, 1)).toBe('1\u00a0234,5');
    expect(makeI18n('tr').num(1234.5, 1)).toBe('1.234,5');
    expect(makeI18n('az').num(1234.5, 1)).toBe('1.234,5');
    expect(makeI18n('kk').num(-1234.5, 1)).toBe('-1\u00a0234,5');
    expect(makeI18n('en').num(-0.0001, 3)).toBe('0');
  });

  it('write durations and sizes with units people write', () => {
    expect(makeI18n('en').bytes(0)).toBe('0 B');
    expect(makeI18n('en').bytes(1_500_000)).toBe('1.5 MB');
    expect(makeI18n('ru').bytes(2_000_000_000)).toBe('2 ГБ');
    expect(makeI18n('en').duration(65 * 60_000)).toBe('1 h 5 min');
    expect(makeI18n('kk').duration(90_000)).toBe('1 мин 30 с');
  });
});

describe('first visit', () => {
  it('follows the first of the browser languages Ortaq speaks', () => {
    expect(browserLocale(['de-DE', 'ky-KG', 'ru'])).toBe('ky');
    expect(browserLocale(['uz-Cyrl-UZ'])).toBe('uz');
    expect(browserLocale(['AZ'])).toBe('az');
    expect(browserLocale(['fr', 'de'])).toBe('en');
    expect(browserLocale([])).toBe('en');
  });
});

describe('event log lines', () => {
  const dictionary = indexDictionary(DICTIONARY);

  it('name the parameter and say the limit in the reader language, never its id', () => {
    const e = event('x', T0, {
      code: 'ALARM_OPENED',
      detail: {
        kind: 'alarm',
        transition: 'opened',
        parameterId: 'thermal.payload_temp',
        level: 'yellow',
        side: 'high',
        value: 26.35,
      },
    });
    expect(eventText(makeI18n('en'), dictionary, e)).toBe(
      'Payload optics temperature above the yellow limit (26.35 °C): alarm raised',
    );
    expect(eventText(makeI18n('kk'), dictionary, e)).toBe(
      'Оптика температурасы: сары шектен жоғары (26,35 °C), дабыл берілді',
    );
  });

  it('fall back to the server text for events archived without details', () => {
    expect(eventText(makeI18n('tr'), dictionary, event('y', T0, { text: 'old line' }))).toBe('old line');
  });
});

describe.each(LOCALES)('every view in %s', (locale: Locale) => {
  beforeEach(() => {
    seedStore();
    seedActivity();
    act(() => ortaqStore.getState().setLocale(locale));
  });
  afterEach(cleanup);

  it.each(VIEWS)('%s shows no English left untranslated, no key and no raw code', async (url) => {
    const { container } = renderAt(url);
    // Lazy views (charts) arrive after their chunk: wait for the page heading.
    await waitFor(() => expect(container.querySelector('h1, h2, header')).not.toBeNull());
    await screen.findAllByText(/\S/);
    expect(untranslatedStrings(container, locale)).toEqual([]);
  });
});
