// OSOS entries and reports in a browser: an area admin works the OSOS work list (tabs, the
// filter for learners without an OSOS ID, marking entries entered), a state admin opens the
// reports page with its charts; every page passes axe, the visual check and the HTML
// validator at 360 px and desktop width, in English and Spanish. (A journey file: see the top
// of run.mjs.)
//
// People are made with the binary the runner started (`staff add`, the hidden
// test-staff-data), their OSOS entries drafted by `osos backfill` and a sweep a year ahead.

import { cli, mainText, signIn } from './lib.mjs';

let staff = null;

function setup(smtp) {
  if (staff) return staff;
  const n = Date.now() % 1e8;
  staff = {
    state: { email: `osos.state.${n}@example.org`, password: 'osos-state-admin' },
    area: { email: `osos.area.${n}@example.org`, password: 'osos-area-admin' },
  };
  cli(smtp, 'staff', 'add', staff.state.email, '--role', 'state_admin', '--password', staff.state.password);
  cli(smtp, 'staff', 'add', staff.area.email, '--role', 'area_admin', '--area', 'new-york-city', '--password', staff.area.password);
  cli(smtp, 'test-learning', 'program', `osos-journey-${n}`, '--title', 'Google IT Support', '--curate', 'all');
  cli(smtp, 'test-staff-data', '30', '--area', 'new-york-city', '--pending', '10', '--seed', String(n));
  cli(smtp, 'test-staff-data', '10', '--area', 'yonkers', '--pending', '10', '--seed', String(n + 1));
  cli(smtp, 'osos', 'backfill');
  const later = new Date(Date.now() + 365 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  cli(smtp, 'sweep', '--now', later);
  return staff;
}

export async function test_area_admin_marks_referrals_entered({ baseURL, newPage, check, smtp, expect }) {
  const s = setup(smtp);
  const page = await newPage({ width: 1280 });
  await signIn(page, baseURL, s.area, expect);
  await page.click('nav a[href="/admin/osos"]');
  await page.waitForLoadState();
  const text = await mainText(page);
  expect(text.includes('does not write to OSOS'), `the work list does not say staff enter OSOS: ${text.slice(0, 300)}`);
  const boxes = page.locator('input[name="id"]');
  const before = await boxes.count();
  expect(before > 1, `the pending referrals tab has ${before} entries to select`);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await Promise.all([page.waitForNavigation(), page.click('button[value="entered"]')]);
  const after = await mainText(page);
  expect(after.includes('2 entries marked entered in OSOS.'), `after marking: ${after.slice(0, 300)}`);
  expect(await page.locator('input[name="id"]').count() === before - 2, 'the entered entries are still listed as pending');
  await check(page, 'admin-osos-after-marking');
  // reject without a reason: the error is next to the field
  await page.locator('input[name="id"]').first().check();
  await Promise.all([page.waitForNavigation(), page.click('button[value="reject"]')]);
  expect(await page.locator('#f-reason[aria-invalid="true"]').count() === 1, 'the reason field is not marked invalid');
  await check(page, 'admin-osos-reject-error');
  // the reports page of the area: the federal file's period and the area's figures
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/admin/reports"]')]);
  const reports = await mainText(page);
  expect(reports.includes('Federal report (WIOA PIRL)') && reports.includes('New York City'), `the reports page: ${reports.slice(0, 300)}`);
  await check(page, 'admin-reports');
}

async function everyPage({ baseURL, newPage, check, smtp, expect }, lang, width) {
  const s = setup(smtp);
  const page = await newPage({ lang, width, height: width === 360 ? 740 : 900 });
  await signIn(page, baseURL, s.state, expect);
  await page.goto(`${baseURL}/admin/osos?kind=referral&status=pending`);
  const learner = await page.locator('tbody a[href^="/admin/learners/"]').first().getAttribute('href');
  const paths = ['/admin/osos', '/admin/osos?kind=credential&status=draft', '/admin/osos?kind=exit&status=draft',
    '/admin/osos?kind=referral&status=pending&no_osos_id=1', '/admin/reports', learner];
  for (const p of paths) {
    const resp = await page.goto(`${baseURL}${p}${p.includes('?') ? '&' : '?'}lang=${lang}`);
    expect(resp.status() === 200, `GET ${p} (${lang}, ${width}px): ${resp.status()}`);
    expect(await page.evaluate(() => document.documentElement.lang) === lang, `${p} is not in ${lang}`);
    await check(page, `admin-osos-${p.replace(/[^a-z0-9]+/gi, '-')}-${lang}-${width}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(wide <= 1, `${p} ${lang} ${width}: the page scrolls sideways by ${wide}px`);
  }
}

export async function test_osos_and_report_pages_in_english_at_360_px(ctx) {
  await everyPage(ctx, 'en', 360);
}

export async function test_osos_and_report_pages_in_spanish_at_desktop_width(ctx) {
  await everyPage(ctx, 'es', 1280);
}

// On a phone the work list's tabs fold with its filters behind one button that names the tab
// shown, so the first entry starts on the first screen (360 x 740, in English); opening it
// shows the tabs and the filters.
export async function test_work_list_starts_on_the_first_screen_of_a_phone({ baseURL, newPage, check, smtp, expect }) {
  const s = setup(smtp);
  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, baseURL, s.area, expect);
  await page.goto(`${baseURL}/admin/osos`);
  const m = await page.evaluate(() => ({
    row: document.querySelector('main tbody tr')?.getBoundingClientRect().top ?? null,
    screen: window.innerHeight,
    fold: document.querySelector('details.filter-fold')?.open ?? null,
    summary: document.querySelector('details.filter-fold > summary')?.innerText ?? '',
  }));
  expect(m.fold === false, `/admin/osos at 360 px: the tabs and filters are not folded (open: ${m.fold})`);
  expect(m.summary.startsWith('Referral · To enter in OSOS'), `/admin/osos at 360 px: the folded tabs are labelled "${m.summary}"`);
  expect(m.row !== null && m.row < m.screen, `/admin/osos at 360 px: the first entry starts at ${Math.round(m.row)} px, below the first screen (${m.screen} px)`);
  const credential = page.locator('nav a[href^="/admin/osos?kind=credential"]');
  expect(!(await credential.isVisible()), '/admin/osos at 360 px: the tabs show before the fold is opened');
  await page.click('details.filter-fold > summary');
  expect(await credential.isVisible(), '/admin/osos at 360 px: opening the fold does not show the tabs');
  await check(page, 'admin-osos-phone');
}
