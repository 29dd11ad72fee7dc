// The catalog as a person uses it: choose a region, narrow with filters, search in Spanish
// without accents, open a program, all with the keyboard and without JavaScript doing the
// work (every filter is a link or a plain form, so the URL says what is shown).
// (A journey file: see the top of run.mjs for what each test function receives.)

async function tabTo(page, selector, what, max = 200) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${what} (${selector})`);
}

export async function test_choose_a_region_and_filter_with_the_keyboard({ baseURL, newPage, check, expect }) {
  const page = await newPage({ lang: 'en', width: 360, height: 740 });
  const resp = await page.goto(baseURL + '/catalog');
  expect(resp.status() === 200, `GET /catalog: ${resp.status()}`);
  await check(page, 'catalog-statewide');

  // the region form is a plain GET form: choose with the keyboard, send with Enter
  await tabTo(page, '#f-region', 'the region list');
  await page.selectOption('#f-region', 'new-york-city');
  await tabTo(page, 'form.region-form button[type="submit"]', 'Show programs');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(page.url().includes('region=new-york-city'), `the region is not in the URL: ${page.url()}`);
  const h1 = await page.textContent('h1');
  expect(/New York City/.test(h1), `the heading does not name the region: ${h1}`);
  await check(page, 'catalog-region');

  // on a phone the filters are folded after the results' heading: open them with the keyboard
  const fold = page.locator('details.filter-fold');
  expect(await fold.count() === 1, 'the filters are not in a disclosure');
  expect(!(await fold.evaluate((d) => d.open)), 'the filters are open on a phone: the results do not come first');
  await page.locator('details.filter-fold > summary').focus();
  await page.keyboard.press('Enter');
  expect(await fold.evaluate((d) => d.open), 'Enter on "Filter" did not open the filters');
  // a filter link keeps the region and is reflected in the URL
  const link = page.locator('aside.filters a[href*="level=beginner"]').first();
  if (await link.count()) {
    await link.focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const url = new URL(page.url());
    expect(url.searchParams.get('region') === 'new-york-city' && url.searchParams.get('level') === 'beginner',
      `the filter lost the region or the level: ${page.url()}`);
    const chosen = await page.locator('aside.filters [aria-current="true"]').allTextContents();
    expect(chosen.some((t) => /Beginner/.test(t)), `the chosen filter is not marked: ${chosen}`);
    await check(page, 'catalog-filtered');
  }
}

export async function test_search_in_spanish_without_accents({ baseURL, newPage, check, expect }) {
  const page = await newPage({ lang: 'es' });
  await page.goto(baseURL + '/explore?lang=es');
  await tabTo(page, '#f-q', 'the search box');
  await page.keyboard.type('enfermeria');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(page.url().includes('q=enfermeria'), `the search is not in the URL: ${page.url()}`);
  const marks = await page.locator('main mark').allTextContents();
  expect(marks.length === 0 || marks.some((m) => /enfermer[ií]a/i.test(m)),
    `the matches are not marked: ${marks.slice(0, 5)}`);
  await check(page, 'explore-es');

  // nothing found: the page says what to try next, in Spanish
  await page.goto(baseURL + '/explore?q=qqzzxxyy&lang=es');
  const text = await page.textContent('main');
  expect(/Ningún programa coincide/.test(text), 'the empty search page does not help in Spanish');
  expect(await page.locator('main a[href^="/explore?q="]').count() > 0, 'no searches to try instead');
  await check(page, 'explore-empty-es');
}

export async function test_program_page_explains_the_certificate({ baseURL, newPage, check, expect }) {
  const page = await newPage({ lang: 'en' });
  await page.goto(baseURL + '/explore?q=python');
  const first = page.locator('main ul.cards h3 a').first();
  if (!(await first.count())) {
    expect(false, 'explore found no program for "python" (is the catalog seeded?)');
    return;
  }
  await first.focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(/\/programs\//.test(page.url()), `not on a program page: ${page.url()}`);
  const main = await page.textContent('main');
  // the first result is from the provider's listing, which gives no syllabus
  for (const want of ['Level', 'Language', 'Subtitles', 'Time to complete', 'Ratings and reviews',
    'Skills you will gain', 'Certificates carry no fee under the New York State program.']) {
    expect(main.includes(want), `the program page does not show "${want}"`);
  }
  const enroll = page.locator('main a[href^="/login?next="], main form[action="/me/enrollments"] button');
  expect(await enroll.count() > 0, 'no way to enroll from the program page');
  await check(page, 'program');
}
