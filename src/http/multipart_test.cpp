#include "http/multipart.h"

#include <gtest/gtest.h>

#include "domain/errors.h"

using namespace motcua;
using namespace motcua::http;

namespace {
std::string code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const DomainError& e) {
    EXPECT_FALSE(std::string(e.what()).empty());
    return e.code() + (e.kind() == ErrorKind::bad_input ? ":400" : e.kind() == ErrorKind::unsupported_media ? ":415" : ":other");
  }
  return "no error";
}
}  // namespace

TEST(MultipartBoundary, FromContentType) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"), "----WebKitFormBoundary7MA4YWxkTrZu0gW");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;boundary=\"a b'c\""), "a b'c");
  EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; boundary=xyz"), "xyz");
  EXPECT_EQ(code_of([] { multipart_boundary("multipart/form-data"); }), "bad_multipart:400");
  EXPECT_EQ(code_of([] { multipart_boundary("multipart/form-data; boundary="); }), "bad_multipart:400");
  EXPECT_EQ(code_of([] { multipart_boundary("multipart/form-data; boundary=\"\""); }), "bad_multipart:400");
  EXPECT_EQ(code_of([] { multipart_boundary("multipart/form-data; boundary=\"ends with space \""); }), "bad_multipart:400");
  EXPECT_EQ(code_of([] { multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')); }), "bad_multipart:400");
  EXPECT_EQ(code_of([] { multipart_boundary("multipart/form-data; boundary=\"unterminated"); }), "bad_multipart:400");
  EXPECT_EQ(code_of([] { multipart_boundary("application/json"); }), "unsupported_content_type:415");
  EXPECT_EQ(code_of([] { multipart_boundary(""); }), "unsupported_content_type:415");
}

TEST(MultipartParse, OneFileWithFieldAndPreambleEpilogue) {
  std::string body =
      "preamble to ignore\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"note\"\r\n"
      "\r\n"
      "xin chào\r\n"
      "--XyZ  \r\n"
      "content-disposition: form-data; name=\"file\"; filename=\"C:\\\\Users\\\\an\\\\don.pdf\"\r\n"
      "Content-Type: application/pdf\r\n"
      "\r\n"
      "%PDF-1.4\r\n--XyZnot-a-delimiter-because-no-crlf? no: it is preceded by CRLF\r\n";
  // The line above contains "\r\n--XyZ" followed by garbage: that is a malformed delimiter.
  EXPECT_EQ(code_of([&] { parse_multipart(body + "--XyZ--\r\n", "XyZ"); }), "bad_multipart:400");

  std::string ok =
      "preamble\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"note\"\r\n"
      "\r\n"
      "xin chào\r\n"
      "--XyZ  \r\n"
      "content-disposition: form-data; name=\"file\"; filename=\"C:\\\\Users\\\\an\\\\don.pdf\"\r\n"
      "Content-Type: application/pdf\r\n"
      "\r\n"
      "%PDF-1.4\r\nline\r\n\r\n--not-the-boundary\r\n"
      "--XyZ--\r\n"
      "epilogue";
  auto parts = parse_multipart(ok, "XyZ");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "note");
  EXPECT_FALSE(parts[0].is_file());
  EXPECT_EQ(parts[0].body, "xin chào");
  EXPECT_EQ(parts[0].content_type, "text/plain");
  EXPECT_EQ(parts[1].name, "file");
  ASSERT_TRUE(parts[1].is_file());
  EXPECT_EQ(*parts[1].filename, "don.pdf");  // path stripped
  EXPECT_EQ(parts[1].content_type, "application/pdf");
  EXPECT_EQ(parts[1].body, "%PDF-1.4\r\nline\r\n\r\n--not-the-boundary");  // inner CRLFs kept, last CRLF belongs to the delimiter
}

TEST(MultipartParse, TwoFilesAndUtf8Filename) {
  std::string body =
      "--b\r\n"
      "Content-Disposition: form-data; name=\"a\"; filename=\"fallback.png\"; filename*=UTF-8''%C4%90%C6%A1n%20xin.png\r\n"
      "Content-Type: image/png\r\n\r\n"
      "PNGDATA\r\n"
      "--b\r\n"
      "Content-Disposition: form-data; name=\"b\"; filename=\"\"\r\n\r\n"
      "\r\n"
      "--b--";
  auto parts = parse_multipart(body, "b");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(*parts[0].filename, "Đơn xin.png");
  EXPECT_EQ(parts[0].body, "PNGDATA");
  ASSERT_TRUE(parts[1].is_file());
  EXPECT_EQ(*parts[1].filename, "");
  EXPECT_EQ(parts[1].body, "");
  EXPECT_EQ(parts[1].content_type, "text/plain");
}

TEST(MultipartParse, EmptyBodyAndBinaryBytes) {
  std::string bin("\x00\xFF\r\n\r-\n--", 10);
  std::string body = "--q\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n" + bin + "\r\n--q--\r\n";
  auto parts = parse_multipart(body, "q");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].body, bin);
  // Empty body directly followed by the delimiter.
  parts = parse_multipart("--q\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n\r\n--q--", "q");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].body, "");
}

