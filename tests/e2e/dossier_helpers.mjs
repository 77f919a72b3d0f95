// Shared by the dossier browser tests: a small well-formed PDF, the Đăng ký kết hôn e-form filler,
// pdftotext, and a filter for console errors that are expected HTTP statuses.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A small but well-formed PDF (header, objects, xref, trailer, %%EOF) with one line of text.
export function tinyPdf(line) {
  const content = `BT /F1 12 Tf 20 50 Td (${line}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export const pdfFile = (name, line = 'Giay to') => ({ name, mimeType: 'application/pdf', buffer: tinyPdf(line) });

// Text of a PDF (poppler's pdftotext -layout), written to `dir` first.
export function pdftext(buf, dir, name) {
  const f = join(dir, name);
  writeFileSync(f, buf);
  return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
}

// Chromium reports a page answered with an error status as a console error ("… status of 409 …").
export const unexpected = (errors, ...statuses) => errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s}`)));

// The e-form of Đăng ký kết hôn (1.000894), filled with valid values (overrides by field name); the
// demo citizen 001090000001 is the husband and the submitter.
export async function fillMarriageForm(page, over = {}) {
  const v = {
    ben_nu_ho_ten: 'Lê Thị Hoa', ben_nu_ngay_sinh: '1995-05-12', ben_nu_dan_toc: 'Kinh', ben_nu_quoc_tich: 'Việt Nam',
    ben_nu_so_dinh_danh: '038195001122', ben_nu_noi_cu_tru: 'Khu phố 2, thị trấn Bến Sung, huyện Như Thanh, tỉnh Thanh Hóa', ben_nu_ket_hon_lan_thu: '1',
    ben_nam_ho_ten: 'Nguyễn Văn An', ben_nam_ngay_sinh: '1990-01-01', ben_nam_dan_toc: 'Kinh', ben_nam_quoc_tich: 'Việt Nam',
    ben_nam_so_dinh_danh: '001090000001', ben_nam_noi_cu_tru: 'Khu phố 3, thị trấn Bến Sung, huyện Như Thanh, tỉnh Thanh Hóa', ben_nam_ket_hon_lan_thu: '1',
    dien_thoai: '0912345678', ...over,
  };
  await page.check('#f_nguoi_nop_ben_nam');
  for (const [k, x] of Object.entries(v)) {
    // Ethnicity and nationality are lists (domain/catalog/reference_lists); the rest are typed.
    if (/_(dan_toc|quoc_tich)$/.test(k)) await page.selectOption(`#f_${k}`, x);
    else await page.fill(`#f_${k}`, x);
  }
  await page.check('#f_cam_doan');
}

// Submits the form of `action` on the officer's dossier page (/can-bo/ho-so/{id}); returns the HTTP
// status of the POST (303 on success, the error status when the page is re-rendered).
export async function act(page, action) {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/' + action)),
    page.locator(`#act-${action} button[type=submit]`).click(),
  ]);
  await page.waitForLoadState();
  return resp.status();
}
