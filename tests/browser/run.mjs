#!/usr/bin/env node
// Browser tests: Debian's Chromium driven by playwright-core, axe-core for accessibility and
// the Nu HTML Checker (vnu-jar) for HTML validity.
//
//   node tests/browser/run.mjs [BINARY] [--only SUBSTRING]
//
// BINARY defaults to build/skillgate. The runner starts one server for the whole run through
// tests/lib/server.py (fresh database, migrated and seeded, mail to an SMTP sink), then:
//
// 1. Every page in tests/browser/pages.json ({"path", "name"}) is loaded in English and Spanish
//    (?lang=en|es) at 360x740 and 1280x900. Each load is a test: status 200 (or the page's
//    "status"), the right <html lang>, no horizontal scrolling, no console error (a CSP
//    violation shows up there), zero axe violations (WCAG 2.0/2.1 A and AA), the HTML the
//    server sent is valid (checked at the end, below). Screenshots go to
//    docs/img/<name>-<lang>-<width>.png (full page at 1280, the viewport at 360).
//
// 2. Every tests/browser/*.test.mjs is imported; each exported async function whose name
//    starts with "test" is a test (a journey), called with one object:
//      browser   the playwright Browser
//      baseURL   "http://127.0.0.1:PORT"
//      newPage({lang, width, height})  a page in a fresh context (closed after the test);
//                lang "es" makes the browser ask for Spanish (Accept-Language)
//      check(page, label)  axe on the page as it is now, plus the HTML of its last document
//                response queued for the validator; problems are recorded against the test
//                (the journey goes on); label names the state, e.g. "signup-errors"
//      smtp      {dir, messages(), waitFor(predicate, timeoutMs)}: mail the server sent, as the
//                summaries written by tests/lib/smtp_sink.py ({to, subject, text, html, links})
//      fail(message)  records a failure without stopping the journey
//      expect(condition, message)  fail(message) when condition is false
//    A journey fails when it throws or recorded a failure. Console errors (a CSP violation, a
//    script error) and failed subresources (CSS, images, scripts, fonts) on its pages count; a
//    document answered 4xx on purpose does not. Each test has BROWSER_TEST_TIMEOUT seconds
//    (default 180); a long journey sets its own in ms: `test_x.timeout = 300_000;`.
//
// 3. vnu runs once over every saved HTML file (build/browser/html/); each error is a failure
//    of the test that saved the file.
//
// Prints "browser: N passed, M failed", writes "N M" to build/test-results/browser.txt, exits
// 1 on any failure.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const HERE = path.join(ROOT, 'tests', 'browser');
const HTML_DIR = path.join(ROOT, 'build', 'browser', 'html');
const IMG_DIR = path.join(ROOT, 'docs', 'img');
const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const VNU = path.join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const SIZES = [{ width: 360, height: 740 }, { width: 1280, height: 900 }];
const LANGS = ['en', 'es'];
const TEST_TIMEOUT_MS = Number(process.env.BROWSER_TEST_TIMEOUT ?? 180) * 1000;
// what a page loads by itself (a fetch() that a test makes on purpose may well answer 403)
const PAGE_RESOURCES = new Set(['stylesheet', 'script', 'image', 'font', 'media']);
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const args = process.argv.slice(2);
let only = '';
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--only') only = args[++i] ?? '';
  else positional.push(args[i]);
}
const BINARY = path.resolve(positional[0] ?? path.join(ROOT, 'build', 'skillgate'));

const t0 = Date.now();
const results = []; // {name, errors: [string]}
const htmlOwners = new Map(); // saved file path -> test record
const axeSource = fs.readFileSync(AXE, 'utf8');

