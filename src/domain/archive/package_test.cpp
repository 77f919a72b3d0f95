#include "domain/archive/package.h"

#include <gtest/gtest.h>

namespace motcua::archive {
namespace {

TEST(ArchivePackage, SealedWhenTheDossierEnds) {
  for (int s = 1; s <= 10; ++s) EXPECT_EQ(seals_at(s), s == 3 || s == 8 || s == 10) << s;
}

TEST(ArchivePackage, ZipRoundTripAndTamperDetection) {
  std::vector<ZipEntry> in = {{"manifest.json", "{\"a\":1}"}, {"files/ab", std::string("%PDF-1.7\n\0binary\xff", 18)}, {"trống.txt", ""}};
  std::string z = write_zip(in);
  auto out = read_zip(z);
  ASSERT_EQ(out.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(out[i].name, in[i].name);
    EXPECT_EQ(out[i].data, in[i].data);
  }
  std::string changed = z;
  changed[z.find("binary")] = 'B';
  EXPECT_THROW(read_zip(changed), std::runtime_error);
  EXPECT_THROW(read_zip(z.substr(0, z.size() - 5)), std::runtime_error);
  EXPECT_THROW(read_zip("PK\x05\x06"), std::runtime_error);
  EXPECT_TRUE(read_zip(write_zip({})).empty());
}

TEST(ArchivePackage, ManifestIsCanonicalAndReadsBack) {
  Manifest m;
  m.dossier_code = "000.01.25.H56-261202-0001";
  m.dossier_id = "abc";
  m.procedure_code = "1.001193";
  m.procedure_name = "Đăng ký khai sinh";
  m.agency_code = "000.01.25.H56";
  m.status = 10;
  m.retention_years = 0;
  m.files.push_back({"result", "", "ket-qua.pdf", std::string(64, 'a'), "application/pdf", 123});
  m.history.push_back({1, "motcua.bensung", "desk", "accept", "", 1, 2});
  const auto j = to_json(m);
  EXPECT_EQ(j.dump(), to_json(from_json(nlohmann::json::parse(j.dump()))).dump());
  EXPECT_EQ(file_entry_name(m.files[0]), "files/" + std::string(64, 'a'));
  EXPECT_THROW(from_json(nlohmann::json::object()), std::runtime_error);
}

}  // namespace
}  // namespace motcua::archive
