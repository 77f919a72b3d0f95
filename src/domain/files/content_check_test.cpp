// files::check_content: what is accepted (real JPEGs from libjpeg, PNGs with real zlib data and CRCs,
// PDFs with xref tables, incremental updates, object streams) and every refusal with its own code.
// PDFs from cairo and signed by sign_pdf are checked in services/files/file_store_test.cpp.
#include "domain/files/content_check.h"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <zlib.h>

#include <random>
#include <string>
#include <vector>

#include "domain/errors.h"

using namespace motcua;
using files::check_content;
using namespace std::string_literals;

namespace {

std::string unhex(std::string_view h) {
  std::string out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  return out;
}

// 16×8 RGB images written by libjpeg-turbo 2.1 (quality 50, optimized Huffman tables), checked with djpeg.
const std::string kBaselineJpeg = unhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c393338"
    "3740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb0043011112121815182f1a1a2f634238426363636363636363"
    "636363636363636363636363636363636363636363636363636363636363636363636363636363636363ffc00011080008001003012200021101"
    "031101ffc400160001010100000000000000000000000000000405ffc4001810000203000000000000000000000000000004052231ffc4001501"
    "010100000000000000000000000000000304ffc400191100020301000000000000000000000000000304052151ffda000c03010002110311003f"
    "0081782ca1a6bc165000db259d27af96dcd3ffd9");
const std::string kProgressiveJpeg = unhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c393338"
    "3740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb0043011112121815182f1a1a2f634238426363636363636363"
    "636363636363636363636363636363636363636363636363636363636363636363636363636363636363ffc20011080008001003012200021101"
    "031101ffc4001500010100000000000000000000000000000004ffc4001501010100000000000000000000000000000203ffda000c0301000210"
    "03100000019ea0cfffc400161000030000000000000000000000000000000203ffda0008010100010502580b03ffc40017110003010000000000"
    "000000000000000000020304ffda0008010301013f01cf563fffc400161101010100000000000000000000000000020003ffda0008010201013f"
    "015a2bffc40014100100000000000000000000000000000010ffda0008010100063f023fffc40015100101000000000000000000000000000000"
    "61ffda0008010100013f21820fffda000c0301000200030000001083ffc4001511010100000000000000000000000000002100ffda0008010301"
    "013f101b7fffc4001511010100000000000000000000000000000051ffda0008010201013f10b9ffc40015100101000000000000000000000000"
    "00000031ffda0008010100013f108b17ffd9");

std::string be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
std::string le16(uint32_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }
std::string le32(uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }

std::string zlib(const std::string& in) {
  uLongf n = compressBound(in.size());
  std::string out(n, '\0');
  compress(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(in.data()), in.size());
  out.resize(n);
  return out;
}

uint32_t crc(const std::string& s) { return static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size()))); }

std::string chunk(const std::string& type, const std::string& data) { return be32(static_cast<uint32_t>(data.size())) + type + data + be32(crc(type + data)); }

std::string ihdr(uint32_t w, uint32_t h) { return be32(w) + be32(h) + std::string("\x08\x02\x00\x00\x00", 5); }

// A w×h RGB PNG with real zlib image data (filter byte 0 per row).
std::string png(uint32_t w = 4, uint32_t h = 3, const std::string& extra_before_iend = "") {
  std::string raw;
  for (uint32_t y = 0; y < h; ++y) {
    raw.push_back('\0');
    for (uint32_t x = 0; x < w * 3; ++x) raw.push_back(static_cast<char>(x * 20 + y));
  }
  return std::string("\x89PNG\r\n\x1A\n", 8) + chunk("IHDR", ihdr(w, h)) + chunk("tEXt", std::string("Title\0Ảnh", 10)) +
         chunk("IDAT", zlib(raw)) + extra_before_iend + chunk("IEND", "");
}

