// The staff workspace in a browser: a state admin sets a seat capacity and renews the license
// term; an area admin approves from the review queue, denies with a reason, finds a learner by
// OSOS ID, transfers them to another local area (their enrollments and progress stay) and
// exports the filtered list as CSV; a viewer cannot change anything; and every admin page
// passes axe and the HTML validator at 360 px and at desktop width, in English and Spanish.
// (A journey file: see the top of run.mjs.)
//
// Staff accounts, programs and people are made with the binary the runner started (`staff
// add`, the hidden test-learning and test-staff-data commands) on the runner's database,
// found next to the mail directory (tests/lib/server.py keeps both in one directory).

import fs from 'node:fs';
import { cli, mainText, signIn, submit } from './lib.mjs';

let people = null;

// Three staff members and some people in New York City and Yonkers, once per run.
function setup(smtp) {
  if (people) return people;
  const n = Date.now() % 1e8;
  const s = {
    state: { email: `journey.state.${n}@example.org`, password: 'journey-state-admin' },
    area: { email: `journey.area.${n}@example.org`, password: 'journey-area-admin' },
    viewer: { email: `journey.viewer.${n}@example.org`, password: 'journey-area-viewer' },
  };
  cli(smtp, 'staff', 'add', s.state.email, '--role', 'state_admin', '--password', s.state.password);
  cli(smtp, 'staff', 'add', s.area.email, '--role', 'area_admin', '--area', 'new-york-city', '--password', s.area.password);
  cli(smtp, 'staff', 'add', s.viewer.email, '--role', 'area_viewer', '--area', 'new-york-city', '--password', s.viewer.password);
  for (const k of ['a', 'b', 'c']) {
    cli(smtp, 'test-learning', 'program', `staff-journey-${k}-${n}`, '--title', `Staff Journey ${k.toUpperCase()}`, '--curate', 'all');
  }
  cli(smtp, 'test-staff-data', '24', '--area', 'new-york-city', '--pending', '35', '--seed', String(n));
  cli(smtp, 'test-staff-data', '8', '--area', 'yonkers', '--pending', '25', '--seed', String(n + 1));
  people = s;
  return s;
}

async function noSideways(page, expect, label) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(wide <= 1, `${label}: the page scrolls sideways by ${wide}px`);
}

export async function test_state_admin_sets_seats_and_renews_the_term({ baseURL, newPage, check, smtp, expect }) {
  const s = setup(smtp);
  const page = await newPage({ width: 1280 });
  await signIn(page, baseURL, s.state, expect);
  await check(page, 'admin-overview');
  let resp = await page.goto(baseURL + '/admin/settings');
  expect(resp.status() === 200, `GET /admin/settings: ${resp.status()}`);
  await check(page, 'admin-settings');

  // a seat capacity
  await page.fill('#f-seats_en', '4321');
  await submit(page, 'form:has(input[name="form"][value="seats"]) button[type="submit"]');
  expect((await mainText(page)).includes('Settings saved.'), `after saving seats: ${(await mainText(page)).slice(0, 200)}`);
  expect(await page.inputValue('#f-seats_en') === '4321', 'the seat capacity did not stay 4321');

  // a wrong date first, then the renewal
  await page.fill('#f-end_date', '2001-01-01');
  await submit(page, 'form[action="/admin/settings/term"] button[type="submit"]');
  expect((await mainText(page)).includes('There is a problem'), 'a past end date was not refused');
  await check(page, 'admin-settings-error');
  const next = `${new Date().getUTCFullYear() + 4}-11-30`;
  await page.fill('#f-end_date', next);
  await submit(page, 'form[action="/admin/settings/term"] button[type="submit"]');
  const text = await mainText(page);
  expect(text.includes('The program is renewed until'), `after renewing: ${text.slice(0, 300)}`);
  expect(text.includes(`Nov 30, ${next.slice(0, 4)}`), `the new end date is not shown: ${text.slice(0, 400)}`);
  // the learners with an active license are told
  await smtp.waitFor((m) => /renewed/i.test(m.subject) || /renov/i.test(m.subject), 20_000);
}

