// Provider reports in a browser: a state admin uploads a usage report with a wrong line, sees
// the preview (nothing saved, the bad line named), imports it keeping the good lines, and
// registers the person the report knows but the program does not to a local area, whose
// progress then shows on their learner page. Every state passes axe and the HTML validator.
// (A journey file: see the top of run.mjs.)

import { cli, mainText, submit } from './lib.mjs';

export async function test_state_admin_previews_imports_and_registers_from_a_usage_report({ baseURL, newPage, check, smtp, expect }) {
  const n = Date.now() % 1e8;
  const admin = { email: `imports.state.${n}@example.org`, password: 'imports-state-admin' };
  cli(smtp, 'staff', 'add', admin.email, '--role', 'state_admin', '--password', admin.password);
  const known = `tamika.jones.${n}@example.org`;
  const stranger = `luis.ramos.${n}@example.org`;
  cli(smtp, 'test-learning', 'learner', known, '--first', 'Tamika', '--last', 'Jones', '--county', 'Albany');
  const slug = `it-support-fundamentals-${n}`;
  cli(smtp, 'test-learning', 'program', slug, '--title', 'Technical Support Fundamentals');
  const csv = [
    'Name,Email,External Id,Course,Course Slug,Enrollment Time,Last Course Activity Time,Overall Progress,Estimated Learning Hours,Completed',
    `Tamika Jones,${known},,Technical Support Fundamentals,${slug},2026-11-02T10:00:00Z,2026-12-01T10:00:00Z,0.4,8,No`,
    `Luis Ramos,${stranger},,Technical Support Fundamentals,${slug},2026-11-03T10:00:00Z,2026-12-02T10:00:00Z,0.6,12,No`,
    `Tamika Jones,${known},,Technical Support Fundamentals,no-such-course-${n},2026-11-02T10:00:00Z,2026-12-01T10:00:00Z,0.1,1,No`,
  ].join('\r\n') + '\r\n';
  const file = { name: 'usage-report.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };

  const page = await newPage({ width: 1280, height: 900 });
  await page.goto(baseURL + '/admin/login');
  await page.fill('#f-email', admin.email);
  await page.fill('#f-password', admin.password);
  await submit(page, 'form[action="/admin/login"] button[type="submit"]');
  await page.goto(baseURL + '/admin/imports');
  await check(page, 'imports');

  // the preview: counts, the bad line by number, nothing saved
  await page.selectOption('#f-kind', 'usage');
  await page.setInputFiles('#f-file', file);
  // the file goes with XMLHttpRequest: a labelled progress bar shows while it is sent and read
  // (the answer is held back a moment so the bar can be seen), then the server's page replaces the form
  await page.route('**/admin/imports', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const answer = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.fulfill({ response: answer });
  });
  await page.click('button[name="action"][value="preview"]');
  const seen = await (await page.waitForFunction(() => {
    const bar = document.querySelector('form progress');
    const said = document.querySelector('form [role="status"]');
    if (!bar || !said) return null;
    const label = bar.id && document.querySelector(`label[for="${bar.id}"]`);
    return { label: label ? label.textContent : '', said: said.textContent, live: said.getAttribute('aria-live') };
  })).jsonValue();
  expect(seen.label === 'Upload progress', `the progress bar is not labelled: ${JSON.stringify(seen)}`);
  expect(/^Uploading: \d+%$|^Sent\. Reading the file/.test(seen.said) && seen.live === 'polite',
    `the progress does not say how far it is: ${JSON.stringify(seen)}`);
  await page.waitForFunction(() => (document.querySelector('main')?.innerText ?? '').includes('Lines read'));
  await page.unroute('**/admin/imports');
  expect(page.url() === baseURL + '/admin/imports', `the preview is shown at another address: ${page.url()}`);
  let text = await mainText(page);
  expect(text.includes('Nothing was saved'), `the preview does not say nothing was saved: ${text.slice(0, 400)}`);
  expect(/Lines read\s+3/.test(text), `the preview does not count 3 lines: ${text.slice(0, 600)}`);
  expect(/\b4\b[^\n]*no-such-course/.test(text), `the preview does not name line 4: ${text.slice(0, 900)}`);
  await check(page, 'imports-preview');

  // apply, keeping the good lines
  await page.setInputFiles('#f-file', file);
  await page.check('#f-partial');
  await page.click('button[name="action"][value="apply"]');
  await page.waitForFunction(() => (document.querySelector('main')?.innerText ?? '').includes('Imported'));
  text = await mainText(page);
  expect(text.includes('Imported, except the lines listed below'), `the import was not kept: ${text.slice(0, 400)}`);
  expect(text.includes('People in the report who are not registered: 1') && text.includes(stranger),
    `the unknown person is not listed: ${text.slice(0, 1200)}`);
  await check(page, 'imports-applied');

  // register the stranger to Yonkers: their progress comes with them
  await page.selectOption('#f-local_area', { label: 'Yonkers' });
  await page.setInputFiles('#f-file2', file);
  await submit(page, 'form[action="/admin/imports/register"] button[type="submit"]');
  text = await mainText(page);
  expect(text.includes('Registered to the local area: 1'), `registration failed: ${text.slice(0, 400)}`);
  expect(!text.includes(stranger), 'the registered person is still listed as unknown');
  await page.goto(baseURL + '/admin/learners?q=' + encodeURIComponent(stranger));
  const link = page.locator('main a[href^="/admin/learners/"]').first();
  await Promise.all([page.waitForNavigation(), link.click()]);
  text = await mainText(page);
  expect(text.includes('Yonkers') && text.includes('Technical Support Fundamentals') && text.includes('60%'),
    `the learner page lacks the area or the progress: ${text.slice(0, 800)}`);
}
