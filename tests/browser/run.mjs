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
//    violation shows up there), zero axe violations (WCAG 2.0/2.1 A and AA), the visual check
//    (visualProblems below: nothing cut off or sticking out sideways, no two text boxes
//    overlapping), the HTML the server sent is valid (checked at the end, below). Screenshots go to
//    docs/img/<name>-<lang>-<width>.png (full page at 1280, the viewport at 360).
//
// 2. Every tests/browser/*.test.mjs is imported; each exported async function whose name
//    starts with "test" is a test (a journey), called with one object:
//      browser   the playwright Browser
//      baseURL   "http://127.0.0.1:PORT"
//      newPage({lang, width, height})  a page in a fresh context (closed after the test);
//                lang "es" makes the browser ask for Spanish (Accept-Language)
//      check(page, label)  the visual check at 360 and 1280 px (the page is resized and put
//                back) and axe on the page as it is now, plus the HTML of its last document
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

// The visual check, run in the page: what a person would see as broken even when axe and the
// validator are content. Returns a list of problems:
// - the page scrolls sideways (its scroll width is more than its client width);
// - an element that hides or clips its overflow has content that does not fit (scroll width
//   or height past its client size): the content is cut off;
// - an element sticks out past the right edge of the viewport without being inside a region
//   that scrolls;
// - two text boxes overlap: the line boxes of text and the boxes of controls (inputs,
//   selects, buttons, progress bars, images) of two elements neither of which holds the other.
// Text hidden on purpose (the 1-pixel "visually hidden" pattern, display:none, off-screen skip
// links) is not looked at, nor a text field's own value (it scrolls under the caret).
function visualProblems() {
  const problems = [];
  const de = document.documentElement;
  const vw = de.clientWidth;
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.classList.length) s += '.' + [...el.classList].join('.');
    const text = String(el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return text ? `${s} "${text}"` : s;
  };
  if (de.scrollWidth > de.clientWidth + 1) problems.push(`the page scrolls sideways: ${de.scrollWidth}px of content in ${de.clientWidth}px`);
  const hidden = (el) => {
    // in a closed <details>, display:none, visibility:hidden
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) return true;
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden') return true;
      const r = e.getBoundingClientRect();
      if ((cs.overflowX !== 'visible' || cs.clip !== 'auto') && (r.width <= 2 || r.height <= 2)) return true;
      if (r.right <= 0 || (cs.position === 'absolute' && r.left < -1000)) return true;
    }
    return false;
  };
  const scrolls = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  const all = [...document.body.querySelectorAll('*')].filter((el) => !['SCRIPT', 'STYLE', 'TEMPLATE', 'OPTION', 'OPTGROUP'].includes(el.tagName));
  for (const el of all) {
    const cs = getComputedStyle(el);
    // a text field scrolls its own value under the caret: not content cut off
    const field = ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
    const clips = !field && (['hidden', 'clip'].includes(cs.overflowX) || ['hidden', 'clip'].includes(cs.overflowY));
    if (clips && !hidden(el)) {
      const wide = el.scrollWidth - el.clientWidth, tall = el.scrollHeight - el.clientHeight;
      if ((wide > 1 && ['hidden', 'clip'].includes(cs.overflowX)) || (tall > 1 && ['hidden', 'clip'].includes(cs.overflowY))) {
        problems.push(`content cut off in ${name(el)}: ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
      }
    }
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > vw + 1 && !hidden(el) && !scrolls(el)) {
      problems.push(`${name(el)} sticks out past the right edge: ${Math.round(r.right)}px in ${vw}px`);
    }
  }
  // boxes: text lines (by text node) and controls
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.nodeValue.trim()) continue;
    const owner = n.parentElement;
    if (!owner || ['SCRIPT', 'STYLE', 'OPTION', 'TEXTAREA', 'TITLE'].includes(owner.tagName) || owner.closest('select, progress') || hidden(owner)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width > 1 && r.height > 1) boxes.push({ owner, r, text: n.nodeValue.trim().slice(0, 30) });
    }
  }
  for (const el of document.body.querySelectorAll('input:not([type=hidden]), select, textarea, button, progress, img, svg')) {
    if (hidden(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 1 && r.height > 1) boxes.push({ owner: el, r, text: name(el) });
  }
  boxes.sort((a, b) => a.r.top - b.r.top);
  const seen = new Set();
  for (let i = 0; i < boxes.length && problems.length < 40; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].r.top < a.r.bottom - 2; j++) {
      const b = boxes[j];
      if (a.owner === b.owner || a.owner.contains(b.owner) || b.owner.contains(a.owner)) continue;
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (w > 2 && h > 2) {
        const key = a.text + '|' + b.text;
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push(`"${a.text}" (${name(a.owner).split(' ')[0]}) overlaps "${b.text}" (${name(b.owner).split(' ')[0]}) by ${Math.round(w)}x${Math.round(h)}px`);
      }
    }
  }
  return problems;
}

// The visual check at the page's size, then at the other width of SIZES (the page is resized
// and put back), so every checked page is looked at on a phone and on a desktop.
async function visualCheck(test, page, where) {
  const size = page.viewportSize();
  const sizes = [size, ...SIZES.filter((s) => s.width !== size.width)];
  for (const s of sizes) {
    if (s !== size) await page.setViewportSize(s);
    let problems;
    try {
      problems = await page.evaluate(visualProblems);
    } catch (e) {
      problems = [`the visual check could not run: ${e.message}`];
    }
    for (const p of problems) test.errors.push(`${where}at ${s.width}px: ${p}`);
  }
  if (page.viewportSize().width !== size.width) await page.setViewportSize(size);
}

async function checkPage(test, page, label, { validate = true, visual = true } = {}) {
  const where = label ? `[${label}] ` : '';
  if (visual) await visualCheck(test, page, where);
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
    await checkPage(test, page, null, { validate: size.width === SIZES[SIZES.length - 1].width, visual: false });
    for (const p of await page.evaluate(visualProblems)) test.errors.push(`at ${size.width}px: ${p}`);
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
