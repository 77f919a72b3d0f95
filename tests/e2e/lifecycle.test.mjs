// The acceptance walk of the dossier lifecycle, every step through the pages of the person who does it:
// a citizen submits Đăng ký kết hôn online with a PDF → the desk accepts (Mẫu 01 downloaded by the
// citizen and checked with pdftotext for the code and Vietnamese text) → the desk hands it to Tư pháp →
// the specialist asks for a supplement (the clock stops) → the citizen supplies a file → the desk accepts
// the supplement (the clock restarts) → the specialist attaches the result and submits → the leader
// approves → the desk sends it by post (Đăng ký kết hôn is "một phần": no online result) → the citizen
// sees "Đã trả kết quả".
// A second online dossier is refused at the desk with a reason and the citizen gets Mẫu 03.
// (The desk (channel 1) walk is in workspace.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';
import { act, fillMarriageForm, pdfFile, pdftext, unexpected } from './dossier_helpers.mjs';

let server, browser, desk;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  desk = await apiToken(server.url, 'motcua.bensung');
});
after(async () => { await browser?.close(); await server?.stop(); });

const CITIZEN = '001090000001';
const PROC = '1.000894';

async function dossier(id) {
  const res = await fetch(`${server.url}/api/v1/dossiers/${id}`, { headers: { Authorization: `Bearer ${desk}` } });
  assert.equal(res.status, 200);
  return res.json();
}

async function as(name, username, fn, viewport) {
  await withPage(browser, name, async (page, errors) => {
    await signIn(page, server.url, username);
    await fn(page, errors);
  }, viewport);
}


async function submitOnline(page, delivery) {
  await page.goto(`${server.url}/thu-tuc/${PROC}/nop-truc-tuyen`);
  await fillMarriageForm(page);
  await page.selectOption('#agency', '000.01.25.H56');
  await page.check(`#delivery_${delivery}`);
  await page.setInputFiles('#comp_KH-04_file', pdfFile('cccd-hai-ben.pdf', 'CCCD'));
  await Promise.all([page.waitForURL(/\/ho-so-cua-toi\/[^/]+\/da-nop$/), page.getByRole('button', { name: 'Nộp hồ sơ' }).click()]);
  return page.url().split('/').slice(-2)[0];
}

