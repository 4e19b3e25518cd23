// Unit tests for extension/background/handoff.js: the snapshot's way from the content script to
// the reader frame of the same tab, whichever of the two comes first, by tab and nonce only.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

const { forgetTab, offer, take } = await import('../../extension/background/handoff.js');
const settled = async (p) => {
  let done = false;
  p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('background/handoff.js', () => {
  it('the snapshot first, then the frame asks: it gets it, and again when the frame loads again', async () => {
    offer(1, 'n1', '{"v":1}', { injected: 5 });
    assert.deepEqual(await take(1, 'n1'), { snapshot: '{"v":1}', marks: { injected: 5 } });
    assert.deepEqual(await take(1, 'n1'), { snapshot: '{"v":1}', marks: { injected: 5 } });
    forgetTab(1);
  });

  it('the frame asks first: it gets the snapshot when it comes', async () => {
    const asked = take(2, 'n2');
    assert.equal(await settled(asked), false);
    offer(2, 'n2', { error: 'too large' }, null);
    assert.deepEqual(await asked, { snapshot: { error: 'too large' }, marks: {} });
    forgetTab(2);
  });

  it('another tab or another nonce never gets it, nor pushes it out', async () => {
    offer(3, 'n3', 'three');
    assert.equal(await settled(take(4, 'n3')), false);
    assert.equal(await settled(take(3, 'forged')), false);
    assert.equal((await take(3, 'n3')).snapshot, 'three');
    forgetTab(3);
  });

  it('a frame waiting for its snapshot is not pushed out by another ask in its tab', async () => {
    const real = take(6, 'real');
    assert.equal(await settled(take(6, 'forged')), false);
    offer(6, 'real', 'six');
    assert.equal((await real).snapshot, 'six');
    forgetTab(6);
  });

  it('nothing here (a restarted background): the content script is asked', async () => {
    const asked = [];
    const answer = take(7, 'n7', async () => {
      asked.push('n7');
      return 'from the content script';
    });
    assert.equal((await answer).snapshot, 'from the content script');
    assert.deepEqual(asked, ['n7']);
    // Still reading (null): the offer answers.
    const later = take(8, 'n8', async () => null);
    assert.equal(await settled(later), false);
    offer(8, 'n8', 'eight');
    assert.equal((await later).snapshot, 'eight');
    forgetTab(7);
    forgetTab(8);
  });

  it('a closed view or tab leaves nothing behind', async () => {
    offer(5, 'n5', 'five');
    forgetTab(5);
    assert.equal(await settled(take(5, 'n5')), false);
  });
});