// A ZIP archive with one stored file: what a ZIP reader opens.
std::string zip(const std::string& name = "a.txt", const std::string& data = "hello") {
  std::string local = std::string("PK\x03\x04", 4) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc(data)) +
                      le32(static_cast<uint32_t>(data.size())) + le32(static_cast<uint32_t>(data.size())) +
                      le16(static_cast<uint32_t>(name.size())) + le16(0) + name + data;
  std::string central = std::string("PK\x01\x02", 4) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc(data)) +
                        le32(static_cast<uint32_t>(data.size())) + le32(static_cast<uint32_t>(data.size())) +
                        le16(static_cast<uint32_t>(name.size())) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + name;
  std::string eocd = std::string("PK\x05\x06", 4) + le16(0) + le16(0) + le16(1) + le16(1) + le32(static_cast<uint32_t>(central.size())) +
                     le32(static_cast<uint32_t>(local.size())) + le16(0);
  return local + central + eocd;
}

// A PDF with a classic xref table; object i + 1 is bodies[i]; `trailer_extra` goes into the trailer.
std::string pdf(const std::vector<std::string>& bodies = {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"},
                const std::string& trailer_extra = "") {
  std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < bodies.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + bodies[i] + "\nendobj\n";
  }
  size_t xref = out.size();
  out += "xref\n0 " + std::to_string(bodies.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t o : offsets) {
    char e[32];
    std::snprintf(e, sizeof e, "%010zu 00000 n \n", o);
    out += e;
  }
  return out + "trailer\n<< /Size " + std::to_string(bodies.size() + 1) + " /Root 1 0 R" + trailer_extra + " >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
}

std::string catalog_with(const std::string& entries) { return pdf({"<< /Type /Catalog /Pages 2 0 R " + entries + " >>", "<< /Type /Pages /Kids [] /Count 0 >>"}); }

std::string stream_obj(const std::string& dict, const std::string& data) {
  return "<< " + dict + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream";
}

// An object stream holding `objects` (object numbers 10, 11, …), FlateDecode unless `filter` says otherwise.
std::string objstm(const std::vector<std::string>& objects, const std::string& type = "/Type /ObjStm", const std::string& filter = "/Filter /FlateDecode") {
  std::string header, body;
  for (size_t i = 0; i < objects.size(); ++i) {
    header += std::to_string(10 + i) + " " + std::to_string(body.size()) + " ";
    body += objects[i] + "\n";
  }
  std::string plain = header + body;
  std::string data = filter.find("FlateDecode") != std::string::npos ? zlib(plain) : plain;
  return stream_obj(type + " /N " + std::to_string(objects.size()) + " /First " + std::to_string(header.size()) + " " + filter, data);
}

struct Refusal {
  std::string code;
  ErrorKind kind = ErrorKind::internal;
  std::string message;
};

Refusal refusal(const std::string& data) {
  try {
    check_content(data);
  } catch (const DomainError& e) {
    return {e.code(), e.kind(), e.what()};
  }
  return {"accepted", ErrorKind::internal, ""};
}

bool is_nfc(const std::string& s) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  return U_SUCCESS(err) && nfc->isNormalized(icu::UnicodeString::fromUTF8(s), err) && U_SUCCESS(err);
}

std::string jpeg_with_segment(const std::string& segment) { return kBaselineJpeg.substr(0, 2) + segment + kBaselineJpeg.substr(2); }

}  // namespace

TEST(ContentCheck, AcceptsRealFiles) {
  EXPECT_EQ(check_content(kBaselineJpeg), "image/jpeg");
  EXPECT_EQ(check_content(kProgressiveJpeg), "image/jpeg");
  EXPECT_EQ(check_content(kBaselineJpeg + std::string(64, '\0')), "image/jpeg");  // padding after EOI
  EXPECT_EQ(check_content(png()), "image/png");
  EXPECT_EQ(check_content(png(1, 1, chunk("acTL", be32(1) + be32(0)))), "image/png");  // APNG's ancillary chunks
  EXPECT_EQ(check_content(pdf()), "application/pdf");
  EXPECT_EQ(check_content(pdf() + std::string(500, '\n')), "application/pdf");
  EXPECT_EQ(check_content("%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n"), "application/pdf");  // the fixture other tests upload
  // An incremental update: two %%EOF, the second at the end.
  std::string updated = pdf() + "3 0 obj\n<< /Producer (motcua) >>\nendobj\ntrailer\n<< /Size 4 /Root 1 0 R /Prev 10 >>\n%%EOF\r\n";
  EXPECT_EQ(check_content(updated), "application/pdf");
  // An EXIF APP1 segment carrying a thumbnail JPEG (its own SOI/EOI inside the segment) is skipped by length.
  std::string exif = "Exif\0\0"s + kBaselineJpeg;
  EXPECT_EQ(check_content(jpeg_with_segment("\xFF\xE1"s + static_cast<char>((exif.size() + 2) >> 8) + static_cast<char>((exif.size() + 2) & 0xFF) + exif)),
            "image/jpeg");
}