export async function test_area_admin_approves_finds_transfers_and_exports({ baseURL, newPage, check, smtp, expect }) {
  const s = setup(smtp);
  const page = await newPage({ width: 1280 });
  await signIn(page, baseURL, s.area, expect);

  // approve the oldest request from the queue
  let resp = await page.goto(baseURL + '/admin/queue');
  expect(resp.status() === 200, `GET /admin/queue: ${resp.status()}`);
  await check(page, 'admin-queue');
  const boxes = page.locator('input[name="ref"]');
  expect(await boxes.count() >= 2, 'the queue shows fewer than two requests to approve');
  const ref = await boxes.first().getAttribute('value');
  await boxes.first().check();
  await submit(page, 'form[action="/admin/queue/approve"] button[type="submit"]');
  expect((await mainText(page)).includes('Requests approved: 1.'), `after approving: ${(await mainText(page)).slice(0, 300)}`);
  expect(await page.locator(`input[name="ref"][value="${ref}"]`).count() === 0, `${ref} is still waiting`);

  // deny the next one: first without a reason
  const other = await page.locator('input[name="ref"]').first().getAttribute('value');
  await page.goto(`${baseURL}/admin/requests/${other}`);
  await check(page, 'admin-request');
  await submit(page, 'form:has(input[name="decision"][value="deny"]) button[type="submit"]');
  expect((await mainText(page)).includes('There is a problem'), 'a denial without a reason was accepted');
  await check(page, 'admin-request-error');
  await page.fill('#f-reason', 'We need the date on your layoff notice; call your local office.');
  await submit(page, 'form:has(input[name="decision"][value="deny"]) button[type="submit"]');
  expect((await mainText(page)).includes(`Request ${other} denied`), `after denying: ${(await mainText(page)).slice(0, 200)}`);

  // find a learner with enrollments by OSOS ID
  await page.goto(baseURL + '/admin/learners');
  await check(page, 'admin-learners');
  const rows = await page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => {
    const cells = [...tr.children].map((c) => c.innerText.trim());
    const a = tr.querySelector('a[href^="/admin/learners/"]');
    return { href: a ? a.getAttribute('href') : '', osos: cells[1], counts: cells[5] };
  }));
  const pick = rows.find((r) => /^[A-Z]{2}[0-9]{7}$/.test(r.osos) && r.counts !== '0 / 0') ??
    rows.find((r) => /^[A-Z]{2}[0-9]{7}$/.test(r.osos));
  expect(pick, 'no learner with an OSOS ID in the list');
  if (!pick) return;
  await page.fill('#f-q', pick.osos.toLowerCase());
  await submit(page, 'form[action="/admin/learners"] button[type="submit"]');
  const found = page.locator('tbody a[href^="/admin/learners/"]');
  expect(await found.count() === 1 && await found.first().getAttribute('href') === pick.href,
    `searching ${pick.osos} found ${await found.count()} learners`);
  await check(page, 'admin-learners-search');
  await submit(page, `tbody a[href="${pick.href}"]`);
  await check(page, 'admin-learner');
  const enrollmentsBefore = await page.locator('table:has(caption:text("Programs, with progress")) tbody tr')
    .evaluateAll((trs) => trs.map((tr) => tr.innerText.trim()));

  // transfer to Yonkers: the area admin no longer sees them, the progress stays
  await page.selectOption('#f-local_area', { label: 'Yonkers' });
  await page.fill('#f-note', 'Moved to Yonkers.');
  await submit(page, `form[action="${pick.href}/transfer"] button[type="submit"]`);
  expect(new URL(page.url()).pathname === '/admin/learners', `after the transfer: ${page.url()}`);
  expect((await mainText(page)).includes('transferred'), 'no notice after the transfer');
  resp = await page.goto(baseURL + pick.href);
  expect(resp.status() === 404, `the NYC admin still opens the transferred learner: ${resp.status()}`);
  const state = await newPage({ width: 1280 });
  await signIn(state, baseURL, s.state, expect);
  await state.goto(baseURL + pick.href);
  const after = await state.locator('table:has(caption:text("Programs, with progress")) tbody tr')
    .evaluateAll((trs) => trs.map((tr) => tr.innerText.trim()));
  expect(JSON.stringify(after) === JSON.stringify(enrollmentsBefore),
    `enrollments changed in the transfer: ${JSON.stringify(enrollmentsBefore)} -> ${JSON.stringify(after)}`);
  expect((await mainText(state)).includes('Yonkers') && (await mainText(state)).includes('Moved to Yonkers.'),
    'the learner page does not show the new area and the transfer');

  // export the filtered list: the CSV holds exactly the rows the filter matches
  await page.goto(baseURL + '/admin/learners?status=active');
  const m = (await mainText(page)).match(/([\d,]+) learners match/);
  expect(m, 'no count of matching learners');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/admin/learners.csv"]')]);
  const file = await download.path();
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  expect(lines[0].startsWith('Learner ID,Last name,First name,Email,OSOS ID'), `CSV header: ${lines[0]}`);
  expect(m && lines.length - 1 === Number(m[1].replace(/,/g, '')), `the CSV has ${lines.length - 1} rows, the page says ${m && m[1]}`);
  expect(lines.slice(1).every((l) => l.includes(',active,')), 'the CSV has rows that are not active');
}