// ---- the server -------------------------------------------------------------------------

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [path.join(ROOT, 'tests', 'lib', 'server.py'), '--seed', '--smtp', BINARY],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: child.stdout });
    let info = null;
    const rest = [];
    lines.on('line', (line) => {
      if (info === null) {
        try { info = JSON.parse(line); } catch { return reject(new Error('server.py said: ' + line)); }
        if (info.error) return reject(new Error(info.error));
        resolve({ child, info, rest });
      } else {
        rest.push(line);
      }
    });
    child.on('exit', (code) => { if (info === null) reject(new Error('server.py exited ' + code)); });
  });
}

async function stopServer(server) {
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  server.child.stdin.end();
  const code = await exited;
  const last = server.rest.map((l) => { try { return JSON.parse(l); } catch { return null; } }).filter(Boolean).pop();
  if (code !== 0) {
    const why = last ? (last.was_running ? `exit code ${last.exit} on SIGTERM` : `it had died (exit ${last.exit})`) : `server.py exit ${code}`;
    return `the server did not stop cleanly: ${why}`;
  }
  return null;
}

// ---- mail -------------------------------------------------------------------------------

function mailHelpers(dir) {
  const messages = () => {
    let names = [];
    try { names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort(); } catch { return []; }
    return names.map((n) => JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')));
  };
  const waitFor = async (predicate = () => true, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = messages();
      const hit = all.find(predicate);
      if (hit) return hit;
      if (Date.now() > deadline) {
        const seen = all.map((m) => `${m.to}: ${m.subject}`);
        throw new Error(`no matching e-mail within ${timeoutMs} ms; received: ${seen.length ? seen.join('; ') : 'nothing'}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { dir, messages, waitFor };
}

// ---- checks -----------------------------------------------------------------------------

function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

async function runAxe(page) {
  // evaluate() runs outside the page's CSP, so the page's own policy stays as served
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + (n.failureSummary ? ` (${n.failureSummary.split('\n').slice(1).join(' ').trim()})` : '')),
      count: v.nodes.length,
    }));
  }, AXE_TAGS);
}

// Watches a page: its last main-frame document response (for the validator) and console errors.
function watch(page, test) {
  const state = { lastDoc: null };
  page.on('response', (r) => {
    if (r.request().isNavigationRequest()) {
      if (r.frame() === page.mainFrame()) state.lastDoc = r;
    } else if (r.status() >= 400 && PAGE_RESOURCES.has(r.request().resourceType())) {
      test.errors.push(`${r.request().resourceType()} ${r.url()} answered ${r.status()} (on ${page.url()})`);
    }
  });
  page.on('requestfailed', (req) => {
    if (PAGE_RESOURCES.has(req.resourceType()) && req.failure()?.errorText !== 'net::ERR_ABORTED') test.errors.push(`${req.resourceType()} ${req.url()} failed: ${req.failure()?.errorText}`);
  });
  page.on('console', (msg) => {
    // a page answered 404 or 422 on purpose is logged as "Failed to load resource"; failed
    // subresources are caught above
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      test.errors.push(`console error on ${page.url()}: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => test.errors.push(`script error on ${page.url()}: ${err.message}`));
  page._sgState = state;
  return page;
}

async function checkPage(test, page, label, { validate = true } = {}) {
  const where = label ? `[${label}] ` : '';
  let violations;
  try {
    violations = await runAxe(page);
  } catch (e) {
    test.errors.push(`${where}axe could not run on ${page.url()}: ${e.message}`);
    violations = [];
  }
  for (const v of violations) {
    test.errors.push(`${where}axe ${v.id} (${v.impact}, ${v.count} element${v.count > 1 ? 's' : ''}): ${v.help}\n` +
      v.targets.map((t) => `      at ${t}`).join('\n'));
  }
  if (!validate) return;
  let html = null;
  const doc = page._sgState?.lastDoc;
  if (doc) {
    try { html = await doc.text(); } catch { html = null; }
  }
  if (html === null) html = await page.content();
  fs.mkdirSync(HTML_DIR, { recursive: true });
  let file = path.join(HTML_DIR, slug(`${test.name} ${label ?? ''}`) + '.html');
  for (let n = 2; htmlOwners.has(file); n++) file = file.replace(/(-\d+)?\.html$/, `-${n}.html`);
  fs.writeFileSync(file, html);
  htmlOwners.set(file, test);
}

function runVnu() {
  const files = [...htmlOwners.keys()];
  if (!files.length) return;
  const p = spawnSync('java', ['-Xss4m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', VNU, '--format', 'json', '--errors-only', ...files],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (p.error) throw new Error('cannot run java for vnu: ' + p.error.message);
  let report;
  try {
    report = JSON.parse(p.stderr || p.stdout || '{"messages":[]}');
  } catch {
    throw new Error(`vnu printed no JSON (exit ${p.status}): ${(p.stderr || '').slice(0, 2000)}`);
  }
  const byPath = new Map(files.map((f) => [pathToFileURL(f).href, f]));
  for (const m of report.messages || []) {
    const file = byPath.get(m.url) ?? byPath.get(m.url?.replace(/^file:\/(?!\/)/, 'file:///'));
    const test = htmlOwners.get(file);
    const msg = `HTML ${m.type} in ${path.relative(ROOT, file ?? m.url ?? '?')}:${m.lastLine ?? '?'}: ${m.message}` +
      (m.extract ? `\n      ${JSON.stringify(m.extract)}` : '');
    if (test) test.errors.push(msg);
    else throw new Error('vnu: ' + msg);
  }
}

// ---- running tests ----------------------------------------------------------------------

async function runTest(name, fn, timeoutMs = TEST_TIMEOUT_MS) {
  const test = { name, errors: [], started: Date.now() };
  results.push(test);
  const pages = [];
  let timer;
  try {
    await Promise.race([
      fn(test, pages),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000}s`)), timeoutMs); }),
    ]);
  } catch (e) {
    // the message, and where in a journey file it was thrown
    const at = String(e?.stack ?? '').split('\n').find((l) => l.includes('.test.mjs:'));
    test.errors.push(String(e?.message ?? e) + (at ? '\n  ' + at.trim() : ''));
  } finally {
    clearTimeout(timer);
    for (const ctx of pages) await ctx.close().catch(() => {});
    test.ms = Date.now() - test.started;
  }
  return test;
}

function withLang(p, lang) {
  return p + (p.includes('?') ? '&' : '?') + 'lang=' + lang;
}

async function pageTest(browser, baseURL, entry, lang, size) {
  return runTest(`page ${entry.name} ${lang} ${size.width}`, async (test, contexts) => {
    const ctx = await browser.newContext({ viewport: size, locale: lang === 'es' ? 'es-US' : 'en-US' });
    contexts.push(ctx);
    const page = watch(await ctx.newPage(), test);
    const url = baseURL + withLang(entry.path, lang);
    const resp = await page.goto(url, { waitUntil: 'load' });
    const want = entry.status ?? 200;
    if (!resp || resp.status() !== want) throw new Error(`GET ${url}: status ${resp?.status()}, want ${want}`);
    const htmlLang = await page.evaluate(() => document.documentElement.lang);
    if (htmlLang !== lang) test.errors.push(`<html lang="${htmlLang}">, want ${lang}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) test.errors.push(`the page scrolls sideways by ${overflow}px at ${size.width}px wide`);
    await checkPage(test, page, null, { validate: size.width === SIZES[SIZES.length - 1].width });
    fs.mkdirSync(IMG_DIR, { recursive: true });
    await page.screenshot({ path: path.join(IMG_DIR, `${entry.name}-${lang}-${size.width}.png`), fullPage: size.width >= 1000 });
  });
}

async function journeyTests(browser, baseURL, smtp) {
  const files = fs.readdirSync(HERE).filter((n) => n.endsWith('.test.mjs')).sort();
  for (const f of files) {
    let mod;
    try {
      mod = await import(pathToFileURL(path.join(HERE, f)).href);
    } catch (e) {
      results.push({ name: f, errors: [`cannot import: ${e.stack ?? e}`] });
      continue;
    }
    for (const [name, fn] of Object.entries(mod)) {
      if (!name.startsWith('test') || typeof fn !== 'function') continue;
      const full = `${f.replace(/\.test\.mjs$/, '')} ${name}`;
      if (only && !full.includes(only)) continue;
      await runTest(full, async (test, contexts) => {
        const newPage = async ({ lang = 'en', width = 1280, height } = {}) => {
          const ctx = await browser.newContext({
            viewport: { width, height: height ?? (width < 600 ? 740 : 900) },
            locale: lang === 'es' ? 'es-US' : 'en-US',
          });
          contexts.push(ctx);
          return watch(await ctx.newPage(), test);
        };
        await fn({
          browser, baseURL, smtp, newPage,
          check: async (page, label) => {
            await checkPage(test, page, label ?? 'check');
            // journeys' checked pages (signed-in pages among them) go to docs/img for the README
            // (not the per-URL labels of sweeps over many pages, which hold random references)
            if (label && !label.includes('--')) {
              fs.mkdirSync(IMG_DIR, { recursive: true });
              await page.screenshot({ path: path.join(IMG_DIR, `journey-${label}.png`) }).catch(() => {});
            }
          },
          fail: (message) => { test.errors.push(message); },
          expect: (cond, message) => { if (!cond) test.errors.push(message); },
        });
      }, fn.timeout ?? TEST_TIMEOUT_MS);
    }
  }
}

function report(test) {
  if (test.errors.length) {
    console.log(`FAIL ${test.name}${test.ms !== undefined ? ` (${(test.ms / 1000).toFixed(1)}s)` : ''}`);
    for (const e of test.errors) console.log('    ' + e.replace(/\n/g, '\n    '));
  } else if (process.env.VERBOSE) {
    console.log(`ok   ${test.name}${test.ms !== undefined ? ` (${(test.ms / 1000).toFixed(1)}s)` : ''}`);
  }
}

async function main() {
  let server = null;
  let browser = null;
  let fatal = null;
  try {
    if (!fs.existsSync(AXE) || !fs.existsSync(VNU)) throw new Error('node_modules is missing axe-core or vnu-jar: run npm ci');
    const pages = JSON.parse(fs.readFileSync(path.join(HERE, 'pages.json'), 'utf8'));
    fs.rmSync(HTML_DIR, { recursive: true, force: true });
    server = await startServer();
    const baseURL = server.info.url;
    const smtp = mailHelpers(server.info.mail_dir);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    for (const entry of pages) {
      for (const lang of LANGS) {
        for (const size of SIZES) {
          if (only && !`page ${entry.name} ${lang} ${size.width}`.includes(only)) continue;
          await pageTest(browser, baseURL, entry, lang, size);
        }
      }
    }
    await journeyTests(browser, baseURL, smtp);
    const tv = Date.now();
    runVnu();
    if (htmlOwners.size) console.log(`vnu checked ${htmlOwners.size} documents in ${((Date.now() - tv) / 1000).toFixed(1)}s`);
  } catch (e) {
    fatal = e;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) {
      const problem = await stopServer(server);
      if (problem) results.push({ name: 'server shutdown', errors: [problem] });
    }
  }
  for (const t of results) report(t);
  if (fatal) {
    console.log(`FAIL browser tier: ${(fatal.stack ?? String(fatal)).split('\n').slice(0, 3).join('\n')}`);
    results.push({ name: 'browser tier', errors: [String(fatal)] });
  }
  let passed = results.filter((t) => !t.errors.length).length;
  let failed = results.length - passed;
  if (results.length === 0) { console.log('browser: no tests ran'); failed = 1; }
  fs.mkdirSync(path.join(ROOT, 'build', 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'build', 'test-results', 'browser.txt'), `${passed} ${failed}\n`);
  console.log(`browser tier took ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