test('online submission → acceptance (Mẫu 01) → supplement → accepted supplement → approval → return by post', async () => {
  let id, code;
  await as('life-submit', CITIZEN, async (page, errors) => {
    id = await submitOnline(page, 'post');  // một phần: no online result
    assert.match(await page.locator('.notice-good').textContent(), /Đã nộp hồ sơ thành công/);
    assert.deepEqual(unexpected(errors), []);
  });
  assert.equal((await dossier(id)).status, 1);

  await as('life-accept', 'motcua.bensung', async (page, errors) => {
    assert.equal(new URL(page.url()).pathname, '/can-bo', 'an officer lands on the workspace after signing in');
    await page.goto(`${server.url}/can-bo?tab=cho-tiep-nhan`);
    const row = page.locator(`#inbox tr[data-id="${id}"]`);
    assert.equal(await row.count(), 1, 'the online dossier waits at the desk');
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    assert.equal(await act(page, 'accept'), 303);
    code = (await page.locator('#dossier-code').textContent()).trim();
    assert.match(code, /^000\.01\.25\.H56-\d{6}-0001$/);
    assert.equal(await act(page, 'transfer'), 303);  // to the unit of the next step (Tư pháp)
    assert.match(await page.locator('#unit').textContent(), /Tư pháp/);
    assert.deepEqual(unexpected(errors), []);
  });

  await as('life-receipt', CITIZEN, async (page, errors) => {
    await page.goto(`${server.url}/ho-so-cua-toi/${id}`);
    assert.match(await page.locator('#code').textContent(), new RegExp(code.replace(/\./g, '\\.')));
    const res = await page.request.get(server.url + (await page.locator('#slips a[data-form="01"]').getAttribute('href')));
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    const text = pdftext(await res.body(), server.dir, 'life-01.pdf');
    assert.ok(text.includes(code), 'Mẫu 01 carries the dossier code');
    assert.match(text, /GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ/);
    assert.match(text, /Đăng ký kết hôn/);
    assert.match(text, /Nguyễn Văn An/);
    assert.deepEqual(unexpected(errors), []);
  });

  await as('life-supplement', 'tuphap.bensung', async (page, errors) => {
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    await page.fill('#request-supplement-reason', 'Thiếu giấy xác nhận tình trạng hôn nhân của bên nữ.');
    await page.fill('#request-supplement-items', 'Giấy xác nhận tình trạng hôn nhân');
    assert.equal(await act(page, 'request-supplement'), 303);
    assert.equal(await page.locator('#status-label').textContent(), 'Yêu cầu bổ sung giấy tờ');
    assert.ok(await page.locator('#clock-paused').isVisible(), 'the clock is stopped');
    await expectAccessible(page, 'officer dossier, supplement requested');
    assert.deepEqual(unexpected(errors), []);
  });
  const due0 = (await dossier(id)).due_at;

  await as('life-supply', CITIZEN, async (page, errors) => {
    await page.goto(`${server.url}/ho-so-cua-toi/${id}`);
    assert.match(await page.locator('#requests').textContent(), /Giấy xác nhận tình trạng hôn nhân/);
    assert.equal(await page.locator('#slips a[data-form="02"]').count(), 1);
    await expectAccessible(page, 'my dossier with a supplement request and the supply form');
    await page.setInputFiles('#sup_KH-02_file', pdfFile('xac-nhan-hon-nhan.pdf', 'Xac nhan'));
    await page.fill('#supply_note', 'Xin gửi giấy xác nhận tình trạng hôn nhân.');
    await Promise.all([page.waitForURL(/\?ok=supplied$/), page.getByRole('button', { name: 'Gửi bổ sung' }).click()]);
    assert.match(await page.locator('#timeline li').last().textContent(), /Xin gửi giấy xác nhận/);
    assert.deepEqual(unexpected(errors), []);
  });

  await as('life-accept-supplement', 'motcua.bensung', async (page, errors) => {
    // The supplied supplement is flagged in the desk's lists.
    await page.goto(`${server.url}/can-bo?tab=tat-ca&q=${encodeURIComponent(code)}`);
    assert.equal(await page.locator(`#inbox tr[data-id="${id}"] .supplied`).count(), 1, 'a supplied supplement is flagged');
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    assert.match(await page.locator('#documents').textContent(), /xac-nhan-hon-nhan\.pdf/);
    assert.equal(await act(page, 'accept-supplement'), 303);
    assert.equal(await page.locator('#status-label').textContent(), 'Đang xử lý');
    assert.equal(await page.locator('#clock-paused').count(), 0);
    assert.deepEqual(unexpected(errors), []);
  });
  const afterSupplement = await dossier(id);
  assert.equal(afterSupplement.supplement_count, 1);
  assert.ok(afterSupplement.due_at >= due0, 'the appointment never moves earlier after a pause');

  await as('life-result', 'tuphap.bensung', async (page, errors) => {
    // Nothing is assigned to the specialist by name: the workspace opens on the unit's list, which has it.
    assert.equal(await page.locator('#inbox-tabs a[aria-current]').getAttribute('data-tab'), 'cua-don-vi');
    assert.equal(await page.locator(`#inbox tr[data-id="${id}"]`).count(), 1);
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    await page.setInputFiles('#attach-result-file', pdfFile('giay-chung-nhan-ket-hon.pdf', 'Ket qua'));
    assert.equal(await act(page, 'attach-result'), 303);
    await page.fill('#submit-for-approval-note', 'Đề nghị lãnh đạo ký');
    assert.equal(await act(page, 'submit-for-approval'), 303);
    assert.deepEqual(unexpected(errors), []);
  });

  await as('life-approve', 'lanhdao.bensung', async (page, errors) => {
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    // The leader's likely action is first, in view without scrolling on a 1366×900 screen.
    assert.equal(await page.locator('#next-step form').getAttribute('data-action'), 'approve');
    const box = await page.locator('#act-approve button[type=submit]').boundingBox();
    assert.ok(box && box.y + box.height <= 900, `"Phê duyệt" is visible without scrolling (button at y=${box?.y})`);
    await page.fill('#approve-note', 'Đồng ý.');
    assert.equal(await act(page, 'approve'), 303);
    assert.equal(await page.locator('#status-label').textContent(), 'Đã xử lý xong');
    await expectAccessible(page, 'leader, dossier approved');
    assert.deepEqual(unexpected(errors), []);
  }, { width: 1366, height: 900 });

  await as('life-return', 'motcua.bensung', async (page, errors) => {
    // The approved dossier waits in the desk's working tab "Chờ trả kết quả", which shows its count.
    await page.goto(`${server.url}/can-bo?tab=cho-tra-ket-qua`);
    assert.equal(await page.locator(`#inbox tr[data-id="${id}"]`).count(), 1, 'status 9 is in a working tab of the desk');
    const count = await page.locator('#inbox-tabs a[data-tab="cho-tra-ket-qua"] .tab-count').textContent();
    assert.equal(Number(count), await page.locator('#inbox tbody tr').count());
    await expectAccessible(page, 'desk inbox, results to return');
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    assert.equal(await act(page, 'return-result'), 303);  // by post: nobody signs at the desk
    assert.equal(await page.locator('#status-label').textContent(), 'Đã trả kết quả');
    assert.deepEqual(unexpected(errors), []);
  });

  await as('life-done', CITIZEN, async (page, errors) => {
    await page.goto(`${server.url}/ho-so-cua-toi/${id}`);
    assert.match(await page.locator('#status').textContent(), /Đã trả kết quả/);
    await expectAccessible(page, 'my dossier with the result returned online');
    const steps = await page.locator('#timeline li').allTextContents();
    for (const label of ['Nộp hồ sơ', 'Tiếp nhận hồ sơ', 'Yêu cầu bổ sung giấy tờ', 'Tiếp nhận hồ sơ bổ sung', 'Phê duyệt', 'Trả kết quả'])
      assert.ok(steps.some((s) => s.includes(label)), `timeline shows "${label}": ${steps.join(' | ')}`);
    // Officers' internal notes and internal steps never reach the citizen — not on the page, not in the JSON.
    const timeline = steps.join(' | ');
    for (const internal of ['Đề nghị lãnh đạo ký', 'Đồng ý.', 'Chuyển xử lý', 'Trình lãnh đạo'])
      assert.ok(!timeline.includes(internal), `the citizen's timeline hides "${internal}": ${timeline}`);
    const mine = await (await fetch(`${server.url}/api/v1/dossiers/${id}`, { headers: { Authorization: `Bearer ${await apiToken(server.url, CITIZEN)}` } })).json();
    assert.deepEqual(mine.history.map((h) => h.action), ['submit', 'accept', 'request-supplement', 'supply', 'accept-supplement', 'approve', 'return-result']);
    assert.ok(!JSON.stringify(mine).includes('Đề nghị lãnh đạo ký') && !JSON.stringify(mine).includes('Đồng ý.'), 'no internal note in the JSON the citizen reads');
    // Sent by post: there is no result to download from the page.
    assert.equal(await page.locator('#result a').count(), 0);
    assert.deepEqual(unexpected(errors), []);
  });
  const done = await dossier(id);
  assert.equal(done.returned_to, 'Bưu chính');
  assert.deepEqual(done.history.map((h) => h.action),
    ['submit', 'accept', 'transfer', 'request-supplement', 'supply', 'accept-supplement', 'attach-result', 'submit-for-approval', 'approve', 'return-result']);
  // The public lookup follows it, with the name masked.
  const pub = await (await fetch(`${server.url}/api/v1/lookup/${code}`)).json();
  assert.equal(pub.status_label, 'Đã trả kết quả');
  assert.equal(pub.applicant, 'Nguyễn V*** A***');
  // Typed as people type it: lower case, with spaces around (page and API).
  const typed = (await fetch(`${server.url}/api/v1/lookup/${encodeURIComponent(' ' + code.toLowerCase() + ' ')}`));
  assert.equal(typed.status, 200);
  await withPage(browser, 'life-lookup', async (page) => {
    await page.goto(`${server.url}/tra-cuu?ma=${encodeURIComponent('  ' + code.toLowerCase())}`);
    assert.match(await page.locator('main').textContent(), /Đã trả kết quả/);
  });
});

