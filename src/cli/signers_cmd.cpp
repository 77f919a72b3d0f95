// motcua signers … — the leaders' registered signing keys (services/esign/signer_registry.h). The PIN of a key
// (its PKCS#12 passphrase) comes from MOTCUA_KEYS_PASSPHRASE, never from the command line (ps shows it).
//   signers demo                      demo CA (<data>/keys/ca) and a key for every active leader without one;
//                                     PIN: MOTCUA_KEYS_PASSPHRASE, else "demo1234" (demo data only)
//   signers add --user U --p12 FILE   register a key issued by a real CA for an officer
//   signers add --user U --pkcs11-module LIB --pkcs11-uri "pkcs11:token=…;object=…"
//                                     register a key on a PKCS#11 token / HSM (the key stays there; PIN checked)
//   signers list                      registered keys
//   signers revoke --user U --reason "…"
#include "cli/signers_cmd.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/cli_files.h"
#include "domain/format.h"
#include "services/documents/signing_keys.h"

namespace motcua::cli {

int signers_command(app::App& a, const std::vector<std::string>& rest, std::map<std::string, std::string>& opts) {
  auto& reg = a.ctx().signers;
  const char* env = std::getenv("MOTCUA_KEYS_PASSPHRASE");
  std::string pin = env ? env : "";
  const std::string sub = rest.empty() ? "" : rest[0];
  if (sub == "demo") {
    if (pin.empty()) pin = "demo1234";
    if (pin.size() < 8) throw std::runtime_error("mật khẩu (MOTCUA_KEYS_PASSPHRASE) cần ít nhất 8 ký tự");
    const std::string data = a.config().data_dir;
    const std::string ca = (std::filesystem::path(data) / "keys" / "ca").string();
    if (!std::filesystem::exists(std::filesystem::path(ca) / "ca.crt")) {
      documents::make_demo_ca(ca, pin);
      std::cout << "Đã tạo CA thử nghiệm: " << ca << "/ca.crt\n";
    }
    auto leaders = a.db().query(
        "SELECT DISTINCT u.username, u.full_name, a.name FROM users u JOIN user_roles r ON r.user_id = u.id JOIN agencies a ON a.id = r.agency_id "
        "WHERE r.role = 'leader' AND u.status = 'active' AND NOT EXISTS (SELECT 1 FROM signer_keys k WHERE k.user_id = u.id) ORDER BY u.username");
    const std::string out_dir = (std::filesystem::path(data) / "keys" / "demo-p12").string();
    int n = 0;
    for (const auto& row : leaders.rows) {
      std::string p12 = documents::make_signer(out_dir, ca, pin, row.str(1), "Lãnh đạo", row.str(2), pin);
      reg.add(row.str(0), read_file(p12), pin, fmt::now_ms());
      std::filesystem::remove(p12);  // the registered copy under keys/signers is the one used
      std::cout << "Đã đăng ký chứng thư số thử nghiệm cho " << row.str(0) << " (" << row.str(1) << ")\n";
      ++n;
    }
    if (n == 0) std::cout << "Mọi lãnh đạo đã có chứng thư số.\n";
    return 0;
  }
  if (sub == "add" && (!opts["pkcs11-module"].empty() || !opts["pkcs11-uri"].empty())) {
    if (opts["user"].empty() || opts["pkcs11-module"].empty() || opts["pkcs11-uri"].empty())
      throw std::runtime_error("cần --user, --pkcs11-module và --pkcs11-uri");
    if (pin.empty()) throw std::runtime_error("đặt mã PIN của thiết bị ký trong biến môi trường MOTCUA_KEYS_PASSPHRASE");
    auto k = reg.add_token(opts["user"], opts["pkcs11-module"], opts["pkcs11-uri"], pin, fmt::now_ms());
    std::cout << "Đã đăng ký chứng thư số trên thiết bị ký của " << k.subject_cn << " (" << k.username << "), hiệu lực đến "
              << fmt::date(k.not_after) << ".\n";
    return 0;
  }
  if (sub == "add") {
    if (opts["user"].empty() || opts["p12"].empty()) throw std::runtime_error("cần --user và --p12 (hoặc --pkcs11-module và --pkcs11-uri)");
    if (pin.empty()) throw std::runtime_error("đặt mã PIN của tệp PKCS#12 trong biến môi trường MOTCUA_KEYS_PASSPHRASE");
    auto k = reg.add(opts["user"], read_file(opts["p12"]), pin, fmt::now_ms());
    std::cout << "Đã đăng ký chứng thư số của " << k.subject_cn << " (" << k.username << "), hiệu lực đến " << fmt::date(k.not_after) << ".\n";
    return 0;
  }
  if (sub == "list") {
    for (const auto& k : reg.list())
      std::cout << k.username << "\t" << (k.kind == "pkcs11" ? "token" : "p12") << "\t" << k.subject_cn << "\t" << k.issuer_cn << "\t" << fmt::date(k.not_before) << "–" << fmt::date(k.not_after)
                << (k.revoked_at ? "\tđã thu hồi " + fmt::datetime(k.revoked_at) : "") << "\n";
    return 0;
  }
  if (sub == "revoke") {
    if (opts["user"].empty() || opts["reason"].empty()) throw std::runtime_error("cần --user và --reason");
    int n = reg.revoke(opts["user"], opts["reason"], fmt::now_ms());
    std::cout << "Đã thu hồi " << n << " chứng thư số của " << opts["user"] << ".\n";
    return 0;
  }
  throw std::runtime_error("lệnh signers không hợp lệ: dùng demo, add, list hoặc revoke");
}

}  // namespace motcua::cli
