// Notifications end to end with the SMTP stand-in (motcua-smtp, next to the motcua binary): after the
// desk accepts a dossier, the citizen's mailbox holds the e-mail with the code and the appointment; the
// province administrator sees it in the demo mailbox and as sent in the outbox page (both accessible).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';

let server, browser, smtp, mailDir;
const root = process.env.MOTCUA_SOURCE_DIR || join(dirname(new URL(import.meta.url).pathname), '..', '..');
const smtpBin = process.env.MOTCUA_SMTP_BIN || join(dirname(process.env.MOTCUA_BIN || join(root, 'build', 'asan', 'motcua')), 'motcua-smtp');

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-e2e-mail-'));
  mailDir = join(dir, 'mail');
  smtp = spawn(smtpBin, ['--maildir', mailDir, '--port', '0', '--port-file', join(dir, 'port')], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(join(dir, 'port')); i++) await new Promise((r) => setTimeout(r, 25));
  const port = parseInt(readFileSync(join(dir, 'port'), 'utf8'), 10);
  server = await startServer([], { MOTCUA_SMTP_URL: `smtp://127.0.0.1:${port}`, MOTCUA_DEMO_MAILDIR: mailDir });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  smtp?.kill('SIGTERM');
  if (mailDir) rmSync(dirname(mailDir), { recursive: true, force: true });
});

// The decoded Subject and text/plain part of each message in new/.
async function mailbox(count, timeoutMs = 15000) {
  for (let waited = 0; ; waited += 50) {
    const files = existsSync(join(mailDir, 'new')) ? readdirSync(join(mailDir, 'new')).sort() : [];
    if (files.length >= count || waited >= timeoutMs) {
      return files.map((f) => {
        const raw = readFileSync(join(mailDir, 'new', f), 'utf8');
        const head = raw.slice(0, raw.indexOf('\n\n')).replace(/\n[ \t]+/g, ' ');
        const subject = (head.match(/^Subject: (.*)$/m) || [])[1].replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/g, (_, b) => Buffer.from(b, 'base64').toString('utf8'));
        const plain = raw.split('Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: base64\n\n')[1].split('\n--')[0];
        return { raw, subject: subject.trim(), text: Buffer.from(plain.replace(/\s+/g, ''), 'base64').toString('utf8') };
      });
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('acceptance e-mail in the citizen mailbox; the administrator sees it in the demo mailbox and the outbox', async () => {
  const desk = await apiToken(server.url, 'motcua.bensung');
  const res = await fetch(server.url + '/api/v1/dossiers', {
    method: 'POST', headers: { Authorization: `Bearer ${desk}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ procedure_code: 'local.1', agency_code: '000.01.25.H56', delivery: 'desk', accept: true,
      applicant: { name: 'Nguyễn Văn An', id_number: '001090000001', email: 'an.nguyen@example.vn' } }),
  });
  assert.equal(res.status, 201);
  const d = await res.json();
  const due = `${d.due_at.slice(8, 10)}/${d.due_at.slice(5, 7)}/${d.due_at.slice(0, 4)}`;
  const [mail] = await mailbox(1);
  assert.ok(mail, 'no mail arrived');
  assert.equal(mail.subject, `Đã tiếp nhận hồ sơ ${d.code}`);
  assert.match(mail.raw, /^Delivered-To: an\.nguyen@example\.vn$/m);
  assert.ok(mail.text.includes(`Mã hồ sơ: ${d.code}`), mail.text);
  assert.ok(mail.text.includes('Ngày hẹn trả kết quả') && mail.text.includes(due), mail.text);

  await withPage(browser, 'notify-admin', async (page, errors) => {
    await signIn(page, server.url, 'quantri');
    await page.goto(server.url + '/quan-tri/hop-thu-demo');
    const article = page.locator('article.mail').filter({ hasText: d.code });
    assert.equal(await article.count(), 1);
    assert.match(await article.locator('h2').textContent(), new RegExp(`Đã tiếp nhận hồ sơ ${d.code}`));
    assert.match(await article.locator('.mail-body').textContent(), new RegExp(due.replace(/\//g, '\\/')));
    await expectAccessible(page, 'demo mailbox');
    await page.goto(server.url + '/quan-tri/thu-gui?trang-thai=sent');
    assert.ok((await page.locator('#messages tr[data-status="sent"][data-event="dossier.accept"]').count()) >= 1);
    await expectAccessible(page, 'outbox');
    assert.deepEqual(errors, []);
  });
});
