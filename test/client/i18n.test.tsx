import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGES, makeI18n, translate } from '../../client/i18n';
import { LOCALES, ortaqStore } from '../../client/store';
import { renderAt, seedStore } from '../helpers/client';
import { T0 } from '../fixtures/dashboard';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translation files', () => {
  it('have every key of English, with the same placeholders, and nothing left blank', () => {
    const keys = Object.keys(MESSAGES.en);
    for (const locale of LOCALES) {
      const messages = MESSAGES[locale] as Record<string, string>;
      expect(Object.keys(messages).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        expect(messages[key]!.trim(), `${locale}:${key}`).not.toBe('');
        expect(placeholders(messages[key]!), `${locale}:${key}`).toEqual(
          placeholders(MESSAGES.en[key as 'app.title']),
        );
      }
    }
  });

  it('fills placeholders', () => {
    expect(translate('en', 'contact.next', { station: 'Ankara', when: 'in 5 min' })).toBe(
      'Next: Ankara in 5 min',
    );
  });

  it('formats numbers and UTC times per locale', () => {
    expect(makeI18n('en').num(1234.5, 1)).toBe('1,234.5');
    expect(makeI18n('ru').num(1234.5, 1)).toMatch(/^1\s234,5$/);
    expect(makeI18n('tr').num(1234.5, 1)).toBe('1.234,5');
    expect(makeI18n('en').num(-0.0001, 3)).toBe('0');
    expect(makeI18n('en').utc(T0, { date: false })).toBe('12:00:00');
    expect(makeI18n('ru').utc(T0)).toContain('25.11.2026');
  });
});

describe('switching language at run time', () => {
  beforeEach(() => seedStore());
  afterEach(cleanup);

  it('changes the labels at once and remembers the choice in the browser', () => {
    renderAt('/fleet');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Fleet');
    fireEvent.change(screen.getByTestId('language-select'), { target: { value: 'kk' } });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Топтама');
    expect(screen.getByRole('link', { name: 'Дабылдар' }) ?? null).toBeTruthy();
    expect(localStorage.getItem('ortaq.locale')).toBe('kk');
    act(() => ortaqStore.getState().setLocale('tr'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Filo');
  });
});
