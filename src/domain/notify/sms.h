// SMS length rules (pure): how a text is encoded and into how many segments a gateway will split it, so
// the count is known before sending.
//
// Contract
// - GSM-7 when every character is in the GSM 03.38 basic set or its extension table (extension
//   characters ^ { } \ [ ~ ] | € count twice): 160 septets in one segment, 153 per segment when
//   concatenated. Otherwise UCS-2: UTF-16 code units, 70 in one segment, 67 per segment when
//   concatenated. Empty text: 0 segments.
// - sms_text(text, ascii): the text as it will be sent — diacritics stripped when the gateway needs it
//   (text::strip_diacritics), line breaks kept.
#pragma once
#include <string>
#include <string_view>

namespace motcua::notify {

enum class SmsEncoding { gsm7, ucs2 };

struct SmsLength {
  SmsEncoding encoding = SmsEncoding::gsm7;
  size_t units = 0;     // septets (GSM-7) or UTF-16 code units (UCS-2)
  size_t segments = 0;
};

SmsLength sms_length(std::string_view utf8);
std::string sms_text(std::string_view text, bool ascii);

}  // namespace motcua::notify
