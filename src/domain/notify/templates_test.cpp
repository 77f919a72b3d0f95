#include "domain/notify/templates.h"

#include <gtest/gtest.h>

namespace motcua::notify {
namespace {

TEST(Templates, RenderFillsValuesAndSections) {
  Vars v = {{"ma_ho_so", "H56-1"}, {"ngay_hen", ""}};
  EXPECT_EQ(render("Mã {{ma_ho_so}}{{#ngay_hen}}, hẹn {{ngay_hen}}{{/ngay_hen}}.", v), "Mã H56-1.");
  v["ngay_hen"] = "04/12/2026";
  EXPECT_EQ(render("Mã {{ma_ho_so}}{{#ngay_hen}}, hẹn {{ngay_hen}}{{/ngay_hen}}.", v), "Mã H56-1, hẹn 04/12/2026.");
  EXPECT_EQ(render("{{^ly_do}}Không có lý do{{/ly_do}}{{khong_co}}", v), "Không có lý do");
  // Values are inserted as they are: a value never becomes a tag.
  EXPECT_EQ(render("{{ly_do}}", {{"ly_do", "{{ma_ho_so}} <b>"}}), "{{ma_ho_so}} <b>");
  // Broken templates never throw.
  EXPECT_EQ(render("a {{ma_ho_so", v), "a {{ma_ho_so");
  EXPECT_EQ(render("{{#ngay_hen}}x", v), "x");
}

TEST(Templates, EveryDefaultPassesItsOwnCheck) {
  for (const auto& e : events())
    for (auto ch : kChannels) {
      auto problems = check(e, ch, std::string(e.subject), std::string(default_text(e, ch)));
      EXPECT_TRUE(problems.empty()) << e.id << "/" << ch << ": " << (problems.empty() ? "" : problems[0].message);
    }
}

TEST(Templates, CheckRefusesWhatCannotWork) {
  const auto* refuse = find_event("dossier.refuse");
  ASSERT_NE(refuse, nullptr);
  auto first = [](const std::vector<Problem>& p) { return p.empty() ? std::string() : p[0].field + ": " + p[0].message; };
  EXPECT_NE(first(check(*refuse, "email", "", "Lý do: {{ly_do}}")).find("subject"), std::string::npos);
  EXPECT_NE(first(check(*refuse, "sms", "", "")).find("text"), std::string::npos);
  EXPECT_NE(first(check(*refuse, "sms", "", "Hồ sơ {{thu_tuc}} bị từ chối.")).find("{{ly_do}}"), std::string::npos);  // the reason must stay
  EXPECT_NE(first(check(*refuse, "sms", "", "{{ly_do}} {{mat_khau}}")).find("mat_khau"), std::string::npos);
  EXPECT_NE(first(check(*refuse, "sms", "", "{{ly_do}} {{#thu_tuc}}x")).find("chưa được đóng"), std::string::npos);
  EXPECT_NE(first(check(*refuse, "sms", "", "{{ly_do}} {{/thu_tuc}}")).find("không khớp"), std::string::npos);
  EXPECT_NE(first(check(*refuse, "email", "Tiêu đề", "<script>alert(1)</script>{{ly_do}}")).find("HTML"), std::string::npos);
  EXPECT_NE(first(check(*refuse, "sms", "", std::string(700, 'a') + "{{ly_do}}")).find("640"), std::string::npos);
  EXPECT_TRUE(check(*refuse, "email", "Kết quả {{ma_ho_so}}", "a < b, {{ly_do}}").empty());  // a lone < is text
  EXPECT_TRUE(check(*find_event("account.code"), "sms", "", "Ma: {{ma}}").empty());
  EXPECT_FALSE(check(*find_event("account.code"), "sms", "", "Ma: {{ma_ho_so}} {{ma}}").empty());  // not offered there
}

TEST(Templates, SanitizeNormalisesText) {
  EXPECT_EQ(sanitize("  Xin chào\r\nbạn  \r\n\tnhé\x01\x7F  "), "Xin chào\nbạn\n nhé");
  EXPECT_EQ(sanitize("Ho\xCC\x80"), "H\xC3\xB2");  // o + combining grave accent → ò (NFC)
}

TEST(Templates, RouteFollowsPreferencesButNeverDropsARequiredMessage) {
  const auto* accept = find_event("dossier.accept");      // required
  const auto* approve = find_event("dossier.approve");    // may be muted
  Reach all{"a@example.vn", "0912345678", "z-1"};
  EXPECT_EQ(route(approve, {}, all), (std::vector<Target>{{"email", "a@example.vn"}}));
  EXPECT_EQ(route(approve, {}, {"", "0912345678", "z-1"}), (std::vector<Target>{{"sms", "0912345678"}}));
  EXPECT_TRUE(route(approve, {}, {"", "", "z-1"}).empty());
  Prefs p{true, {"sms", "zalo"}, {"dossier.approve", "dossier.accept"}};
  EXPECT_TRUE(route(approve, p, all).empty());  // muted
  EXPECT_EQ(route(accept, p, all), (std::vector<Target>{{"sms", "0912345678"}, {"zalo", "z-1"}}));  // required: muting ignored
  Prefs zalo_only{true, {"zalo"}, {}};
  EXPECT_EQ(route(approve, zalo_only, {"a@example.vn", "", ""}), (std::vector<Target>{{"email", "a@example.vn"}}));  // not linked: default rule
  EXPECT_EQ(route(nullptr, zalo_only, all), (std::vector<Target>{{"zalo", "z-1"}}));
}

TEST(Templates, ListsRoundTrip) {
  EXPECT_EQ(parse_list("email, zalo,,fax,dossier.approve"), (std::set<std::string>{"dossier.approve", "email", "zalo"}));
  EXPECT_EQ(join_list({"sms", "email"}), "email,sms");
}

}  // namespace
}  // namespace motcua::notify