TEST(ContentCheck, NoFalsePositivesOnNamesThatOnlyLookActive) {
  // An /OpenAction or /AA that opens a page (as Word exports write) is not active content.
  EXPECT_EQ(check_content(catalog_with("/OpenAction [2 0 R /Fit] /AA << /O << /S /GoTo /D [2 0 R /Fit] >> >>")), "application/pdf");
  // Names that merely start like an active one, other cases, the words in text, in strings and comments.
  EXPECT_EQ(check_content(catalog_with("/JSON 1 /JavaScriptX 2 /Launcher 3 /javascript 4 /JS2 5 /XFAX 6 /EncryptMetadata false")), "application/pdf");
  EXPECT_EQ(check_content(catalog_with("/Title (JavaScript, Launch, EmbeddedFile) /Subject (see /JS and /XFA) /Keywords <2F4A617661536372697074>")),
            "application/pdf");
  EXPECT_EQ(check_content(pdf({"<< /Type /Catalog >> % /JS in a comment", "<< >>"})), "application/pdf");
  // Binary stream data is not lexed: bytes spelling "/JS " or "/XFA(" inside an image, and 256 KiB of random bytes.
  std::mt19937 rng(20260423);
  std::string noise(256 * 1024, '\0');
  for (auto& c : noise) c = static_cast<char>(rng());
  noise += "/JS /XFA( /Encrypt ";
  EXPECT_EQ(check_content(pdf({"<< /Type /Catalog >>", stream_obj("/Type /XObject /Subtype /Image /Filter /DCTDecode", noise)})), "application/pdf");
  // "PK\5\6" inside data that is not a ZIP directory.
  EXPECT_EQ(check_content(pdf({"<< /Type /Catalog >>", stream_obj("", "xxPK\x05\x06garbage-not-a-directory-record-at-all")})), "application/pdf");
  // A clean object stream.
  EXPECT_EQ(check_content(pdf({"<< /Type /Catalog >>", objstm({"<< /Type /Page >>", "(a string)"})})), "application/pdf");
}

TEST(ContentCheck, DecodesNameEscapes) {
  EXPECT_EQ(files::decode_pdf_name("J#61vaScript"), "JavaScript");
  EXPECT_EQ(files::decode_pdf_name("#4A#53"), "JS");
  EXPECT_EQ(files::decode_pdf_name("A#2"), "A#2");
  EXPECT_EQ(files::decode_pdf_name("A#zz"), "A#zz");
  EXPECT_EQ(files::decode_pdf_name("Lime#20Green"), "Lime Green");
}

TEST(ContentCheck, RefusesEncryptedPdfs) {
  for (const std::string& f : {pdf({"<< /Type /Catalog >>", "<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>"}, " /Encrypt 2 0 R"),
                               pdf({"<< /Type /Catalog >>"}, " /Encr#79pt 2 0 R"),
                               // an xref stream's dictionary
                               pdf({"<< /Type /Catalog >>", stream_obj("/Type /XRef /Size 3 /W [1 2 1] /Root 1 0 R /Encrypt 3 0 R", std::string(12, '\0'))})}) {
    Refusal r = refusal(f);
    EXPECT_EQ(r.code, "encrypted_pdf");
    EXPECT_EQ(r.kind, ErrorKind::invalid);
    EXPECT_EQ(http_status(r.kind), 422);
    EXPECT_NE(r.message.find("mật khẩu"), std::string::npos) << r.message;
    EXPECT_TRUE(is_nfc(r.message));
  }
}

