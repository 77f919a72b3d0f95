#include "domain/dossier/collection.h"

#include <gtest/gtest.h>

using namespace motcua::dossier;
using nlohmann::json;

namespace {
json procedure(const char* level) {
  return {{"online_level", level},
          {"components",
           {{{"code", "TK"}, {"name", "Tờ khai"}, {"original", 1}, {"template_form", true}},
            {{"code", "GT"}, {"name", "Giấy chứng sinh"}, {"original", 1}},
            {{"code", "UQ"}, {"name", "Văn bản ủy quyền"}, {"certified", 1}},
            {{"code", "PH"}, {"name", "Bản photo hộ khẩu"}, {"photo", 1}}}}};
}
}  // namespace

TEST(Collection, PartlyOnlineDossiersShowTheOriginalsOfWhatWasAttached) {
  auto c = collection(procedure("mot_phan"), Channel::online, "desk", {"GT", "PH"});
  EXPECT_TRUE(c.at_desk);
  EXPECT_EQ(c.originals, std::vector<std::string>{"Giấy chứng sinh"});  // not the e-form, not a photo, not what was not attached
  EXPECT_EQ(c.also.size(), 2u);
  EXPECT_EQ(collection(procedure("mot_phan"), Channel::online, "desk", {"GT", "UQ"}).originals.size(), 2u);
}

TEST(Collection, FullyOnlineDeskAndDownloadedResults) {
  EXPECT_TRUE(collection(procedure("toan_trinh"), Channel::online, "desk", {"GT"}).originals.empty());
  EXPECT_TRUE(collection(procedure("mot_phan"), Channel::desk, "desk", {"GT"}).originals.empty());  // the desk saw the originals
  auto online = collection(procedure("toan_trinh"), Channel::online, "online", {"GT"});
  EXPECT_TRUE(online.download);
  EXPECT_TRUE(online.also.empty());
  auto post = collection(procedure("mot_phan"), Channel::online, "post", {"GT"});
  EXPECT_TRUE(post.by_post);
  EXPECT_FALSE(post.at_desk);
  EXPECT_EQ(post.originals.size(), 1u);
  EXPECT_TRUE(collection(json(nullptr), Channel::online, "desk", {}).originals.empty());  // never throws
}