export async function test_viewer_cannot_change_anything({ baseURL, newPage, check, smtp, expect }) {
  const s = setup(smtp);
  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, baseURL, s.viewer, expect);
  await page.goto(baseURL + '/admin/queue');
  expect(await page.locator('input[name="ref"]').count() === 0, 'the viewer gets checkboxes to approve');
  expect(await page.locator('form[action="/admin/queue/approve"]').count() === 0, 'the viewer gets an approve form');
  await check(page, 'admin-queue-viewer');
  const ref = await page.locator('a[href^="/admin/requests/"]').first().getAttribute('href');
  await page.goto(baseURL + ref);
  expect(await page.locator('form[action$="/decision"]').count() === 0, 'the viewer can decide a request');
  await page.goto(baseURL + '/admin/learners');
  const learner = await page.locator('tbody a[href^="/admin/learners/"]').first().getAttribute('href');
  await page.goto(baseURL + learner);
  await check(page, 'admin-learner-viewer');
  expect(await page.locator(`form[action^="${learner}"]`).count() === 0, 'the viewer gets forms to change a learner');
  expect(await page.locator('nav a[href="/admin/settings"]').count() === 0, 'the viewer sees Program settings');
  // a forged form is refused: the viewer's own session, the page's own token
  const csrf = await page.locator('input[name="csrf"]').first().getAttribute('value');
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const post = async (url, fields) => (await fetch(baseURL + url, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Origin: baseURL },
    body: new URLSearchParams({ csrf, ...fields }),
  })).status;
  const results = [await post(learner + '/transfer', { local_area: 'yonkers' }),
    await post(learner, { osos_id: 'ZZ1234567', notes: 'x' }),
    await post('/admin/settings', { seats_en: '1' }),
    await post(ref + '/decision', { decision: 'approve' })];
  expect(results.every((st) => st === 403), `the viewer's forged changes answered ${results}`);
  const resp = await page.goto(baseURL + '/admin/settings');
  expect(resp.status() === 403, `the viewer opens the settings: ${resp.status()}`);
}

