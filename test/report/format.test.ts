// How reports print numbers — unit tests against hand-worked values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decimalsFor, formatCount, formatEstimate, formatFixed, formatMetric, formatSignificant, MISSING } from '../../src/report/format.js';
import { commandLine, esc, shellQuote } from '../../src/report/html.js';

describe('format — unit tests', () => {
  it('the MCSE to two significant digits, the estimate to the same decimal place', () => {
    assert.equal(decimalsFor(0.0087), 4);
    assert.equal(decimalsFor(0.01), 3);
    assert.equal(decimalsFor(0.099), 3);
    assert.equal(decimalsFor(0.1), 2);
    assert.equal(decimalsFor(3.2), 1);
    assert.equal(decimalsFor(12), 0);
    assert.equal(decimalsFor(1e-12), 8, 'capped');
    assert.equal(formatMetric({ estimate: 0.81234, mcse: 0.0087, n: 2000 }), '0.8123 ± 0.0087');
    assert.equal(formatMetric({ estimate: -7.98765, mcse: 0.123, n: 100 }), '−7.99 ± 0.12');
    assert.equal(formatMetric({ estimate: 1, mcse: 0, n: 100 }), '1.000 ± 0.000');
    assert.equal(formatEstimate({ estimate: 12.3456, mcse: 0.05, n: 10 }), '12.346');
  });

  it('no estimate, no MCSE, negative zero, significant digits and counts', () => {
    assert.equal(formatMetric(null), MISSING);
    assert.equal(formatMetric({ estimate: null, mcse: null, n: 0 }), MISSING);
    assert.equal(formatMetric({ estimate: 5.123456, mcse: null, n: 1 }), '5.123');
    assert.equal(formatFixed(-0.00001, 3), '0.000');
    assert.equal(formatFixed(-1.5, 1), '−1.5');
    assert.equal(formatSignificant(-0.000123456), '−0.0001235');
    assert.equal(formatSignificant(0), '0');
    assert.equal(formatCount(1234567), '1,234,567');
  });

  it('HTML escaping and shell quoting of the command line', () => {
    assert.equal(esc(`<a href="x">Tom & 'Jerry'</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
    assert.equal(shellQuote('design.n_per_arm=40'), 'design.n_per_arm=40');
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote(''), "''");
    assert.equal(commandLine(['trialsim', 'run', 'a b.yaml', '--set', 'x=[1, 2]']), "trialsim run 'a b.yaml' --set 'x=[1, 2]'");
  });
});
