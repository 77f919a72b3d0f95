// Satisfaction ratings in the browser (issue 12): once a dossier is returned, the citizen's dossier page offers
// "Đánh giá"; an incomplete questionnaire is refused with an error summary that names what is missing (the
// answers given kept); the complete one is thanked for on the dossier page. At the desk kiosk (/danh-gia, no
// sign-in) anyone holding the receipt rates with the dossier code and the 6-digit rating code printed on Mẫu 01;
// a wrong code is refused and changes nothing. Every page passes axe at phone and desktop widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';
import { pdftext, tinyPdf, unexpected } from './dossier_helpers.mjs';

let server, browser, tmp;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  tmp = mkdtempSync(join(tmpdir(), 'motcua-e2e-rating-'));
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const CITIZEN = '001090000001';

async function api(user, method, path, body) {
  const token = await apiToken(server.url, user);
  const res = await fetch(server.url + path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined });
  return res;
}

// A dossier of the demo citizen (linked to the account by the ID number), taken at the desk and returned.
async function returnedDossier() {
  const created = await api('motcua.bensung', 'POST', '/api/v1/dossiers', {
    procedure_code: '1.001653', agency_code: '000.01.25.H56', delivery: 'desk', accept: true,
    applicant: { name: 'Nguyễn Văn An', id_number: CITIZEN, phone: '0912345678' },
    documents: [{ component_code: 'KTT-01', copy_type: 'original' }],
  });
  const d = await created.json();
  assert.equal(created.status, 201, JSON.stringify(d));
  assert.equal((await api('motcua.bensung', 'POST', `/api/v1/dossiers/${d.id}/actions/transfer`, { unit: 'TP' })).status, 200);
  const fd = new FormData();
  fd.append('file', new Blob([tinyPdf('Ket qua')], { type: 'application/pdf' }), 'ket-qua.pdf');
  const specialist = await apiToken(server.url, 'tuphap.bensung');
  const up = await (await fetch(server.url + '/api/v1/files', { method: 'POST', headers: { Authorization: `Bearer ${specialist}` }, body: fd })).json();
  assert.equal((await api('tuphap.bensung', 'POST', `/api/v1/dossiers/${d.id}/actions/attach-result`, { file_id: up.id })).status, 200);
  assert.equal((await api('lanhdao.bensung', 'POST', `/api/v1/dossiers/${d.id}/actions/approve`, {})).status, 200);
  assert.equal((await api('motcua.bensung', 'POST', `/api/v1/dossiers/${d.id}/actions/return-result`, { note: 'Nguyễn Văn An' })).status, 200);
  return d;
}

// The first option of every question and the given overall answer.
async function answerAll(page, overall) {
  const sets = page.locator('#rating-form fieldset[id^="q"]');
  const n = await sets.count();
  assert.ok(n >= 6, `only ${n} questions`);
  for (let i = 0; i < n; i++) await sets.nth(i).locator('input[type=radio]').first().check();
  await page.check(`#overall input[value="${overall}"]`);
}

async function submit(page) {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.locator('#rating-form button[type=submit]').click(),
  ]);
  await page.waitForLoadState('load');
  return resp.status();
}

