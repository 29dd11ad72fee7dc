// The learner's journey, in English and in Spanish: a person whose request was approved asks
// for a sign-in link, reads it from the real SMTP server, opens it and presses the button,
// enrolls in two programs (from a program page and from the suggestions on My learning), drops
// one, re-enrolls, and after the provider's usage report is imported sees the progress and a
// completion with its certificate link. Every page on the way is checked with axe and the HTML
// validator. (A journey file: see the top of run.mjs.)
//
// The programs and the staff token are made with the binary the runner started (its hidden
// test-learning command, and token create) on the runner's database, found next to the mail
// directory (tests/lib/server.py keeps both in one temporary directory).

import { cli, mainText } from './lib.mjs';

const WORDS = {
  en: {
    checkMail: 'Check your e-mail', press: 'Press the button', me: 'My learning',
    enrolled: 'You are enrolled', dropped: 'You dropped this program', again: 'enrolled again',
    progress60: '60% complete', done: 'Completed', cert: 'View your certificate',
    linkBroken: 'does not work', hello: 'Hello, ',
  },
  es: {
    checkMail: 'Revisa tu correo electrónico', press: 'Oprime el botón', me: 'Mi aprendizaje',
    enrolled: 'Quedaste inscrito', dropped: 'Dejaste este programa', again: 'Quedaste inscrito otra vez',
    progress60: '60% completado', done: 'Terminado', cert: 'Ver tu certificado',
    linkBroken: 'no funciona', hello: 'Hola, ',
  },
};

