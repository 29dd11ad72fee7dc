// Keyboard-only use of the home page: what a person who cannot use a mouse checks first.
// (A journey file: see the top of run.mjs for what each test function receives.)

const MAX_TABS = 120;

// Describes the focused element and whether its focus is visible: the computed outline or
// box-shadow differs from the one it had before anything was focused (window.__sgRest).
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const cs = getComputedStyle(el);
    const now = { outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, shadow: cs.boxShadow };
    const rest = (window.__sgRest || {})[el.dataset.sgIdx] || null;
    const outlineShown = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const visible = rest !== null && (
      (outlineShown && now.outline !== rest.outline) || (now.shadow !== 'none' && now.shadow !== rest.shadow));
    const r = el.getBoundingClientRect();
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40);
    return {
      idx: el.dataset.sgIdx ?? null,
      desc: `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.getAttribute('href') ? ` href="${el.getAttribute('href')}"` : ''}> "${text}"`,
      tag: el.tagName.toLowerCase(),
      href: el.getAttribute('href'),
      inMain: !!el.closest('main'),
      isMain: el.tagName === 'MAIN',
      onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.left < innerWidth,
      langSwitch: el.matches('a[hreflang="es"], a[href*="lang=es"]') ||
        (!!el.form && /\/lang$/.test(el.form.getAttribute('action') || '') && el.value === 'es'),
      visible, now, rest,
    };
  });
}

// Numbers every element that can take focus and records its unfocused look.
async function recordRestingStyles(page) {
  await page.evaluate(() => {
    window.__sgRest = {};
    const els = document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex], [contenteditable]');
    els.forEach((el, i) => {
      el.dataset.sgIdx = String(i);
      const cs = getComputedStyle(el);
      window.__sgRest[i] = { outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, shadow: cs.boxShadow };
    });
  });
}

export async function test_skip_link_is_first_and_moves_focus_to_main({ baseURL, newPage, fail }) {
  const page = await newPage({ lang: 'en' });
  await page.goto(baseURL + '/');
  await page.keyboard.press('Tab');
  const first = await focused(page);
  if (!first) throw new Error('the first Tab focused nothing');
  if (first.tag !== 'a' || !first.href?.startsWith('#')) {
    throw new Error(`the first Tab focused ${first.desc}, want the skip link (<a href="#main">)`);
  }
  if (!first.onScreen) fail(`the skip link ${first.desc} is focused but not on screen`);
  const target = first.href.slice(1);
  const exists = await page.evaluate((id) => {
    const t = document.getElementById(id);
    return t ? (t.tagName === 'MAIN' || !!t.closest('main')) : null;
  }, target);
  if (!exists) throw new Error(`the skip link points to #${target}, which is ${exists === null ? 'missing' : 'not the main content'}`);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(100);
  const after = await focused(page);
  if (!after || !(after.isMain || after.inMain)) {
    throw new Error(`after Enter on the skip link, focus is on ${after ? after.desc : 'nothing (body)'}, want <main>`);
  }
  await page.keyboard.press('Tab');
  const next = await focused(page);
  if (next && !next.inMain && next.tag !== 'a') fail(`Tab after the skip link went to ${next.desc}, outside main`);
}

export async function test_every_focused_element_shows_focus({ baseURL, newPage, fail }) {
  for (const width of [1280, 360]) {
    const page = await newPage({ lang: 'en', width });
    await page.goto(baseURL + '/');
    await recordRestingStyles(page);
    const seen = new Set();
    let count = 0;
    for (let i = 0; i < MAX_TABS; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (!f) break; // back to the document: the walk is over
      if (f.idx !== null && seen.has(f.idx)) break;
      if (f.idx !== null) seen.add(f.idx);
      count++;
      if (!f.visible) {
        fail(`at ${width}px, Tab #${i + 1} focuses ${f.desc} with no visible focus indicator ` +
          `(outline ${f.now.outline}, box-shadow ${f.now.shadow}; unfocused: ${f.rest ? `${f.rest.outline}, ${f.rest.shadow}` : 'unknown'})`);
      }
      if (!f.onScreen) fail(`at ${width}px, Tab #${i + 1} focuses ${f.desc}, which is not on screen`);
    }
    if (count < 5) fail(`at ${width}px, only ${count} elements of the home page can be reached with Tab`);
  }
}

export async function test_language_switch_works_by_keyboard({ baseURL, newPage, check }) {
  const page = await newPage({ lang: 'en' });
  await page.goto(baseURL + '/');
  let tabs = 0;
  let sw = null;
  for (; tabs < MAX_TABS; tabs++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f) break;
    if (f.langSwitch) { sw = f; break; }
  }
  if (!sw) throw new Error(`no language switch (a link with hreflang="es" or ?lang=es, or a /lang form button) reached in ${tabs} Tabs`);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const lang = await page.evaluate(() => document.documentElement.lang);
  if (lang !== 'es') throw new Error(`Enter on ${sw.desc} gave a page with <html lang="${lang}">, want es`);
  await check(page, 'after-switch');
  // the choice is remembered on the next page
  await page.goto(baseURL + '/faq');
  const faqLang = await page.evaluate(() => document.documentElement.lang);
  if (faqLang !== 'es') throw new Error(`after switching to Spanish, /faq is in "${faqLang}"`);
}
