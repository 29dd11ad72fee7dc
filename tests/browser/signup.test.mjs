// Sign-up journeys with the keyboard alone: a person signs up in Spanish at /inscribete, sees
// the confirmation, receives the Spanish e-mail through the real SMTP server and checks the
// status page; the screener answers in both languages. Every state of every page is checked
// with axe and the HTML validator. (A journey file: see the top of run.mjs.)

import { mainText } from './lib.mjs';

const MAX_TABS = 80;

// Presses Tab until the focused element matches selector; throws when it never does, which
// means the element cannot be reached with the keyboard.
async function tabTo(page, selector, what) {
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`${what}: ${MAX_TABS} Tabs never reached ${selector} (focus ends on ${at})`);
}

// Types a date into the focused <input type="date"> with the keyboard. The order of its parts
// follows the browser's locale (es-US is month/day/year like en-US, other Spanish locales put
// the day first), so it tries month-first, then day-first, and returns the value it got.
async function typeDate(page, selector, y, m, d) {
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  const want = `${y}-${mm}-${dd}`;
  for (const parts of [[mm, dd, String(y)], [dd, mm, String(y)]]) {
    for (const p of parts) await page.keyboard.type(p);
    const got = await page.inputValue(selector);
    if (got === want) return got;
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab'); // back to the first part
  }
  return page.inputValue(selector);
}

export async function test_spanish_signup_with_the_keyboard_alone({ baseURL, newPage, check, smtp, expect }) {
  const page = await newPage({ lang: 'es' });
  const email = `teclado.${Date.now()}@example.org`;
  const resp = await page.goto(baseURL + '/inscribete');
  expect(resp.status() === 200, `GET /inscribete: ${resp.status()}`);
  expect(await page.evaluate(() => document.documentElement.lang) === 'es', '/inscribete is not in Spanish');
  await check(page, 'inscribete-form');

  // sending the empty form shows every error, in Spanish
  await tabTo(page, 'form[action="/inscribete"] button[type="submit"]', 'the send button');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const summary = await page.evaluate(() => document.querySelector('.error-summary')?.innerText ?? '');
  expect(/Escribe tu nombre/.test(summary) && /condiciones del programa/.test(summary),
    `the error summary is missing or not in Spanish: ${summary.slice(0, 300)}`);
  expect((await page.title()).startsWith('Error'), `the title of the form with errors is "${await page.title()}"`);
  await check(page, 'inscribete-errors');

  // fill it in with the keyboard, from the top of the page
  await page.evaluate(() => document.activeElement?.blur());
  await tabTo(page, '#f-first_name', 'first name');
  await page.keyboard.type('María José');
  await tabTo(page, '#f-last_name', 'last name');
  await page.keyboard.type('Núñez');
  await tabTo(page, '#f-birth_date', 'date of birth');
  const birth = await typeDate(page, '#f-birth_date', 1984, 7, 9);
  expect(birth === '1984-07-09', `the date of birth typed with the keyboard reads ${birth}, want 1984-07-09`);
  await tabTo(page, '#f-email', 'e-mail');
  await page.keyboard.type(email);
  await tabTo(page, '#f-county', 'county');
  await page.keyboard.type('Westchester');
  expect(await page.inputValue('#f-county') === 'Westchester', 'typing a county name does not choose it');
  // the county is split between two local areas: the town question appears
  await tabTo(page, '#f-town-Westchester', 'the town of a split county');
  await page.keyboard.type('Yonkers');
  expect(await page.inputValue('#f-town-Westchester') === 'Yonkers (city)', 'the town was not chosen');
  await tabTo(page, 'input[name="employment_status"]', 'employment situation');
  await page.keyboard.press('Space'); // the first choice: unemployed
  expect(await page.isChecked('input[name="employment_status"][value="unemployed"]'), 'Space did not choose "unemployed"');
  await tabTo(page, 'input[name="dol_staff"]', 'DOL staff question');
  await page.keyboard.press('ArrowDown'); // from "Sí" to "No"
  expect(await page.isChecked('input[name="dol_staff"][value="0"]'), 'the arrow key did not choose "No"');
  await tabTo(page, '#f-consent', 'consent');
  await page.keyboard.press('Space');
  await tabTo(page, 'form[action="/inscribete"] button[type="submit"]', 'the send button');
  const hp = await page.evaluate(() => document.activeElement?.name);
  expect(hp !== 'website', 'the hidden honeypot field took keyboard focus');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

  const text = await mainText(page);
  const ref = (text.match(/NY-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/) ?? [])[0];
  expect(!!ref, `the confirmation shows no reference:\n${text.slice(0, 600)}`);
  expect(/Calificas/.test(text) && /Yonkers/.test(text) && /Mid-Hudson/.test(text),
    `the Spanish confirmation should say the person qualifies in Yonkers, Mid-Hudson:\n${text.slice(0, 800)}`);
  await check(page, 'inscribete-confirmation');

  const msg = await smtp.waitFor((m) => m.to === email, 20_000);
  expect(msg.subject === 'Calificas: tu licencia de Coursera está activa', `the e-mail's subject is "${msg.subject}"`);
  expect(msg.text.includes('Hola, María José:') && msg.text.includes(ref), `the e-mail is not the Spanish one with the reference:\n${msg.text.slice(0, 600)}`);
  expect(msg.links.some((l) => l.endsWith('/login')), `the e-mail has no link to /login: ${msg.links}`);

  // the status page, reached from the confirmation with the keyboard
  await tabTo(page, 'main a[href^="/status"]', 'the status link');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(await page.inputValue('#f-reference') === ref, 'the status form is not filled with the reference');
  await check(page, 'status-form-es');
  await tabTo(page, '#f-email', 'status e-mail');
  await page.keyboard.type(email);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const status = await mainText(page);
  expect(/Licencia activa/.test(status) && status.includes(ref),
    `the status page does not show the active license:\n${status.slice(0, 600)}`);
  await check(page, 'status-result-es');
}

export async function test_status_not_found_and_screener_in_both_languages({ baseURL, newPage, check, expect }) {
  for (const lang of ['en', 'es']) {
    const page = await newPage({ lang });
    await page.goto(`${baseURL}/status?lang=${lang}`);
    await tabTo(page, '#f-reference', 'reference');
    await page.keyboard.type('NY-2222-3333');
    await tabTo(page, '#f-email', 'e-mail');
    await page.keyboard.type('nobody@example.org');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const t = await mainText(page);
    expect(/No encontramos|We found no request/.test(t), `${lang}: a wrong reference is not explained:\n${t.slice(0, 300)}`);
    await check(page, `status-not-found-${lang}`);

    await page.goto(`${baseURL}/eligibility?lang=${lang}`);
    await tabTo(page, 'input[name="lives_ny"]', 'lives in NY');
    await page.keyboard.press('Space'); // yes
    await tabTo(page, 'input[name="adult"]', 'age');
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name="employment_status"]', 'situation');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown'); // employed_at_risk
    await tabTo(page, 'input[name="dol_staff"]', 'DOL staff');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'main form button[type="submit"]', 'check button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const r = await mainText(page);
    expect(/staff member needs to look|miembro del personal debe revisar/.test(r),
      `${lang}: working at risk without a notice should go to review:\n${r.slice(0, 400)}`);
    await check(page, `eligibility-result-${lang}`);
  }
}