// An approved person: signs up through the API (approved at once by the default policy);
// when sign-ups from this address are rate-limited, adds the learner directly instead.
async function approvedPerson(baseURL, smtp, lang) {
  const n = Date.now() % 1e8;
  const email = `journey.${lang}.${n}@example.org`;
  const first = lang === 'es' ? 'Lucía' : 'Grace';
  const body = {
    first_name: first, last_name: `Viaje${n}`, email, phone: '', birth_date: '1984-05-06',
    county: 'Albany', town: '', employment_status: 'unemployed', layoff_notice_date: '',
    covid_related: false, dol_staff: false, osos_id: '', language: lang, consent: true,
  };
  const r = await fetch(baseURL + '/api/v1/applications', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const j = await r.json().catch(() => ({}));
  if (r.status !== 201 || j.status !== 'active') {
    cli(smtp, 'test-learning', 'learner', email, '--lang', lang, '--first', first);
  }
  return { email, first };
}

async function journey({ baseURL, newPage, check, smtp, expect }, lang) {
  const w = WORDS[lang];
  const n = Date.now() % 1e8;
  const slugA = `journey-${lang}-data-${n}`;
  const slugB = `journey-${lang}-writing-${n}`;
  cli(smtp, 'test-learning', 'program', slugA, '--title', lang === 'es' ? 'Datos para todos' : 'Data for Everyone', '--curate', 'all');
  cli(smtp, 'test-learning', 'program', slugB, '--title', lang === 'es' ? 'Escribir bien' : 'Writing Well', '--curate', 'all');
  const person = await approvedPerson(baseURL, smtp, lang);
  const page = await newPage({ lang });

  // ask for a link
  let resp = await page.goto(baseURL + '/login');
  expect(resp.status() === 200, `GET /login: ${resp.status()}`);
  expect(await page.evaluate(() => document.documentElement.lang) === lang, `/login is not in ${lang}`);
  await check(page, `login-${lang}`);
  const asked = Date.now() / 1000 - 1;
  await page.fill('#f-email', person.email);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type="submit"]')]);
  expect((await mainText(page)).includes(w.checkMail), `after asking for a link: ${(await mainText(page)).slice(0, 200)}`);
  await check(page, `login-sent-${lang}`);

  // read it from the SMTP server and follow it: a button, not an automatic sign-in
  const msg = await smtp.waitFor((m) => m.to === person.email && m.received_at >= asked &&
    m.links.some((l) => l.includes('/login/link?t=')), 15_000);
  const link = msg.links.find((l) => l.includes('/login/link?t='));
  resp = await page.goto(link);
  expect(resp.status() === 200, `GET the link: ${resp.status()}`);
  expect((await mainText(page)).includes(w.press), 'the link page has no button to press');
  await check(page, `login-link-${lang}`);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login/link"] button[type="submit"]')]);
  expect(new URL(page.url()).pathname === '/me', `after signing in: ${page.url()}`);
  let text = await mainText(page);
  expect(text.includes(w.me) && text.includes(w.hello + person.first), `My learning: ${text.slice(0, 200)}`);
  await check(page, `me-empty-${lang}`);

  // the link works once
  const other = await newPage({ lang });
  resp = await other.goto(link);
  expect(resp.status() === 200 && (await mainText(other)).includes(w.linkBroken) &&
    (await other.locator('form[action="/login/link"]').count()) === 0, `a used link: ${resp.status()}`);
  await check(other, `login-link-used-${lang}`);

  // enroll from the program page, then from the suggestions on My learning
  resp = await page.goto(`${baseURL}/programs/${slugA}`);
  expect(resp.status() === 200, `GET /programs/${slugA}: ${resp.status()}`);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/me/enrollments"] button[type="submit"]')]);
  text = await mainText(page);
  expect(text.includes(w.enrolled), `after enrolling from the program page: ${text.slice(0, 300)}`);
  await check(page, `me-enrolled-${lang}`);
  const suggestion = page.locator(`form[action="/me/enrollments"]:has(input[value="${slugB}"]) button`);
  expect(await suggestion.count() === 1, 'the second program is not among the suggestions');
  await Promise.all([page.waitForNavigation(), suggestion.click()]);
  expect((await page.locator('progress').count()) === 2, 'two enrollments should show two progress bars');

  // drop one, re-enroll
  await Promise.all([page.waitForNavigation(), page.click(`form[action="/me/enrollments/${slugA}/drop"] button`)]);
  text = await mainText(page);
  expect(text.includes(w.dropped), `after dropping: ${text.slice(0, 300)}`);
  await check(page, `me-dropped-${lang}`);
  await Promise.all([page.waitForNavigation(),
    page.click(`form[action="/me/enrollments"]:has(input[value="${slugA}"]) button`)]);
  text = await mainText(page);
  expect(text.includes(w.again), `after re-enrolling: ${text.slice(0, 300)}`);

  // the provider's usage report: progress on one, a completion with a certificate on the other
  const token = cli(smtp, 'token', 'create', '--role', 'state_admin');
  const cert = `https://coursera.org/verify/JOURNEY${n}`;
  const csv = [
    'Name,Email,External Id,Course,Course ID,Course Slug,Last Course Activity Time,Overall Progress,Estimated Learning Hours,Completed,Completion Time,Course Grade,Course Certificate URL',
    `"${person.first}, V",${person.email},,"Data, for ""Everyone""",,${slugA},2026-03-04T15:22:10.000Z,0.6,7.5,No,,,`,
    `"${person.first}, V",${person.email},,Writing,,${slugB},3/5/2026 4:00 PM,100%,12,Yes,3/5/2026 4:00 PM,0.97,${cert}`,
  ].join('\r\n') + '\r\n';
  const imp = await fetch(baseURL + '/api/v1/imports/usage', {
    method: 'POST', headers: { 'Content-Type': 'text/csv', Authorization: 'Bearer ' + token }, body: csv,
  });
  const counts = await imp.json();
  expect(imp.status === 200 && counts.applied === 2 && counts.errors.length === 0,
    `the usage import: ${imp.status} ${JSON.stringify(counts).slice(0, 300)}`);

  await page.goto(baseURL + '/me');
  text = await mainText(page);
  expect(text.includes(w.progress60), `no 60% progress on My learning: ${text.slice(0, 600)}`);
  expect(text.includes(w.done), 'the completed program is not marked completed');
  const certLink = page.locator(`a[href="${cert}"]`);
  expect(await certLink.count() === 1 && (await certLink.innerText()).includes(w.cert), 'no certificate link');
  const bars = await page.locator('progress').evaluateAll((ps) => ps.map((p) => p.value).sort((a, b) => a - b));
  expect(JSON.stringify(bars) === '[60,100]', `progress bars: ${JSON.stringify(bars)}`);
  await check(page, `me-progress-${lang}`);

  // the optional password page, and signing in with a password
  await page.goto(baseURL + '/me/password');
  await check(page, `me-password-${lang}`);
  const anon = await newPage({ lang });
  await anon.goto(baseURL + '/login/password');
  await check(anon, `login-password-${lang}`);
}

export async function test_learner_journey_in_english(ctx) {
  await journey(ctx, 'en');
}

export async function test_learner_journey_in_spanish(ctx) {
  await journey(ctx, 'es');
}