TEST(MultipartParse, MalformedInputsAreRefused) {
  auto bad = [](const std::string& body) { return code_of([&] { parse_multipart(body, "b"); }); };
  EXPECT_EQ(bad(""), "bad_multipart:400");                                   // nothing
  EXPECT_EQ(bad("no delimiter at all"), "bad_multipart:400");                // no boundary
  EXPECT_EQ(bad("--b--\r\n"), "bad_multipart:400");                          // no parts
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\ndata"), "bad_multipart:400");  // truncated
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\ndata\r\n--b"), "bad_multipart:400");  // no CRLF / --
  EXPECT_EQ(bad("--b\nContent-Disposition: form-data; name=\"f\"\n\ndata\n--b--\n"), "bad_multipart:400");  // LF only
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data; name=\"f\"\r\ndata\r\n--b--"), "bad_multipart:400");  // no blank line
  EXPECT_EQ(bad("--b\r\nContent-Type: text/plain\r\n\r\ndata\r\n--b--"), "bad_multipart:400");  // no disposition
  EXPECT_EQ(bad("--b\r\nContent-Disposition: attachment; name=\"f\"\r\n\r\nx\r\n--b--"), "bad_multipart:400");
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"), "bad_multipart:400");  // no name
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data; name=\"f\r\n\r\nx\r\n--b--"), "bad_multipart:400");  // unterminated quote
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n folded\r\n\r\nx\r\n--b--"), "bad_multipart:400");
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data; name=\"f\"\r\nContent-Disposition: form-data; name=\"g\"\r\n\r\nx\r\n--b--"),
            "bad_multipart:400");  // duplicate header
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data; name=\"f\"; name=\"g\"\r\n\r\nx\r\n--b--"), "bad_multipart:400");
  // Found by fuzz/fuzz_multipart.cpp: a field name that is not UTF-8 used to be returned as is.
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data; name=\"ho_te\xee\"\r\n\r\nx\r\n--b--"), "bad_multipart:400");
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data; name=\"f\"; filename*=ISO-8859-1''x.pdf\r\n\r\nx\r\n--b--"), "bad_multipart:400");
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data; name=\"f\"; filename*=UTF-8''%C3\r\n\r\nx\r\n--b--"), "bad_multipart:400");
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data; name=\"f\"; filename*=UTF-8''%G1\r\n\r\nx\r\n--b--"), "bad_multipart:400");
  EXPECT_EQ(bad("--b\r\nNo colon here\r\n\r\nx\r\n--b--"), "bad_multipart:400");
  EXPECT_EQ(bad("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n" + std::string(9000, 'X') + ": y\r\n\r\nx\r\n--b--"),
            "bad_multipart:400");  // headers too long
  std::string many;
  for (int i = 0; i < 5; ++i) many += "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n";
  many += "--b--";
  EXPECT_EQ(code_of([&] { parse_multipart(many, "b", 4); }), "bad_multipart:400");
  EXPECT_EQ(parse_multipart(many, "b", 5).size(), 5u);
}

TEST(MultipartParse, FromRequest) {
  Request req;
  req.headers["content-type"] = "multipart/form-data; boundary=zz";
  req.body = "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n\r\nabc\r\n--zz--\r\n";
  auto parts = parse_multipart(req);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(*parts[0].filename, "passwd");
  EXPECT_EQ(parts[0].body, "abc");
  req.headers.clear();
  EXPECT_EQ(code_of([&] { parse_multipart(req); }), "unsupported_content_type:415");
}
