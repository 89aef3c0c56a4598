// Forecast sentences and the Markdown report, in English and French; guard messages; ">95%".
import assert from 'node:assert/strict';
import { defaultSeed, formatDate, formatProbability, howMany, howManySentence, markdownReport, refusalSentence, samplesSource, when, whenSentence } from '../../src/core/forecast';

describe('forecast sentences', () => {
  it('How Many and When read as plain sentences in English and French', () => {
    assert.equal(howManySentence(0.85, 42, '2027-03-12'), '85% chance to finish at least 42 items by 12 March 2027');
    assert.equal(howManySentence(0.85, 42, '2027-03-12', 'fr'), "85\u00a0% de chances de terminer au moins 42 éléments d'ici le 12 mars 2027");
    assert.equal(whenSentence(0.85, 30, '2027-03-12'), '85% chance to finish 30 items by 12 March 2027');
    assert.equal(whenSentence(0.85, 30, '2027-03-01', 'fr'), "85\u00a0% de chances de terminer 30 éléments d'ici le 1er mars 2027");
    assert.match(whenSentence(0.95, 30, null), /within 10 years: no date is given/);
    assert.equal(formatDate('2027-08-01', 'fr'), '1er août 2027');
  });
  it('a probability above 95% reads ">95%" while work remains, never 100%', () => {
    assert.equal(formatProbability(1), '>95%');
    assert.equal(formatProbability(0.999, 'fr'), '>95\u202f%');
    assert.equal(formatProbability(1, 'en', false), '100%');
    assert.equal(formatProbability(0.851), '85%');
    assert.equal(formatProbability(0.001), '<5%');
  });
  it('guard refusals say what is missing, in both languages', () => {
    assert.match(refusalSentence({ kind: 'notEnoughData', reason: 'fewer than 5 working days with a completion', daysWithCompletion: 3, needed: 5 }), /3 day\(s\) with a finished item, at least 5/);
    assert.match(refusalSentence({ kind: 'cannotForecast', reason: 'zero throughput' }, 'fr'), /Prévision impossible/);
    assert.match(refusalSentence({ kind: 'windowTooShort', reason: 'window shorter than 10 working days', windowDays: 6, needed: 10 }), /6 working days, at least 10/);
  });
  it('the Markdown report holds the percentile table, sentences, seed, trials and engine version; a refusal holds no date', () => {
    const src = samplesSource([2, 3, 1, 0, 4, 2, 2, 3, 1, 2, 5]);
    const r = howMany(src, { start: '2026-03-02', targetDate: '2026-03-31', seed: 77, trials: 1000 });
    assert.equal(r.kind, 'ok');
    const md = markdownReport(r, 'en', ['history halves differ']);
    assert.match(md, /\| 85% \| \d+ \|/);
    assert.match(md, /- Seed: 77/);
    assert.match(md, /- Trials: 1000/);
    assert.match(md, /- Engine version: \d+\.\d+\.\d+/);
    assert.match(md, /## Warnings\n\n- history halves differ/);
    const w = when(src, { start: '2026-03-02', remaining: 20, seed: 77, trials: 1000 });
    assert.match(markdownReport(w, 'fr'), /\| 85\u00a0% \| \d+ \S+ 2026 \|/);
    const refused = when(samplesSource([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), { start: '2026-03-02', remaining: 20, seed: 1 });
    const rm = markdownReport(refused);
    assert.match(rm, /Cannot forecast/);
    assert.doesNotMatch(rm, /2026-0[3-9]-\d\d \||March/);
  });
  it('the default seed of a backlog is stable and differs between backlogs', () => {
    assert.equal(defaultSeed('backlog-a'), defaultSeed('backlog-a'));
    assert.notEqual(defaultSeed('backlog-a'), defaultSeed('backlog-b'));
    assert.ok(Number.isInteger(defaultSeed('x')) && defaultSeed('x') >= 0);
  });
});