test('a second online dossier is refused at the desk with a reason; the citizen gets Mẫu 03', async () => {
  let id;
  await as('life-submit-2', CITIZEN, async (page) => { id = await submitOnline(page, 'desk'); });
  await as('life-refuse', 'motcua.bensung', async (page, errors) => {
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    assert.equal(await act(page, 'refuse'), 422);  // the reason is mandatory
    assert.equal((await dossier(id)).status, 1);
    await page.fill('#refuse-reason', 'Hai bên không thường trú tại thị trấn Bến Sung.');
    await page.check('#refuse-confirm');
    assert.equal(await act(page, 'refuse'), 303);
    assert.equal(await page.locator('#status-label').textContent(), 'Không được tiếp nhận');
    assert.deepEqual(unexpected(errors, 422), []);
  });
  await as('life-refused', CITIZEN, async (page, errors) => {
    await page.goto(`${server.url}/ho-so-cua-toi/${id}`);
    assert.match(await page.locator('#status').textContent(), /Không được tiếp nhận/);
    await expectAccessible(page, 'my refused dossier');
    assert.equal(await page.locator('#slips a[data-form="01"]').count(), 0);
    const res = await page.request.get(server.url + (await page.locator('#slips a[data-form="03"]').getAttribute('href')));
    assert.equal(res.status(), 200);
    const text = pdftext(await res.body(), server.dir, 'life-03.pdf');
    assert.match(text, /PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ/);
    assert.match(text, /không thường trú/);
    assert.deepEqual(unexpected(errors), []);
  });
});
