// Notifications end to end with the SMTP stand-in (motcua-smtp, next to the motcua binary): after the
// desk accepts a dossier, the citizen's mailbox holds the e-mail with the code and the appointment; the
// province administrator sees it in the demo mailbox and as sent in the outbox page (both accessible). The
// administrator rewrites the acceptance e-mail on /quan-tri/mau-thong-bao (a bad placeholder refused, a preview,
// saved); the citizen links Zalo with the code the preferences page gives (the Official Account's signed event),
// mutes the submission notice there, and the next acceptance mail uses the new template.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';

let server, browser, smtp, mailDir;
const ZALO_APP = '3046541812345', ZALO_SECRET = 'e2e-oa-secret';
const root = process.env.MOTCUA_SOURCE_DIR || join(dirname(new URL(import.meta.url).pathname), '..', '..');
const smtpBin = process.env.MOTCUA_SMTP_BIN || join(dirname(process.env.MOTCUA_BIN || join(root, 'build', 'asan', 'motcua')), 'motcua-smtp');

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-e2e-mail-'));
  mailDir = join(dir, 'mail');
  smtp = spawn(smtpBin, ['--maildir', mailDir, '--port', '0', '--port-file', join(dir, 'port')], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(join(dir, 'port')); i++) await new Promise((r) => setTimeout(r, 25));
  const port = parseInt(readFileSync(join(dir, 'port'), 'utf8'), 10);
  server = await startServer([], { MOTCUA_SMTP_URL: `smtp://127.0.0.1:${port}`, MOTCUA_DEMO_MAILDIR: mailDir,
    MOTCUA_ZALO_APP_ID: ZALO_APP, MOTCUA_ZALO_OA_SECRET: ZALO_SECRET });
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

test('the administrator edits a template; the citizen links Zalo and chooses what to receive', async () => {
  await withPage(browser, 'notify-templates', async (page, errors) => {
    await signIn(page, server.url, 'quantri');
    await page.goto(server.url + '/quan-tri/thu-gui');
    await page.getByRole('link', { name: 'Mẫu thông báo' }).click();
    await page.waitForURL(/\/quan-tri\/mau-thong-bao$/);
    await expectAccessible(page, 'templates list');
    await page.locator('#templates tr[data-event="dossier.accept"] a').first().click();
    await page.waitForURL(/\/quan-tri\/mau-thong-bao\/dossier\.accept\/email$/);
    await page.getByLabel('Tiêu đề').fill('Hồ sơ {{ma_ho_so}} đã được tiếp nhận');
    await page.getByLabel('Nội dung').fill('Kính gửi ông/bà,\nHồ sơ {{thu_tuc}} (mã {{ma_ho_so}}) đã được tiếp nhận, hẹn trả {{ngay_hen}}. {{mat_khau}}');
    await page.getByRole('button', { name: 'Lưu mẫu' }).click();
    assert.match(await page.locator('#error-summary').textContent(), /mat_khau/);
    assert.match(await page.getByLabel('Nội dung').inputValue(), /Kính gửi ông\/bà/, 'the text typed is kept');
    await page.getByLabel('Nội dung').fill('Kính gửi ông/bà,\nHồ sơ {{thu_tuc}} (mã {{ma_ho_so}}) đã được tiếp nhận, hẹn trả {{ngay_hen}}.');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    assert.match(await page.locator('#preview-text').textContent(), /Hồ sơ Đăng ký khai sinh \(mã 000\.01\.25\.H56-261202-0007\)/);
    assert.equal(await page.locator('#preview-html').count(), 1);
    await expectAccessible(page, 'template preview');
    await Promise.all([page.waitForURL(/ok=saved/), page.getByRole('button', { name: 'Lưu mẫu' }).click()]);
    assert.match(await page.locator('#flash').textContent(), /Đã lưu mẫu/);
    assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), [], 'only the refused form answered 422');
  });

  await withPage(browser, 'notify-prefs', async (page, errors) => {
    await signIn(page, server.url, '001090000001');
    await page.goto(server.url + '/tai-khoan');
    await page.getByRole('link', { name: 'Chọn cách nhận và loại thông báo' }).click();
    await page.waitForURL(/\/tai-khoan\/thong-bao$/);
    await expectAccessible(page, 'notification preferences');
    assert.ok(await page.getByLabel(/Zalo/).isDisabled(), 'Zalo cannot be chosen before it is linked');
    await page.getByRole('button', { name: 'Lấy mã liên kết Zalo' }).click();
    const code = (await page.locator('#zalo-code .big').textContent()).trim();
    assert.match(code, /^\d{8}$/);
    // The follower sends the code to the Official Account, which calls our webhook (signed).
    const body = JSON.stringify({ app_id: ZALO_APP, sender: { id: '8815206931427000001' }, event_name: 'user_send_text',
      message: { text: code, msg_id: 'm1' }, timestamp: String(Date.now()) });
    const ts = JSON.parse(body).timestamp;
    const mac = 'mac=' + createHash('sha256').update(ZALO_APP + body + ts + ZALO_SECRET).digest('hex');
    const hook = await fetch(server.url + '/api/v1/zalo/webhook', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-ZEvent-Signature': mac }, body });
    assert.equal((await hook.json()).result, 'linked');
    await page.goto(server.url + '/tai-khoan/thong-bao');
    assert.ok(await page.getByLabel(/Zalo/).isChecked(), 'linking Zalo adds it to the channels');
    assert.ok(await page.getByLabel('Hồ sơ được tiếp nhận, có ngày hẹn trả kết quả').isDisabled(), 'a required notice cannot be muted');
    await page.getByLabel('Đã gửi hồ sơ trực tuyến').uncheck();
    await page.getByLabel(/Thư điện tử/).uncheck();
    await page.getByLabel(/Zalo/).uncheck();
    await page.getByRole('button', { name: 'Lưu lựa chọn' }).click();
    assert.match(await page.locator('#error-summary').textContent(), /ít nhất một cách/);
    assert.equal(await page.getByLabel('Đã gửi hồ sơ trực tuyến').isChecked(), false, 'the ticks are kept');
    await expectAccessible(page, 'preferences with an error');
    await page.getByLabel(/Thư điện tử/).check();
    await Promise.all([page.waitForURL(/ok=saved/), page.getByRole('button', { name: 'Lưu lựa chọn' }).click()]);
    assert.match(await page.locator('#flash').textContent(), /Đã lưu/);
    assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), [], 'only the refused form answered 422');
  });

  const before = (await mailbox(1)).length;
  const desk = await apiToken(server.url, 'motcua.bensung');
  const res = await fetch(server.url + '/api/v1/dossiers', {
    method: 'POST', headers: { Authorization: `Bearer ${desk}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ procedure_code: 'local.1', agency_code: '000.01.25.H56', delivery: 'desk', accept: true,
      applicant: { name: 'Trần Thị Bình', id_number: '001190000777', email: 'binh.tran@example.vn' } }),
  });
  assert.equal(res.status, 201);
  const d = await res.json();
  const mails = await mailbox(before + 1);
  const mail = mails.find((m) => m.raw.includes('binh.tran@example.vn'));
  assert.ok(mail, 'no mail for the new acceptance');
  assert.equal(mail.subject, `Hồ sơ ${d.code} đã được tiếp nhận`);
  assert.ok(mail.text.startsWith('Kính gửi ông/bà,'), mail.text);
});
