// What the journey files (tests/browser/*.test.mjs) share: the binary the runner started, run
// on the runner's database, and the steps many journeys take (reading the page, signing in as
// staff, sending a form). Not a test file itself: run.mjs imports only *.test.mjs.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// The binary run.mjs was given (its first argument that is not --only's), or build/skillgate.
function binary() {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--only') i++;
    else return path.resolve(args[i]);
  }
  return path.join(ROOT, 'build', 'skillgate');
}

// Runs `skillgate ARGS --db DB` on the runner's database, which tests/lib/server.py keeps
// next to the mail directory; returns its standard output, throws when it exits non-zero.
export function cli(smtp, ...args) {
  const db = path.join(path.dirname(smtp.dir), 'db.sqlite3');
  const p = spawnSync(binary(), [...args, '--db', db], { encoding: 'utf8', timeout: 120_000 });
  if (p.status !== 0) throw new Error(`skillgate ${args.join(' ')} exited ${p.status}: ${p.stderr}${p.stdout}`);
  return p.stdout.trim();
}

// The text of the page's <main>, as a person reads it.
export async function mainText(page) {
  return page.evaluate(() => document.querySelector('main')?.innerText ?? '');
}

// Signs in on the staff sign-in page as WHO ({email, password}); expects to land on /admin.
export async function signIn(page, baseURL, who, expect) {
  await page.goto(baseURL + '/admin/login');
  await page.fill('#f-email', who.email);
  await page.fill('#f-password', who.password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/login"] button[type="submit"]')]);
  expect(new URL(page.url()).pathname === '/admin', `signing in as ${who.email} ended on ${page.url()}: ${(await mainText(page)).slice(0, 200)}`);
}

// Clicks SELECTOR and waits for the page it leads to.
export async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}
