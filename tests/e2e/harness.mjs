// Browser-test harness: starts the real motcua server on a free port with a fresh data directory
// (demo data loaded), launches Debian's chromium through playwright-core, and saves a screenshot
// under tests/e2e/screenshots/ when a test fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const root = process.env.MOTCUA_SOURCE_DIR || join(here, '..', '..');
const require = createRequire(join(root, 'package.json'));
const { chromium } = require('playwright-core');

export async function startServer(extraArgs = [], env = {}) {
  const bin = process.env.MOTCUA_BIN || join(root, 'build', 'asan', 'motcua');
  const dir = mkdtempSync(join(tmpdir(), 'motcua-e2e-'));
  const portFile = join(dir, 'port');
  const proc = spawn(bin, ['serve', '--data', dir, '--port', '0', '--port-file', portFile, '--web-root', root,
    '--demo-if-empty', '--log-level', 'warn', ...extraArgs], { env: { MOTCUA_FAST_HASH: '1', MOTCUA_JOB_TICK_MS: '100', MOTCUA_NOTIFY_PERIOD_MS: '100', ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  for (let i = 0; i < 600; i++) {
    if (existsSync(portFile)) {
      const port = parseInt(readFileSync(portFile, 'utf8'), 10);
      if (port > 0) {
        return {
          url: `http://127.0.0.1:${port}`,
          async stop() {
            proc.kill('SIGTERM');
            await new Promise((r) => proc.once('exit', r));
            rmSync(dir, { recursive: true, force: true });
          },
          stderr: () => stderr,
          dir,
        };
      }
    }
    if (proc.exitCode !== null) throw new Error('motcua exited: ' + stderr);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('motcua did not start: ' + stderr);
}

// The national platform's stand-in (motcua-national next to the motcua binary): the portal's sync endpoint and
// the population / business registration lookups. Returns {base, dir, serverArgs (the flags that point the server
// at it), control(mode) ("down", a status, "" = normal), stop()}; its log is <dir>/accepted.jsonl.
export async function startNationalPortal() {
  const bin = join(dirname(process.env.MOTCUA_BIN || join(root, 'build', 'asan', 'motcua')), 'motcua-national');
  const dir = mkdtempSync(join(tmpdir(), 'motcua-e2e-national-'));
  const proc = spawn(bin, ['--schema', join(root, 'data', 'national', 'schema.json'), '--log', join(dir, 'accepted.jsonl'), '--control-file',
    join(dir, 'control'), '--client-id', 'e2e', '--client-secret', 'e2e-secret', '--port', '0', '--port-file', join(dir, 'port')], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(join(dir, 'port')); i++) await new Promise((r) => setTimeout(r, 25));
  const base = `http://127.0.0.1:${parseInt(readFileSync(join(dir, 'port'), 'utf8'), 10)}`;
  return {
    base,
    dir,
    serverArgs: ['--national-url', `${base}/api`, '--national-token-url', `${base}/token`, '--national-client-id', 'e2e',
      '--national-client-secret', 'e2e-secret', '--national-backoff-ms', '200', '--national-data-url', base],
    control(mode) {
      if (mode) writeFileSync(join(dir, 'control'), mode + '\n');
      else rmSync(join(dir, 'control'), { force: true });
    },
    stop() {
      proc.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Runs fn(page); on failure saves a screenshot named after the test and rethrows.
export async function withPage(browser, name, fn, viewport = { width: 390, height: 844 }) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  try {
    await fn(page, consoleErrors);
  } catch (e) {
    const dir = join(here, 'screenshots');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, name.replace(/[^a-z0-9-]+/gi, '_') + '.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
}

// Signs in through the /dang-nhap form (demo accounts use demo1234).
export async function signIn(page, baseUrl, username, password = 'demo1234') {
  await page.goto(baseUrl + '/dang-nhap');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')), page.click('main button[type=submit]')]);
}

// Bearer token from the JSON API.
export async function apiToken(baseUrl, username, password = 'demo1234') {
  const res = await fetch(baseUrl + '/api/v1/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error('login failed: ' + (await res.text()));
  return (await res.json()).token;
}

// Accessibility: axe-core's WCAG 2.1 A/AA rules, run on the current page at phone and desktop widths.
// axe is evaluated through the DevTools protocol (page.evaluate), which the page's CSP (script-src 'self')
// does not govern, so the tests keep the real CSP (no bypassCSP on the browser context). No rule is
// disabled; the tag run covers 63 rules (color-contrast, label, link-name, label-content-name-mismatch,
// scrollable-region-focusable, …). Only violations fail; axe's "incomplete" results (needs review, e.g. the
// ☐ boxes of the printable forms, which hold no text) are not failures.
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const A11Y_WIDTHS = [{ width: 390, height: 844 }, { width: 1280, height: 800 }];
let axeSource;

export async function axeViolations(page) {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, A11Y_TAGS);
}

// WCAG 1.4.10 Reflow, which axe does not check: at phone width the page itself must not scroll
// sideways (wide tables scroll inside their own focusable region). Returns the widest offenders.
async function reflowOffenders(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const path = (e) => e.id ? '#' + e.id : e.tagName.toLowerCase() + (e.classList.length ? '.' + [...e.classList].join('.') : '');
    return [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > width + 1)
      .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 1)
      .slice(0, 8).map((e) => `${path(e.parentElement)} > ${path(e)} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`);
  });
}

// Fails with a readable list (rule, impact, help, target selectors) when the current page has WCAG 2.1
// A/AA violations at either width, or scrolls sideways at phone width. The page's own viewport is
// restored afterwards.
export async function expectAccessible(page, label = page.url()) {
  const original = page.viewportSize();
  const report = [];
  try {
    for (const vp of A11Y_WIDTHS) {
      await page.setViewportSize(vp);
      if (vp.width < 600) {
        const wide = await reflowOffenders(page);
        if (wide.length) report.push(`  [${vp.width}px] reflow (WCAG 1.4.10): the page scrolls sideways\n` + wide.map((w) => `      ${w}`).join('\n'));
      }
      for (const v of await axeViolations(page)) {
        report.push(`  [${vp.width}px] ${v.id} (${v.impact}): ${v.help}\n` +
          v.nodes.slice(0, 8).map((n) => `      ${n.target}${n.summary ? '\n        ' + n.summary.replace(/\n/g, '\n        ') : ''}`).join('\n') +
          (v.nodes.length > 8 ? `\n      … ${v.nodes.length - 8} more` : ''));
      }
    }
  } finally {
    if (original) await page.setViewportSize(original);
  }
  if (report.length) throw new Error(`accessibility violations on ${label} (${page.url()}):\n${report.join('\n')}`);
}

// The messages delivered through the log channel (<data>/outbox.log) to `to`, waiting (delivery by the
// outbox job is asynchronous) until at least one has arrived.
export async function messagesTo(server, to, timeoutMs = 15000) {
  const path = join(server.dir, 'outbox.log');
  for (let waited = 0; ; waited += 50) {
    const lines = existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
    const mine = lines.filter((l) => l.to === to);
    if (mine.length > 0 || waited >= timeoutMs) return mine;
    await new Promise((r) => setTimeout(r, 50));
  }
}
