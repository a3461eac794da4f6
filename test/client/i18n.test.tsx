import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { translate } from '../../client/i18n';
import { ortaqStore } from '../../client/store';
import { renderAt, seedStore } from '../helpers/client';

describe('translation files', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'contact.next', { station: 'Ankara', when: 'in 5 min' })).toBe(
      'Next: Ankara in 5 min',
    );
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
