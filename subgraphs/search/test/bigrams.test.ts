import { describe, expect, it } from 'vitest';
import { bigrams, searchTextOf } from '../src/bigrams.js';

describe('bigrams', () => {
  it('splits Hangul by syllable and lower-cases Latin letters', () => {
    expect(bigrams('교촌치킨')).toEqual(['교촌', '촌치', '치킨']);
    expect(bigrams('BBQ')).toEqual(['bb', 'bq']);
    expect(bigrams('치')).toEqual([]);
  });

  it('gives every bigram of a substring to the text that contains it', () => {
    const text = searchTextOf('교촌치킨 강남점', ['허니콤보', 'Red Wing']);
    for (const query of ['치킨', '치킨 강남', '콤보', 'red w', 'WING']) {
      expect(bigrams(text)).toEqual(expect.arrayContaining(bigrams(query)));
    }
  });
});
