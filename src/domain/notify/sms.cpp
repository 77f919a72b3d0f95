// SMS length rules (see sms.h).
#include "domain/notify/sms.h"

#include <unicode/unistr.h>

#include "domain/text.h"

namespace motcua::notify {

namespace {
// GSM 03.38 basic character set (as Unicode code points) and the extension table (escape + char).
const std::u32string kBasic =
    U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const std::u32string kExtension = U"\f^{}\\[~]|€";
}  // namespace

SmsLength sms_length(std::string_view utf8) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  SmsLength out;
  size_t septets = 0;
  bool gsm = true;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (kBasic.find(static_cast<char32_t>(c)) != std::u32string::npos) septets += 1;
    else if (kExtension.find(static_cast<char32_t>(c)) != std::u32string::npos) septets += 2;
    else gsm = false;
  }
  if (gsm) {
    out.encoding = SmsEncoding::gsm7;
    out.units = septets;
    out.segments = septets == 0 ? 0 : septets <= 160 ? 1 : (septets + 152) / 153;
  } else {
    out.encoding = SmsEncoding::ucs2;
    out.units = static_cast<size_t>(u.length());
    out.segments = out.units <= 70 ? 1 : (out.units + 66) / 67;
  }
  return out;
}

std::string sms_text(std::string_view text, bool ascii) { return ascii ? text::strip_diacritics(text) : std::string(text); }

}  // namespace motcua::notify
