// The e-mail format: RFC 2047 subjects split at character boundaries within 75 characters, plain ASCII
// left alone, multipart/alternative with both bodies, a Message-ID stable across attempts, and no header
// injection through the recipient or the subject.
#include "services/notify/email.h"

#include <gtest/gtest.h>

#include "services/notify/mailbox.h"

namespace motcua::services::notify {
namespace {

TEST(Email, HeaderWordsAreUtf8Base64WithinLimits) {
  EXPECT_EQ(encode_header_words("Plain subject"), "Plain subject");
  std::string subject = "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ H56.22-261201-0001 — Ủy ban nhân dân xã Bến Sung";
  std::string enc = encode_header_words(subject);
  size_t start = 0;
  int words = 0;
  while (start < enc.size()) {
    size_t end = enc.find("\r\n ", start);
    std::string word = enc.substr(start, end == std::string::npos ? std::string::npos : end - start);
    EXPECT_LE(word.size(), 75u) << word;
    EXPECT_EQ(word.rfind("=?UTF-8?B?", 0), 0u) << word;
    ++words;
    start = end == std::string::npos ? enc.size() : end + 3;
  }
  EXPECT_GE(words, 3);
}

TEST(Email, MultipartAlternativeWithAStableMessageId) {
  Outgoing m{7, "dossier.accept", "email", "an@example.vn", "Đã tiếp nhận hồ sơ\r\nBcc: x@evil", "Mã hồ sơ: X", "<p>Mã hồ sơ: X</p>", "k", 1, ""};
  std::string a = build_email(m, "khong-tra-loi@dvc.vn", "Cổng Dịch vụ công", 1'764'563'400'000);
  m.attempts = 2;
  std::string b = build_email(m, "khong-tra-loi@dvc.vn", "Cổng Dịch vụ công", 1'764'563'460'000);
  auto id = [](const std::string& s) { return s.substr(0, s.find("\r\n")); };
  EXPECT_EQ(id(a), id(b));
  EXPECT_EQ(id(a), "Message-ID: <" + m.message_id() + ">");
  EXPECT_NE(a.find("Date: Mon, 01 Dec 2025 04:30:00 +0000\r\n"), std::string::npos) << a;
  EXPECT_NE(a.find("Content-Type: multipart/alternative; boundary="), std::string::npos);
  EXPECT_NE(a.find("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64"), std::string::npos);
  EXPECT_NE(a.find("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64"), std::string::npos);
  EXPECT_EQ(a.find("\r\nBcc:"), std::string::npos);  // CR/LF in the subject cannot start a header
  m.recipient = "a@example.vn>\r\nBcc: x@evil";
  try {
    build_email(m, "khong-tra-loi@dvc.vn", "", 0);
    ADD_FAILURE() << "a recipient with CR/LF must be refused";
  } catch (const SendError& e) {
    EXPECT_TRUE(e.permanent());
  }
}

TEST(Mailbox, ReadsWhatWasBuiltAndQuotedPrintableToo) {
  std::string subject = "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ H56.22-261201-0001 — Ủy ban nhân dân xã Bến Sung";
  Outgoing m{7, "dossier.apologize", "email", "an@example.vn", subject, "Ngày hẹn mới: 05/12/2026.\nXin lỗi ông/bà.", "", "k", 1, ""};
  auto v = parse_mail(build_email(m, "khong-tra-loi@dvc.vn", "Cổng Dịch vụ công", 0));
  EXPECT_EQ(v.subject, subject);
  EXPECT_EQ(v.from, "Cổng Dịch vụ công <khong-tra-loi@dvc.vn>");
  EXPECT_EQ(v.text, m.text);
  EXPECT_EQ(v.message_id, "<" + m.message_id() + ">");
  auto q = parse_mail("Subject: =?utf-8?Q?H=E1=BB=93_s=C6=A1?= =?UTF-8?B?IMSRw6M=?= xong\nContent-Type: text/plain; charset=utf-8\n"
                      "Content-Transfer-Encoding: quoted-printable\n\nM=C3=A3 h=E1=BB=93 s=C6=A1=\n: X\n");
  EXPECT_EQ(q.subject, "Hồ sơ đã xong");
  EXPECT_EQ(q.text, "Mã hồ sơ: X\n");
}

}  // namespace
}  // namespace motcua::services::notify