async function everyPage({ baseURL, newPage, check, smtp, expect }, lang, width) {
  const s = setup(smtp);
  const page = await newPage({ lang, width, height: width === 360 ? 740 : 900 });
  await page.goto(`${baseURL}/admin/login?lang=${lang}`);
  await check(page, `admin-login-${lang}-${width}`);
  await noSideways(page, expect, `/admin/login ${lang} ${width}`);
  await signIn(page, baseURL, s.state, expect);
  await page.goto(`${baseURL}/admin/queue?status=pending_review`);
  const req = await page.locator('a[href^="/admin/requests/"]').first().getAttribute('href');
  await page.goto(`${baseURL}/admin/learners`);
  const learner = await page.locator('tbody a[href^="/admin/learners/"]').first().getAttribute('href');
  await page.goto(`${baseURL}/admin/staff`);
  const member = await page.locator('tbody a[href^="/admin/staff/"]').first().getAttribute('href');
  const paths = ['/admin', '/admin/queue', req, '/admin/learners', '/admin/learners?q=garcia&sort=activity&dir=desc',
    learner, '/admin/settings', '/admin/settings/curation?region=new-york-city', '/admin/staff', member,
    '/admin/audit', '/admin/audit?action=view'];
  for (const p of paths) {
    const resp = await page.goto(`${baseURL}${p}${p.includes('?') ? '&' : '?'}lang=${lang}`);
    expect(resp.status() === 200, `GET ${p} (${lang}, ${width}px): ${resp.status()}`);
    expect(await page.evaluate(() => document.documentElement.lang) === lang, `${p} is not in ${lang}`);
    await check(page, `admin-${p.replace(/[^a-z0-9]+/gi, '-')}-${lang}-${width}`);
    await noSideways(page, expect, `${p} ${lang} ${width}`);
  }
}

export async function test_every_admin_page_in_english_at_360_px(ctx) {
  await everyPage(ctx, 'en', 360);
}

export async function test_every_admin_page_in_english_at_desktop_width(ctx) {
  await everyPage(ctx, 'en', 1280);
}

export async function test_every_admin_page_in_spanish_at_360_px(ctx) {
  await everyPage(ctx, 'es', 360);
}

export async function test_every_admin_page_in_spanish_at_desktop_width(ctx) {
  await everyPage(ctx, 'es', 1280);
}

// On a phone the staff menu and each list's filters are folded, so the list itself starts on
// the first screen: the top of its first row is above the bottom of a 360 x 740 screen (in
// English; the header in Spanish is two lines taller). Opening the fold shows the filters.
export async function test_lists_start_on_the_first_screen_of_a_phone({ baseURL, newPage, check, smtp, expect }) {
  const s = setup(smtp);
  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, baseURL, s.state, expect);
  const lists = [['/admin/queue', 'Show requests'], ['/admin/learners', 'Search'],
    ['/admin/audit', 'Show'], ['/admin/settings/curation?region=new-york-city', 'Show the list']];
  for (const [p, button] of lists) {
    await page.goto(baseURL + p);
    const m = await page.evaluate(() => ({
      row: document.querySelector('main tbody tr')?.getBoundingClientRect().top ?? null,
      screen: window.innerHeight,
      menu: document.querySelector('details.nav-fold')?.open ?? null,
      filters: document.querySelector('details.filter-fold')?.open ?? null,
    }));
    expect(m.menu === false && m.filters === false, `${p} at 360 px: the staff menu (open: ${m.menu}) and the filters (open: ${m.filters}) are not folded`);
    expect(m.row !== null && m.row < m.screen, `${p} at 360 px: the first row of the list starts at ${Math.round(m.row)} px, below the first screen (${m.screen} px)`);
    const submit = page.locator('details.filter-fold button[type="submit"]');
    expect(!(await submit.isVisible()), `${p} at 360 px: the filter button "${button}" shows before the fold is opened`);
    await page.click('details.filter-fold > summary');
    expect(await submit.isVisible() && (await submit.innerText()).trim() === button, `${p} at 360 px: opening the filters does not show "${button}"`);
  }
  await page.goto(baseURL + '/admin/audit');
  await page.click('details.nav-fold > summary');
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/admin/learners"]')]);
  expect(new URL(page.url()).pathname === '/admin/learners', `the opened staff menu leads to ${page.url()}`);
  await check(page, 'admin-learners-phone');
}
