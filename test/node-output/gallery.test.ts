import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { escapeHtml, galleryHtml, writeImageGallery } from '../../src/node/output/gallery.ts';
import { loadImage } from '../../src/node/images.ts';
import { inTempDir, listing } from './helpers.ts';

const dot = { width: 1, height: 1, data: Uint8ClampedArray.from([9, 8, 7, 255]) };

test('escapeHtml escapes the five special characters', () => {
  assert.equal(escapeHtml(`<a href="x">Tom & Jerry's</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
});

test('galleryHtml escapes text and links pictures relatively', () => {
  const html = galleryHtml({
    title: 'Maps <script>alert(1)</script>',
    sections: [{ title: 'Saliency & Grad-CAM', text: 'a "quoted" note', figures: [{ src: 'maps/class 3 "cat".png', caption: 'cat <3' }] }],
  });
  assert.ok(!html.includes('<script>'), 'no script element comes from the text');
  assert.match(html, /<title>Maps &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
  assert.match(html, /<h2>Saliency &amp; Grad-CAM<\/h2>/);
  assert.match(html, /<p>a &quot;quoted&quot; note<\/p>/);
  assert.match(html, /<img src="maps\/class%203%20%22cat%22.png" alt="cat &lt;3" loading="lazy"><figcaption>cat &lt;3<\/figcaption>/);
  for (const src of ['/etc/passwd.png', 'https://example.com/a.png', 'C:\\maps\\a.png', 'javascript:alert(1)', '']) {
    assert.throws(
      () => galleryHtml({ title: 't', sections: [{ title: 's', figures: [{ src }] }] }),
      /sections\[0\]\.figures\[0\]\.src: expected a path relative to the page/,
      src,
    );
  }
});

test('writeImageGallery writes the pictures and a page that links them', async () => {
  await inTempDir(async (dir) => {
    const page = await writeImageGallery(join(dir, 'out'), {
      title: 'Run',
      sections: [{ title: 'One', figures: [{ image: dot, file: 'a.png', caption: 'first' }, { image: dot, file: 'b.png' }] }],
    });
    assert.equal(page, join(dir, 'out', 'index.html'));
    assert.deepEqual(await listing(join(dir, 'out')), ['a.png', 'b.png', 'index.html']);
    assert.deepEqual(await loadImage(join(dir, 'out', 'b.png')), dot);
    const html = await readFile(page, 'utf8');
    assert.match(html, /<img src="a.png" alt="first"/);
    assert.match(html, /<img src="b.png" alt=""/);
    for (const file of ['../escape.png', 'a/b.png', 'a.jpg', 'a.png']) {
      await assert.rejects(
        writeImageGallery(join(dir, 'bad'), { title: 't', sections: [{ title: 's', figures: [{ image: dot, file: 'a.png' }, { image: dot, file }] }] }),
        /sections\[0\]\.figures\[1\]\.file: expected a unique plain file name ending in \.png/,
        file,
      );
    }
    assert.deepEqual(await listing(dir), ['out'], 'nothing is written when a name is refused');
  });
});
