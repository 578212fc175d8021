import { describe, expect, it } from '@jest/globals';
import { compileSelector, InvalidSelectorError } from './label-selector.js';

describe('compileSelector', () => {
  it('empty selects everything; matchLabels and expressions are ANDed', () => {
    expect(compileSelector({}, 'x')({ a: '1' })).toBe(true);
    expect(compileSelector(undefined, 'x')(undefined)).toBe(true);
    const m = compileSelector(
      {
        matchLabels: { house: 'simpson' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'x', operator: 'DoesNotExist' },
        ],
      },
      'x',
    );
    expect(m({ house: 'simpson', tier: 'a' })).toBe(true);
    expect(m({ house: 'simpson', tier: 'c' })).toBe(false);
    expect(m({ house: 'simpson', tier: 'a', x: '' })).toBe(false);
    expect(m({ house: 'bouvier', tier: 'a' })).toBe(false);
    expect(
      compileSelector({ matchExpressions: [{ key: 'k', operator: 'NotIn', values: ['v'] }] }, 'x')({}),
    ).toBe(true);
    expect(compileSelector({ matchExpressions: [{ key: 'k', operator: 'Exists' }] }, 'x')({ k: '' })).toBe(
      true,
    );
  });

  it('rejects invalid requirements with the selector named', () => {
    expect(() =>
      compileSelector(
        { matchExpressions: [{ key: 'k', operator: 'Matches' }] },
        'EgressIP e namespaceSelector',
      ),
    ).toThrow(new InvalidSelectorError('EgressIP e namespaceSelector: unknown operator "Matches" on k'));
    expect(() =>
      compileSelector({ matchExpressions: [{ key: 'k', operator: 'In', values: [] }] }, 's'),
    ).toThrow(InvalidSelectorError);
    expect(() =>
      compileSelector({ matchExpressions: [{ key: 'k', operator: 'Exists', values: ['v'] }] }, 's'),
    ).toThrow(InvalidSelectorError);
  });
});