test('the citizen rates a returned dossier from its page: incomplete answers refused, then thanked', async () => {
  const d = await returnedDossier();
  await withPage(browser, 'rating-mine', async (page, errors) => {
    await signIn(page, server.url, CITIZEN);
    await page.goto(`${server.url}/ho-so-cua-toi/${d.id}`);
    await Promise.all([page.waitForURL(/\/danh-gia$/), page.click('#rate-link')]);
    assert.match(await page.locator('main').textContent(), new RegExp(d.code));
    await expectAccessible(page, 'rating form');

    // Only the overall answer: refused, the summary links to the first question left out, the choice is kept.
    await page.check('#overall input[value="satisfied"]');
    assert.equal(await submit(page), 422);
    const summary = page.locator('#error-summary');
    assert.equal(await summary.count(), 1);
    assert.ok(await summary.locator('a[href="#q1"]').count() === 1, await summary.textContent());
    assert.equal(await page.locator('#overall input[value="satisfied"]').isChecked(), true);
    assert.equal(await page.locator('#q1 .err').count(), 1);
    await expectAccessible(page, 'rating form with its errors');

    await answerAll(page, 'very_satisfied');
    await page.fill('#comment', 'Cán bộ hướng dẫn tận tình.');
    assert.equal(await submit(page), 303);
    assert.match(page.url(), new RegExp(`/ho-so-cua-toi/${d.id}\\?ok=rated$`));
    assert.match(await page.locator('main').textContent(), /Cảm ơn bạn đã đánh giá/);
    assert.deepEqual(unexpected(errors, 422), []);
  });
  const r = await (await api(CITIZEN, 'GET', `/api/v1/dossiers/${d.id}/rating`)).json();
  assert.equal(r.rated, true);
  assert.equal(r.overall, 'very_satisfied');
  assert.equal(r.comment, 'Cán bộ hướng dẫn tận tình.');
});

test('at the desk kiosk, without signing in, with the codes on the receipt (a wrong code changes nothing)', async () => {
  const d = await returnedDossier();
  const slip = await api('motcua.bensung', 'GET', `/api/v1/dossiers/${d.id}/forms/01.pdf`);
  assert.equal(slip.status, 200);
  const text = pdftext(Buffer.from(await slip.arrayBuffer()), tmp, 'mau-01.pdf');
  const m = text.match(/mã đánh giá\D*(\d{6})/i);
  assert.ok(m, text);
  const ratingCode = m[1];
  const wrong = ratingCode === '000000' ? '000001' : '000000';

  await withPage(browser, 'rating-kiosk', async (page, errors) => {
    await page.goto(`${server.url}/danh-gia`);
    await expectAccessible(page, 'kiosk rating form');
    await page.fill('#code', ` ${d.code.toLowerCase()} `);
    await page.fill('#rating_code', wrong);
    await answerAll(page, 'unsatisfied');
    const refused = await submit(page);
    assert.ok(refused === 404 || refused === 422, String(refused));
    assert.equal(await page.locator('#flash').count(), 0);
    assert.ok((await page.locator('#error-summary, .notice-bad').first().textContent()).length > 0);

    await page.fill('#rating_code', ratingCode);
    await answerAll(page, 'unsatisfied');
    const ok = await submit(page);
    assert.ok(ok === 200 || ok === 303, String(ok));
    assert.match(await page.locator('#flash').textContent(), new RegExp(`Cảm ơn bạn đã đánh giá việc giải quyết hồ sơ ${d.code}`));
    await expectAccessible(page, 'kiosk thanks');
    assert.deepEqual(unexpected(errors, 404, 422), []);
  }, { width: 1280, height: 800 });
  const r = await (await api(CITIZEN, 'GET', `/api/v1/dossiers/${d.id}/rating`)).json();
  assert.equal(r.overall, 'unsatisfied');
});

test('the officer page of a returned dossier shows its 9-indicator evaluation, accessible', async () => {
  const d = await returnedDossier();
  await withPage(browser, 'evaluation', async (page, errors) => {
    await signIn(page, server.url, 'tuphap.bensung');
    await page.goto(`${server.url}/can-bo/ho-so/${d.id}`);
    assert.equal(await page.locator('#evaluation-table tbody tr').count(), 9);
    assert.match(await page.locator('#evaluation').textContent(), /\d+\/18 điểm — (Xuất sắc|Tốt|Khá|Trung bình|Yếu)/);
    assert.match(await page.locator('#evaluation').textContent(), /Tổng thời gian giải quyết thủ tục hành chính/);
    await expectAccessible(page, 'officer page with the evaluation');
    assert.deepEqual(unexpected(errors), []);
  }, { width: 1280, height: 800 });
});
