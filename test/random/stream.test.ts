import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import seedrandom from 'seedrandom';
import { AleaStream, fromUniform, streamFor } from '../../src/random/stream.js';

// The stream must draw exactly what seedrandom.alea draws: every simulated
// trial (and every golden record) depends on it.
describe('AleaStream — tested against an independent implementation (seedrandom.alea)', () => {
  const keys = ['', ' ', '0/0/patients', '20230964/1999/allocation', '4294967295/9999999/truth-patients', 'ünïcødé/€/😀', 'x'.repeat(300)];

  it('uniform(), uniforms() and normal() give seedrandom\'s numbers, bit for bit', () => {
    for (const key of keys) {
      const ref = fromUniform(seedrandom.alea(key));
      const s = new AleaStream(key);
      for (let i = 0; i < 2000; i++) assert.ok(Object.is(s.uniform(), ref.uniform()), `${key}: uniform ${i}`);
      const block = new Float64Array(777);
      s.uniforms(block, 777);
      for (let i = 0; i < 777; i++) assert.ok(Object.is(block[i], ref.uniform()), `${key}: uniforms ${i}`);
      for (let i = 0; i < 501; i++) assert.ok(Object.is(s.normal(), ref.normal()), `${key}: normal ${i}`);
    }
  });

  it('the raw generator matches over a million steps (the carry shortcut in uniforms())', () => {
    const ref = seedrandom.alea('long run');
    const s = new AleaStream('long run');
    const block = new Float64Array(1000);
    for (let r = 0; r < 1000; r++) {
      s.uniforms(block, 1000);
      for (let i = 0; i < 1000; i++) {
        let u = ref();
        while (u === 0) u = ref();
        if (!Object.is(block[i], u)) assert.fail(`step ${r * 1000 + i}: ${block[i]} vs ${u}`);
      }
    }
  });

  it('skip(n) leaves the stream where uniforms(_, n) does, for any split of a block', () => {
    for (const key of keys) {
      const ref = new AleaStream(key);
      const s = new AleaStream(key);
      const want = new Float64Array(5000);
      ref.uniforms(want, 5000);
      const got = new Float64Array(1);
      let at = 0;
      for (const [take, pass] of [[3, 7], [12, 54], [0, 1], [30, 36], [1, 0], [66, 200]]) {
        for (let i = 0; i < take; i++, at++) {
          s.uniforms(got, 1);
          assert.ok(Object.is(got[0], want[at]), `${key}: value ${at}`);
        }
        s.skip(pass);
        at += pass;
      }
      s.uniforms(got, 1);
      assert.ok(Object.is(got[0], want[at]), `${key}: value ${at} after the skips`);
    }
  });

  it('uniforms(out, count, offset) writes the same values at out[offset ..] and leaves the rest of out alone', () => {
    for (const key of keys) {
      const want = new Float64Array(40);
      new AleaStream(key).uniforms(want, 40);
      const s = new AleaStream(key);
      const out = new Float64Array(60).fill(-1);
      s.uniforms(out, 12); // out[0 .. 12)
      s.uniforms(out, 28, 30); // out[30 .. 58)
      for (let i = 0; i < 12; i++) assert.ok(Object.is(out[i], want[i]), `${key}: value ${i}`);
      for (let i = 12; i < 30; i++) assert.equal(out[i], -1);
      for (let i = 0; i < 28; i++) assert.ok(Object.is(out[30 + i], want[12 + i]), `${key}: value ${12 + i} at ${30 + i}`);
      assert.deepEqual([out[58], out[59]], [-1, -1]);
      // The generic stream (fromUniform) the same way.
      const g = fromUniform(seedrandom.alea(key));
      const gout = new Float64Array(60).fill(-1);
      g.uniforms(gout, 12);
      g.uniforms(gout, 28, 30);
      assert.deepEqual(Array.from(gout), Array.from(out));
    }
  });

  it('reseed(key) starts the stream of key over; streamFor(seed, replicate, purpose) is alea("seed/replicate/purpose")', () => {
    const s = streamFor(7, 3, 'patients');
    const first = [s.uniform(), s.normal(), s.uniform()];
    s.uniform();
    s.reseed('7/3/patients');
    assert.deepEqual([s.uniform(), s.normal(), s.uniform()], first);
    const ref = seedrandom.alea('7/3/patients');
    assert.equal(streamFor(7, 3, 'patients').next(), ref());
  });

  it('a stream that lands on exactly 0 skips it, in uniform() and uniforms() alike', () => {
    // Alea's state is three fractions and a carry; force s0 = 0 and c = 0 so that the next raw value is 0.
    const make = (): AleaStream => {
      const s = new AleaStream('zero');
      Object.assign(s as unknown as Record<string, number>, { s0: 0, c: 0 });
      return s;
    };
    const a = make();
    assert.equal(a.next(), 0);
    const b = make();
    const u = b.uniform();
    assert.ok(u > 0);
    const c = make();
    const block = new Float64Array(3);
    c.uniforms(block, 3);
    assert.equal(block[0], u);
    assert.equal(block[1], b.uniform());
    const d = make();
    d.skip(1); // passes over the raw 0 and the value after it
    assert.equal(d.uniform(), block[1]);
  });
});
