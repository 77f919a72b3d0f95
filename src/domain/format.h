// Vietnamese presentation of values. Time zone is always Asia/Ho_Chi_Minh (UTC+7, no DST).
//  - money(1250000) == "1.250.000 đ"; money(0) == "0 đ"; negative amounts get a leading "-".
//  - number(12345) == "12.345" (the same digit grouping, no unit).
//  - date(ms) == "dd/mm/yyyy"; datetime(ms) == "HH:MM dd/mm/yyyy"; iso_date(ms) == "yyyy-mm-dd" (local).
//  - iso_datetime(ms) == "yyyy-mm-ddTHH:MM:SS+07:00".
//  - parse_iso_date("2026-04-24") -> epoch ms of local midnight, or nullopt when malformed/impossible.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace motcua::fmt {

inline constexpr int64_t kTzOffsetMs = 7 * 3600 * 1000;

std::string money(int64_t dong);
std::string number(int64_t n);
std::string date(int64_t epoch_ms);
std::string datetime(int64_t epoch_ms);
std::string iso_date(int64_t epoch_ms);
std::string iso_datetime(int64_t epoch_ms);
std::optional<int64_t> parse_iso_date(std::string_view s);
int64_t now_ms();
// Tests only (server flag --test-clock): now_ms() returns the system clock plus this offset.
void set_clock_offset_ms(int64_t offset);

}  // namespace motcua::fmt
