#include "domain/dossier/collection.h"

#include <algorithm>

namespace motcua::dossier {

Collection collection(const nlohmann::json& procedure, Channel channel, const std::string& delivery, const std::vector<std::string>& attached) {
  Collection c;
  if (delivery == "online") {
    c.download = true;
    return c;
  }
  c.at_desk = delivery != "post";
  c.by_post = delivery == "post";
  const bool partly_online = procedure.is_object() && procedure.value("online_level", std::string()) == "mot_phan";
  if (channel == Channel::online && partly_online && procedure.contains("components") && procedure["components"].is_array())
    for (const auto& comp : procedure["components"]) {
      if (!comp.is_object() || comp.value("template_form", false)) continue;
      const std::string code = comp.value("code", std::string());
      auto count = [&](const char* k) { return comp.contains(k) && comp[k].is_number() ? comp[k].get<double>() : 0.0; };
      if ((count("original") > 0 || count("certified") > 0) && std::find(attached.begin(), attached.end(), code) != attached.end())
        c.originals.push_back(comp.value("name", code));
    }
  if (c.at_desk) {
    c.also.push_back("Giấy tờ tùy thân có ảnh (thẻ Căn cước/CCCD, hộ chiếu); người nhận thay mang thêm văn bản ủy quyền");
    c.also.push_back("Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01), bản in hoặc trên điện thoại");
  } else {
    c.also.push_back("Giấy tờ tùy thân có ảnh để xuất trình với nhân viên bưu chính khi nhận");
  }
  return c;
}

}  // namespace motcua::dossier
