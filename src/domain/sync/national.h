// The national public-service portal's sync payloads (DOMAIN.md §6), built from plain values — the one
// place that decides what the national portal is told about a dossier (hồ sơ).
//
// Contract
// - dong_bo_ho_so(d): the `DongBoHoSoMC` document of a dossier as it stands (every field of DOMAIN §6, in
//   the national portal's names). Dates are `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh (UTC+7), "" when the
//   event has not happened. Lists are always present (possibly empty).
// - cap_nhat_tien_do(p): one `CapNhatTienDoHoSoMC` progress entry.
// - national_status(code): TrangThaiHoSo for a local status code; nullopt for a draft (0) or anything
//   outside 1–10 — a draft is never sent. (Local sub-states live beside the 1–10 status and are not sent.)
// - national_time(ms): the national date format; "" for 0.
// - return_method(delivery): HinhThuc, how the result is returned: 1 at the desk, 2 online, 3 by post.
// - identifier_kind(number): LoaiDinhDanh of an applicant's number: 1 personal identification number
//   (12 digits), 2 enterprise / tax code (10 digits, or 10+3 for a branch), 3 other papers.
// - The schema the stand-in checks these against is data/national/schema.json; a unit test builds every
//   kind of payload and checks it against that file, so the two cannot drift apart.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::sync {

struct NationalDocument {      // TaiLieuNop
  std::string file_name, component_code, url;
  bool digitized = false;      // DuocSoHoa: scanned from paper at the desk
  bool reused = false;         // DuocTaiSuDung: taken from the personal data store or an earlier result
  bool from_national_db = false;  // DuocLayTuKhoDMQG
};

struct NationalFee {           // DanhSachLePhi
  std::string name, code;
  int collection = 1;          // HinhThucThu: 1 at the desk, 2 online
  int64_t amount = 0;          // Gia, đồng
};

struct NationalSupplement {    // DanhSachHoSoBoSung
  std::string content;
  int64_t requested_at = 0, received_at = 0, previous_due = 0, new_due = 0;
};

struct NationalResult {        // DanhSachGiayToKetQua
  std::string name, code, url;
};

struct NationalDossier {
  std::string code;                        // MaHoSo
  std::string procedure_code, procedure_name, field_code, field_name;
  int channel = 2;                         // KenhThucHien 1 desk, 2 online, 3 post
  std::string applicant_name, applicant_id_number, email, phone;
  int applicant_type = 1;                  // LoaiDoiTuong 1–4
  std::string summary;                     // TrichYeuHoSo
  int64_t submitted_at = 0, received_at = 0, due_at = 0, finished_at = 0, returned_at = 0, refused_at = 0;
  int status = 1;                          // local status code (1–10)
  std::string delivery;                    // desk | online | post
  std::string handling_agency;             // DonViXuLy: the competent agency's code
  bool vneid_verified = false;             // TaiKhoanDuocXacThucVoiVNeID
  int online_payment = 3;                  // DuocThanhToanTrucTuyen 1 national platform, 2 provincial gateway, 3 not online
  std::vector<NationalDocument> documents;
  std::vector<NationalFee> fees;
  std::vector<NationalSupplement> supplements;
  std::vector<NationalResult> results;
};

struct NationalProgress {
  std::string code;                 // MaHoSo
  std::string officer, title, unit; // NguoiXuLy, ChucDanh, PhongBanXuLy
  std::string content;              // NoiDungXuLy
  int64_t at = 0;                   // ThoiDiemXuLy
  int status = 1;                   // TrangThai (local code 1–10)
  int64_t started_at = 0, due_at = 0;  // NgayBatDau, NgayKetThucTheoQuyDinh
};

std::optional<int> national_status(int local_code) noexcept;
std::string national_time(int64_t utc_ms);
int return_method(std::string_view delivery) noexcept;
int identifier_kind(std::string_view number) noexcept;

// Both throw std::invalid_argument when the status is not sendable (a draft).
nlohmann::json dong_bo_ho_so(const NationalDossier& d);
nlohmann::json cap_nhat_tien_do(const NationalProgress& p);

}  // namespace motcua::sync