TEST(ContentCheck, RefusesActiveContent) {
  const std::vector<std::string> cases = {
      "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>",
      "/OpenAction 3 0 R /Names << /JS 4 0 R >>",
      "/OpenAction << /S /J#61vaScript /#4A#53 (x) >>",  // escaped names
      "/AA << /O << /S /JavaScript /JS 5 0 R >> >>",
      "/OpenAction << /S /Launch /F (cmd.exe) >>",
      "/Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>",
      "/X << /Type /EmbeddedFile >>",
      "/Annots [<< /Subtype /RichMedia >>]",
      "/A << /S /SubmitForm /F (http://x) >>",
      "/A << /S /ImportData /F (x.fdf) >>",
      "/AcroForm << /XFA 7 0 R >>",
      "/OpenAction<</S/JavaScript/JS(x)>>",  // no whitespace around the names
  };
  for (const auto& c : cases) {
    Refusal r = refusal(catalog_with(c));
    EXPECT_EQ(r.code, "active_content") << c;
    EXPECT_EQ(http_status(r.kind), 422) << c;
    EXPECT_NE(r.message.find("In ra PDF"), std::string::npos) << r.message;
    EXPECT_TRUE(is_nfc(r.message)) << r.message;
  }
  EXPECT_NE(refusal(catalog_with("/OpenAction << /S /J#61vaScript >>")).message.find("/JavaScript"), std::string::npos);
}

