// An amount of money in Vietnamese words (see amount_words.h).
#include "domain/payments/amount_words.h"

#include <array>
#include <string_view>

namespace motcua::payments {

namespace {

constexpr std::array<std::string_view, 10> kDigit = {"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"};

void add(std::string& out, std::string_view w) {
  if (!out.empty()) out.push_back(' ');
  out += w;
}

// One group 1–999. `full`: the group is not the leading one, so its hundreds are read even when zero
// ("không trăm") and a zero tens digit before a unit reads "linh".
void read_group(std::string& out, int n, bool full) {
  const int h = n / 100, t = n / 10 % 10, u = n % 10;
  const bool hundreds = full || h > 0;
  if (hundreds) add(out, kDigit[h]), add(out, "trăm");
  if (t == 0) {
    if (u == 0) return;
    if (hundreds) add(out, "linh");
    add(out, kDigit[u]);
    return;
  }
  if (t == 1) add(out, "mười");
  else add(out, kDigit[t]), add(out, "mươi");
  if (u == 0) return;
  if (u == 1 && t >= 2) add(out, "mốt");
  else if (u == 4 && t >= 2) add(out, "tư");
  else if (u == 5) add(out, "lăm");
  else add(out, kDigit[u]);
}

// 1 ≤ v < 10^9 as triệu / nghìn / units groups; `full` as for read_group, for the first group read.
void read_below_billion(std::string& out, uint64_t v, bool full) {
  static constexpr std::array<std::string_view, 3> kName = {"", "nghìn", "triệu"};
  const int groups[3] = {static_cast<int>(v % 1000), static_cast<int>(v / 1000 % 1000), static_cast<int>(v / 1000000)};
  for (int i = 2; i >= 0; --i) {
    if (groups[i] == 0) continue;
    read_group(out, groups[i], full);
    if (i > 0) add(out, kName[i]);
    full = true;
  }
}

// v ≥ 1. Above 10^9 the count of tỷ is read as a number of its own ("một nghìn không trăm linh một tỷ",
// "một triệu tỷ"), then the rest below 10^9 in full.
void read_number(std::string& out, uint64_t v, bool full) {
  constexpr uint64_t kBillion = 1'000'000'000;
  if (v < kBillion) return read_below_billion(out, v, full);
  read_number(out, v / kBillion, full);
  add(out, "tỷ");
  if (v % kBillion) read_below_billion(out, v % kBillion, true);
}

}  // namespace

std::string amount_in_words(int64_t dong) {
  const bool negative = dong < 0;
  uint64_t v = negative ? static_cast<uint64_t>(-(dong + 1)) + 1 : static_cast<uint64_t>(dong);
  if (v == 0) return "Không đồng";
  std::string words;
  read_number(words, v, false);
  words += " đồng";
  if (negative) return "Âm " + words;
  // Every number word starts with an ASCII letter ("không", "một", … "mười"): upper-case it.
  words[0] = static_cast<char>(words[0] - 'a' + 'A');
  return words;
}

}  // namespace motcua::payments
