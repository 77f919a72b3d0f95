// The national portal's sync payloads (see national.h).
#include "domain/sync/national.h"

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace motcua::sync {

using nlohmann::json;

std::optional<int> national_status(int local_code) noexcept {
  if (local_code < 1 || local_code > 10) return std::nullopt;
  return local_code;
}

std::string national_time(int64_t utc_ms) {
  if (utc_ms == 0) return "";
  using namespace std::chrono;
  // Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975.
  int64_t local_s = utc_ms / 1000 - (utc_ms % 1000 < 0 ? 1 : 0) + 7 * 3600;
  int64_t days = local_s / 86400 - (local_s % 86400 < 0 ? 1 : 0);
  int64_t sod = local_s - days * 86400;
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u%02d%02d%02d", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60));
  return buf;
}

int return_method(std::string_view delivery) noexcept {
  if (delivery == "online") return 2;
  if (delivery == "post") return 3;
  return 1;
}

int identifier_kind(std::string_view n) noexcept {
  auto digits = [](std::string_view s) {
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return !s.empty();
  };
  if (n.size() == 12 && digits(n)) return 1;
  if ((n.size() == 10 && digits(n)) || (n.size() == 14 && n[10] == '-' && digits(n.substr(0, 10)) && digits(n.substr(11)))) return 2;
  return 3;
}

namespace {
int flag(bool b) { return b ? 1 : 0; }
int sendable(int local) {
  auto s = national_status(local);
  if (!s) throw std::invalid_argument("a draft dossier (status 0) is never sent to the national portal");
  return *s;
}
}  // namespace

json dong_bo_ho_so(const NationalDossier& d) {
  int status = sendable(d.status);
  json docs = json::array(), fees = json::array(), sups = json::array(), results = json::array();
  bool digitized = false;
  for (const auto& x : d.documents) {
    digitized = digitized || x.digitized;
    docs.push_back({{"TenTepDinhKem", x.file_name},
                    {"MaThanhPhanHoSo", x.component_code},
                    {"DuongDanTaiTepTin", x.url},
                    {"DuocSoHoa", flag(x.digitized)},
                    {"DuocTaiSuDung", flag(x.reused)},
                    {"DuocLayTuKhoDMQG", flag(x.from_national_db)}});
  }
  for (const auto& f : d.fees)
    fees.push_back({{"TenPhiLePhi", f.name}, {"MaPhiLePhi", f.code}, {"HinhThucThu", f.collection}, {"Gia", f.amount}});
  for (const auto& s : d.supplements)
    sups.push_back({{"NoiDungBoSung", s.content},
                    {"NgayBoSung", national_time(s.requested_at)},
                    {"NgayTiepNhanBoSung", national_time(s.received_at)},
                    {"NgayHenTraTruoc", national_time(s.previous_due)},
                    {"NgayHenTraMoi", national_time(s.new_due)}});
  for (const auto& r : d.results) results.push_back({{"TenGiayTo", r.name}, {"MaGiayToKetQua", r.code}, {"DuongDanTepTinKetQua", r.url}});
  json ids = json::array();
  if (!d.applicant_id_number.empty())
    ids.push_back({{"LoaiDinhDanh", identifier_kind(d.applicant_id_number)}, {"SoDinhDanh", d.applicant_id_number}});
  return {{"MaHoSo", d.code},
          {"MaTTHC", d.procedure_code},
          {"TenTTHC", d.procedure_name},
          {"MaLinhVuc", d.field_code},
          {"TenLinhVuc", d.field_name},
          {"KenhThucHien", d.channel},
          {"ChuHoSo", d.applicant_name},
          {"SoGiayToChuHoSo", d.applicant_id_number},
          {"LoaiDoiTuong", d.applicant_type},
          {"Email", d.email},
          {"SoDienThoai", d.phone},
          {"TrichYeuHoSo", d.summary},
          {"NgayNopHoSo", national_time(d.submitted_at)},
          {"NgayTiepNhan", national_time(d.received_at)},
          {"NgayHenTra", national_time(d.due_at)},
          {"NgayKetThucXuLy", national_time(d.finished_at)},
          {"NgayTra", national_time(d.returned_at)},
          {"NgayTuChoi", national_time(d.refused_at)},
          {"TrangThaiHoSo", status},
          {"HinhThuc", return_method(d.delivery)},
          {"DonViXuLy", d.handling_agency},
          {"HoSoCoThanhPhanSoHoa", flag(digitized)},
          {"TaiKhoanDuocXacThucVoiVNeID", flag(d.vneid_verified)},
          {"DuocThanhToanTrucTuyen", d.online_payment},
          {"DinhDanhCHS", ids},
          {"TaiLieuNop", docs},
          {"DanhSachLePhi", fees},
          {"DanhSachHoSoBoSung", sups},
          {"DanhSachGiayToKetQua", results}};
}

json cap_nhat_tien_do(const NationalProgress& p) {
  int status = sendable(p.status);
  return {{"MaHoSo", p.code},
          {"NguoiXuLy", p.officer},
          {"ChucDanh", p.title},
          {"ThoiDiemXuLy", national_time(p.at)},
          {"PhongBanXuLy", p.unit},
          {"NoiDungXuLy", p.content},
          {"TrangThai", status},
          {"NgayBatDau", national_time(p.started_at)},
          {"NgayKetThucTheoQuyDinh", national_time(p.due_at)}};
}

}  // namespace motcua::sync