TEST(ContentCheck, FindsActiveContentInObjectStreamsAndHiddenObjects) {
  const std::string js = "<< /S /JavaScript /JS (app.alert\\(1\\)) >>";
  auto active = [](const std::string& f) { return refusal(f).code == "active_content"; };
  EXPECT_TRUE(active(pdf({"<< /Type /Catalog /OpenAction 10 0 R >>", objstm({js})})));
  EXPECT_TRUE(active(pdf({"<< /Type /Catalog >>", objstm({"<< /Names << /JS 12 0 R >> >>"})})));  // short name, only lexed
  EXPECT_TRUE(active(pdf({"<< /Type /Catalog >>", objstm({"<< /F#69lter /X /S /J#61vaScript >>"})})));
  EXPECT_TRUE(active(pdf({"<< /Type /Catalog >>", objstm({js}, "")})));                                // no /Type, but /N and /First
  EXPECT_TRUE(active(pdf({"<< /Type /Catalog >>", objstm({js}, "/Type /ObjStm", "/Filter [/FlateDecode]")})));
  EXPECT_TRUE(active(pdf({"<< /Type /Catalog >>", objstm({js}, "/Type /ObjStm", "")})));              // not compressed
  // PNG predictor (rows of 4 bytes, each after a 0 filter byte): the name is split until decoded.
  {
    std::string plain = "10 0 << /S /JavaScript >>", rows;
    while (plain.size() % 4) plain += ' ';
    for (size_t i = 0; i < plain.size(); i += 4) rows += '\0' + plain.substr(i, 4);
    std::string data = zlib(rows);
    std::string f = pdf({"<< /Type /Catalog >>", "<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> /Length " +
                                                     std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream"});
    EXPECT_TRUE(active(f));
  }
  // An object stream whose filter cannot be checked.
  EXPECT_EQ(refusal(pdf({"<< /Type /Catalog >>", objstm({"<< >>"}, "/Type /ObjStm", "/Filter /LZWDecode")})).code, "unsupported_media");
  // A whole object inside another stream's raw bytes (readers reach it by its xref offset).
  EXPECT_TRUE(active(pdf({"<< /Type /Catalog >>", stream_obj("", "junk\n5 0 obj " + js + " endobj\n")})));
  // After an unbalanced string.
  EXPECT_TRUE(active(pdf({"<< /Type /Catalog /Title (unbalanced >>", js})));
}

TEST(ContentCheck, RefusesPolyglots) {
  auto code = [](const std::string& f) { return refusal(f).code; };
  const std::string p = pdf();
  EXPECT_EQ(code(zip() + p), "polyglot_file");                          // a ZIP at offset 0, the PDF header after it
  EXPECT_EQ(code("MZ\x90\x00" + std::string(60, 'x') + p), "polyglot_file");
  EXPECT_EQ(code("\x7F" "ELF" + std::string(100, '\0') + p), "polyglot_file");
  EXPECT_EQ(code("#!/bin/sh\necho hi\nexit 0\n" + p), "polyglot_file");
  EXPECT_EQ(code(p + zip()), "polyglot_file");                          // a ZIP appended to the PDF
  EXPECT_EQ(code(kBaselineJpeg + zip()), "polyglot_file");
  EXPECT_EQ(code(png(4, 3, chunk("zIPs", zip()))), "polyglot_file");    // a ZIP inside an ancillary chunk at the end
  EXPECT_EQ(code(jpeg_with_segment("\xFF\xFE" + std::string("\x00\x10", 2) + "%PDF-1.4 comme")), "polyglot_file");  // %PDF- in a JPEG comment
  Refusal r = refusal(zip() + p);
  EXPECT_EQ(http_status(r.kind), 415);
  EXPECT_NE(r.message.find("định dạng khác"), std::string::npos) << r.message;
  EXPECT_TRUE(is_nfc(r.message));
  // Without a PDF header those are simply not an accepted type.
  EXPECT_EQ(code(zip()), "unsupported_media");
  EXPECT_EQ(code("MZ\x90\x00 this program cannot be run in DOS mode"), "unsupported_media");
  EXPECT_EQ(code("#!/bin/sh\nrm -rf /\n"), "unsupported_media");
  EXPECT_EQ(code("%PDF-1.7" + std::string(2000, ' ')).substr(0, 7), "damaged");  // no %%EOF
  EXPECT_EQ(code(std::string(1100, ' ') + p), "unsupported_media");  // header too far for a reader
}

TEST(ContentCheck, RefusesDataAfterTheEnd) {
  auto code = [](const std::string& f) { return refusal(f).code; };
  EXPECT_EQ(code(pdf() + "<script>alert(1)</script>"), "trailing_data");
  EXPECT_EQ(code("%PDF-1.4\n%%EOF" + std::string(2000, ' ')), "trailing_data");  // more than 1 KiB of whitespace
  EXPECT_EQ(code(kBaselineJpeg + "hidden payload"), "trailing_data");
  EXPECT_EQ(code(kBaselineJpeg + kBaselineJpeg), "trailing_data");  // a second image without an MPF index
  EXPECT_EQ(code(png() + "x"), "trailing_data");
  EXPECT_EQ(code(png() + chunk("tEXt", "after IEND")), "trailing_data");
  EXPECT_EQ(code(png() + std::string(4, '\0')), "trailing_data");
  Refusal r = refusal(kBaselineJpeg + "x");
  EXPECT_EQ(http_status(r.kind), 415);
  EXPECT_NE(r.message.find("dữ liệu thừa sau phần kết thúc tệp"), std::string::npos) << r.message;
  EXPECT_TRUE(is_nfc(r.message));
  // Multi-Picture Format (phones: depth maps, HDR gain maps): the further images are complete JPEGs.
  std::string mpf = jpeg_with_segment("\xFF\xE2" + std::string("\x00\x0A", 2) + std::string("MPF\0II*\0", 8));
  EXPECT_EQ(check_content(mpf + kProgressiveJpeg), "image/jpeg");
  EXPECT_EQ(code(mpf + kProgressiveJpeg.substr(0, 100)), "damaged_file");
  EXPECT_EQ(code(mpf + "not an image"), "trailing_data");
}

TEST(ContentCheck, RefusesDamagedImagesAndPdfs) {
  auto code = [](const std::string& f) { return refusal(f).code; };
  // JPEG
  EXPECT_EQ(code(kBaselineJpeg.substr(0, kBaselineJpeg.size() / 2)), "damaged_file");
  EXPECT_EQ(code(kBaselineJpeg.substr(0, kBaselineJpeg.size() - 2)), "damaged_file");  // no EOI
  EXPECT_EQ(code(std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9", 22)), "damaged_file");  // no SOF
  EXPECT_EQ(code(jpeg_with_segment("\xFF\xE1\x7F\xFF" "short")), "damaged_file");  // segment longer than the file
  {
    std::string zero_width = kBaselineJpeg;
    size_t sof = zero_width.find("\xFF\xC0");
    zero_width[sof + 7] = zero_width[sof + 8] = 0;
    EXPECT_EQ(code(zero_width), "damaged_file");
  }
  EXPECT_EQ(code("\xFF\xD8\xFF"), "damaged_file");
  // PNG
  EXPECT_EQ(code(png().substr(0, 40)), "damaged_file");
  EXPECT_EQ(code(png().substr(0, png().size() - 12)), "damaged_file");  // no IEND
  {
    std::string bad_crc = png();
    bad_crc[40] ^= 1;  // a byte inside the tEXt chunk
    Refusal r = refusal(bad_crc);
    EXPECT_EQ(r.code, "damaged_file");
    EXPECT_NE(r.message.find("CRC"), std::string::npos) << r.message;
    EXPECT_TRUE(is_nfc(r.message));
  }
  const std::string sig("\x89PNG\r\n\x1A\n", 8);
  EXPECT_EQ(code(sig + chunk("IHDR", ihdr(0, 3)) + chunk("IDAT", zlib("x")) + chunk("IEND", "")), "damaged_file");  // width 0
  EXPECT_EQ(code(sig + chunk("tEXt", "a") + chunk("IHDR", ihdr(1, 1)) + chunk("IDAT", zlib("x")) + chunk("IEND", "")), "damaged_file");
  EXPECT_EQ(code(sig + chunk("IHDR", ihdr(1, 1)) + chunk("IEND", "")), "damaged_file");  // no IDAT
  EXPECT_EQ(code(sig + chunk("IHDR", ihdr(1, 1)) + chunk("IDAT", zlib("x")) + chunk("QRST", "") + chunk("IEND", "")), "damaged_file");
  EXPECT_EQ(code(sig + chunk("IHDR", ihdr(1, 1)) + chunk("IDAT", zlib("x")) + chunk("IEND", "x")), "damaged_file");
  EXPECT_EQ(code(sig + be32(0x7FFFFFF0) + "IDAT"), "damaged_file");
  // PDF
  EXPECT_EQ(code("%PDF-1.7\n1 0 obj"), "damaged_file");
  EXPECT_EQ(code("%PDF-x\n%%EOF"), "damaged_file");
  Refusal r = refusal("%PDF-1.7\n1 0 obj");
  EXPECT_EQ(http_status(r.kind), 415);
  EXPECT_TRUE(is_nfc(r.message));
}

TEST(ContentCheck, RefusesOtherTypes) {
  for (const std::string& f : {std::string(), std::string("<!DOCTYPE html><script>alert(1)</script>"), std::string("GIF89a......"),
                               std::string("PK\x03\x04 docx", 9), std::string("\x89PNX", 4)}) {
    Refusal r = refusal(f);
    EXPECT_EQ(r.code, "unsupported_media");
    EXPECT_EQ(http_status(r.kind), 415);
    EXPECT_NE(r.message.find("PDF, JPEG hoặc PNG"), std::string::npos);
  }
}

TEST(ContentCheck, BoundsInflating) {
  // An object stream that inflates to more than kMaxInflated (a "zip bomb") is not checked but refused.
  std::string big(files::kMaxInflated + 1024, ' ');
  std::string data = zlib(big);
  std::string f = pdf({"<< /Type /Catalog >>", stream_obj("/Type /ObjStm /N 1 /First 0 /Filter /FlateDecode", data)});
  EXPECT_LT(f.size(), 200u * 1024);
  EXPECT_EQ(refusal(f).code, "unsupported_media");
}
