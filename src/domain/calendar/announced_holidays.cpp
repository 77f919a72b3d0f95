// The announced holiday layouts (see announced_holidays.h). Each layout was checked on 2026-12-01
// against stored copies of the notices and of the press reports quoting them (search corpus
// "pages"); the URL of the copy that showed each fact is given next to it. Facts that no stored
// copy showed are kept (they are what the notice is remembered to say) but listed in
// `unconfirmed`, so an admin knows which dates to double-check; any date can be overridden per
// agency.
#include "announced_holidays.h"

#include <algorithm>
#include <array>

namespace motcua::cal {
namespace {

using W = Weekday;
using K = HolidayKind;

constexpr std::string_view kNewYear = "Tết Dương lịch";
constexpr std::string_view kTet = "Tết Nguyên đán";
constexpr std::string_view kHung = "Giỗ Tổ Hùng Vương";
constexpr std::string_view k304 = "Ngày Giải phóng miền Nam, thống nhất đất nước";
constexpr std::string_view k15 = "Ngày Quốc tế Lao động";
constexpr std::string_view kQK = "Quốc khánh";

constexpr AnnouncedDay off(int y, int m, int d, K kind, std::string_view name) { return {Date{y, m, d}, false, kind, name, W::monday}; }
constexpr AnnouncedDay work(int y, int m, int d, std::string_view note, W as) { return {Date{y, m, d}, true, K::fixed, note, as}; }

// 2024 ------------------------------------------------------------------------------------------
// - Tết and Quốc khánh: Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 (Bộ LĐTBXH), quoted in full at
//   huyendakha.kontum.gov.vn ("thong-bao-ve-viec-nghi-tet-am-lich-va-nghi-le-quoc-khanh-nam-2024"):
//   Tết off Thu 08/02 (29 tháng Chạp) – Wed 14/02 (mùng 5) = 5 Tết days + 2 compensatory days
//   (art. 111.3: mùng 1 and mùng 2 fell on Sat/Sun); Quốc khánh off Sat 31/8 – Tue 03/9 = 2/9 and
//   3/9 + the weekend.
// - 30/4–1/5: Công văn 2450/VPCP-KGVX ngày 12/4/2024 (the Prime Minister agreed to swap Mon 29/4
//   with Sat 04/5; off Sat 27/4 – Wed 01/5) — baophapluat.vn, chinhphu.vn (20/04/2024), also cited
//   by python-holidays (VietnamStaticHolidays 2024: APR 29 ↔ MAY 4).
// - Giỗ Tổ Thu 18/4/2024 (10/3 lunar; chinhphu.vn 20/04/2024). 1/1 Monday.
constexpr std::array kDays2024 = {
    off(2024, 1, 1, K::fixed, kNewYear),
    off(2024, 2, 8, K::tet, kTet),
    off(2024, 2, 9, K::tet, kTet),
    off(2024, 2, 10, K::tet, kTet),  // mùng 1, Saturday
    off(2024, 2, 11, K::tet, kTet),  // Sunday
    off(2024, 2, 12, K::tet, kTet),
    off(2024, 2, 13, K::compensatory, "Nghỉ bù Tết Nguyên đán"),
    off(2024, 2, 14, K::compensatory, "Nghỉ bù Tết Nguyên đán"),
    off(2024, 4, 18, K::lunar, kHung),
    off(2024, 4, 29, K::swapped, "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 04/5/2024)"),
    off(2024, 4, 30, K::fixed, k304),
    off(2024, 5, 1, K::fixed, k15),
    work(2024, 5, 4, "Làm bù cho thứ Hai 29/4/2024", W::monday),
    off(2024, 9, 2, K::fixed, kQK),
    off(2024, 9, 3, K::national_day_extra, kQK),
};

// 2025 ------------------------------------------------------------------------------------------
// - Tết, Quốc khánh, 30/4–1/5: Công văn 8726/VPCP-KGVX ngày 26/11/2024 (the Prime Minister agreed
//   to a 9-day Tết, pld.net.vn) and Thông báo 6150/TB-BLĐTBXH (2024) implementing it, quoted at
//   baodanang.vn (08/11/2025): Quốc khánh off Sat 30/8 – Tue 02/9 (2 holiday days + the weekend).
//   Tết off Sat 25/01 (26 tháng Chạp) – Sun 02/02 (mùng 5): licham.prices.vn and pld.net.vn.
//   30/4–1/5: Fri 02/5 swapped with Sat 26/4, off Wed 30/4 – Sun 04/5 (VietnamPlus/TTXVN, quoted
//   at tracuuquyhoach.com).
// - Giỗ Tổ Mon 07/4/2025 (10/3 lunar, computed; a weekday, nothing to compensate). 1/1 Wednesday.
constexpr std::array kDays2025 = {
    off(2025, 1, 1, K::fixed, kNewYear),
    off(2025, 1, 27, K::swapped, "Nghỉ hoán đổi dịp Tết Nguyên đán (làm bù thứ Bảy 15/02/2025)"),
    off(2025, 1, 28, K::tet, kTet),  // 29 tháng Chạp Giáp Thìn
    off(2025, 1, 29, K::tet, kTet),  // mùng 1
    off(2025, 1, 30, K::tet, kTet),
    off(2025, 1, 31, K::tet, kTet),
    work(2025, 2, 15, "Làm bù cho thứ Hai 27/01/2025 (Tết Nguyên đán)", W::monday),
    off(2025, 4, 7, K::lunar, kHung),
    work(2025, 4, 26, "Làm bù cho thứ Sáu 02/5/2025", W::friday),
    off(2025, 4, 30, K::fixed, k304),
    off(2025, 5, 1, K::fixed, k15),
    off(2025, 5, 2, K::swapped, "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4/2025)"),
    off(2025, 9, 1, K::national_day_extra, kQK),
    off(2025, 9, 2, K::fixed, kQK),
};

// 2026 ------------------------------------------------------------------------------------------
// - Tết Dương lịch: Công văn 12729/VPCP-KGVX ngày 25/12/2025 (Deputy Prime Minister Phạm Thị Thanh
//   Trà agreed): off Thu 01/01 – Sun 04/01/2026, Fri 02/01 swapped with Sat 10/01/2026.
// - Tết and Quốc khánh: Thông báo 9441/TB-BNV ngày 16/10/2025 (Bộ Nội vụ; vietbao.vn 17/10/2025):
//   Tết = 1 day before + 4 after, Mon 16/02 (29 tháng Chạp Ất Tỵ) – Fri 20/02 (mùng 4), with the
//   weekends off Sat 14/02 – Sun 22/02 (9 days; thanhnien.vn 13/10/2025, congan.com.vn). Quốc khánh:
//   1/9 + 2/9, Mon 31/8 swapped with Sat 22/8, off Sat 29/8 – Wed 02/9 (the Ministry's proposal the
//   Prime Minister approved, as reported by thanhnien.vn 13/10/2025).
// - Giỗ Tổ Sun 26/4/2026 → compensatory Mon 27/4 (Labour Code art. 111.3; thanhnien.vn 23/02/2026,
//   kenh14.vn 11/03/2026). 30/4 (Thu) and 1/5 (Fri): no swap announced (same reports).
// - Not shipped: 24/11 "Ngày Văn hóa Việt Nam" — Nghị quyết 80-NQ/TW and Nghị quyết 30/NQ-CP
//   (02/2026) plan it as a paid holiday via an amendment of Labour Code art. 112; no stored source
//   shows the amendment in force for 2026. Admins add it per agency if it applies.
constexpr std::array kDays2026 = {
    off(2026, 1, 1, K::fixed, kNewYear),
    off(2026, 1, 2, K::swapped, "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)"),
    work(2026, 1, 10, "Làm bù cho thứ Sáu 02/01/2026 (Tết Dương lịch)", W::friday),
    off(2026, 2, 16, K::tet, kTet),  // 29 tháng Chạp Ất Tỵ
    off(2026, 2, 17, K::tet, kTet),  // mùng 1
    off(2026, 2, 18, K::tet, kTet),
    off(2026, 2, 19, K::tet, kTet),
    off(2026, 2, 20, K::tet, kTet),
    off(2026, 4, 26, K::lunar, kHung),  // Sunday
    off(2026, 4, 27, K::compensatory, "Nghỉ bù Giỗ Tổ Hùng Vương"),
    off(2026, 4, 30, K::fixed, k304),
    off(2026, 5, 1, K::fixed, k15),
    work(2026, 8, 22, "Làm bù cho thứ Hai 31/8/2026 (Quốc khánh)", W::monday),
    off(2026, 8, 31, K::swapped, "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)"),
    off(2026, 9, 1, K::national_day_extra, kQK),
    off(2026, 9, 2, K::fixed, kQK),
};

const std::array kLayouts = {
    AnnouncedLayout{2024, kDays2024,
                    "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 (Tết, Quốc khánh); Công văn 2450/VPCP-KGVX "
                    "ngày 12/4/2024 (hoán đổi 29/4 ↔ 04/5)",
                    "Số thông báo của Bộ LĐTBXH cho dịp 30/4–1/5/2024 (chỉ thấy Công văn 2450/VPCP-KGVX)."},
    AnnouncedLayout{2025, kDays2025,
                    "Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-BLĐTBXH (2024): Tết nghỉ "
                    "25/01–02/02, 30/4–1/5 nghỉ 30/4–04/5 (làm bù 26/4), Quốc khánh nghỉ 30/8–02/9",
                    "Hoán đổi thứ Hai 27/01/2025 ↔ thứ Bảy 15/02/2025: không thấy trong bản lưu nào của thông báo "
                    "(chỉ thấy đợt nghỉ 25/01–02/02); ngày ký của Thông báo 6150."},
    AnnouncedLayout{2026, kDays2026,
                    "Công văn 12729/VPCP-KGVX ngày 25/12/2025 (Tết Dương lịch, làm bù 10/01); Thông báo "
                    "9441/TB-BNV ngày 16/10/2025 (Tết 16–20/02, Quốc khánh); Bộ luật Lao động 2019 điều "
                    "111–112 (nghỉ bù Giỗ Tổ 27/4)",
                    "Hoán đổi thứ Hai 31/8/2026 ↔ thứ Bảy 22/8/2026: thấy trong phương án được Thủ tướng đồng ý "
                    "(báo chí), không thấy nguyên văn Thông báo 9441."},
};

}  // namespace

const AnnouncedLayout* announced_layout(int year) {
  for (const auto& l : kLayouts)
    if (l.year == year) return &l;
  return nullptr;
}

std::span<const AnnouncedLayout> announced_layouts() { return kLayouts; }

}  // namespace motcua::cal
