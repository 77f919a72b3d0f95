// An amount of money in Vietnamese words, as receipts print it (biên lai: "Số tiền bằng chữ").
//
// Contract
// - amount_in_words(1250000) == "Một triệu hai trăm năm mươi nghìn đồng"; 0 → "Không đồng";
//   5000 → "Năm nghìn đồng"; 8000 → "Tám nghìn đồng"; 105000 → "Một trăm linh năm nghìn đồng";
//   21000 → "Hai mươi mốt nghìn đồng"; 15000 → "Mười lăm nghìn đồng"; 25 → "Hai mươi lăm đồng";
//   1000000000 → "Một tỷ đồng"; 1000005 → "Một triệu không trăm linh năm đồng"; 2014 → "Hai nghìn không trăm
//   mười bốn đồng"; 24 → "Hai mươi tư đồng" (the usual reading: "tư" after "mươi", "mốt" for 1 after "mươi",
//   "lăm" for 5 after "mươi"/"mười", "linh" for a zero tens digit before a non-zero unit inside a number).
// - Groups: nghìn, triệu, tỷ; beyond, "nghìn tỷ" / "triệu tỷ" (up to 10^18 − 1). Negative amounts → "Âm " + words.
// - The first letter is upper case, the rest lower case; the text is NFC.
#pragma once
#include <cstdint>
#include <string>

namespace motcua::payments {

std::string amount_in_words(int64_t dong);

}  // namespace motcua::payments
