// A minimal PDF object reader for pades.cpp: the xref tables (classic only) and trailers of a file, its
// objects parsed into a small tree (Obj), stream bytes as stored, and the serialization of a tree back to
// PDF syntax for an incremental update. Internal to services/documents.
//
// Contract
//  - PdfFile(bytes) reads "startxref", then every classic xref section and trailer along the /Prev chain
//    (the newest entry of an object wins). A cross-reference stream, an /Encrypt entry or malformed syntax
//    throws std::runtime_error with a Vietnamese message; so do object() / load() on bad offsets. Nesting,
//    /Prev chains, reference chains and /Length self-references are bounded, so hostile input throws
//    instead of exhausting the stack. The bytes must outlive the PdfFile (it keeps a view).
//  - Obj keeps numbers, names (with the '/'), strings (literal or hex, as written) and booleans as their
//    source token, so serialize(parse(x)) is x with normalized whitespace.
//  - last_page() walks /Pages → /Kids (last kid each time) to the last /Type /Page and returns its MediaBox
//    (inherited; A4 portrait when absent).
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace motcua::documents::pdf {

struct Obj {
  enum Kind { Null, Bool, Num, Name, Str, Arr, Dict, Ref } kind = Null;
  std::string raw;                                   // Bool/Num/Name/Str: the token as written
  std::vector<Obj> items;                            // Arr
  std::vector<std::pair<std::string, Obj>> entries;  // Dict (keys without the '/')
  long num = 0, gen = 0;                             // Ref

  const Obj* get(std::string_view key) const {
    for (const auto& [k, v] : entries)
      if (k == key) return &v;
    return nullptr;
  }
  void set(const std::string& key, Obj v) {
    for (auto& [k, old] : entries)
      if (k == key) {
        old = std::move(v);
        return;
      }
    entries.emplace_back(key, std::move(v));
  }
  bool is_name(std::string_view n) const { return kind == Name && raw.size() == n.size() + 1 && raw.substr(1) == n; }
  long integer() const;  // a Num that is an integer, else throws
};

inline Obj ref(long num, long gen = 0) {
  Obj o;
  o.kind = Obj::Ref;
  o.num = num;
  o.gen = gen;
  return o;
}
inline Obj token(Obj::Kind k, std::string raw) {
  Obj o;
  o.kind = k;
  o.raw = std::move(raw);
  return o;
}

std::string serialize(const Obj& o);
[[noreturn]] void malformed(const char* what);

class PdfFile {
 public:
  explicit PdfFile(std::string_view pdf);
  const Obj& trailer() const { return trailer_; }
  long startxref() const { return startxref_; }
  long size() const { return size_; }

  struct Loaded {
    Obj value;
    bool is_stream = false;
    std::string data;  // the stream's bytes as stored (still encoded)
  };
  Loaded load(long num) const;  // a free or missing object is Null
  Obj object(long num) const { return load(num).value; }
  Obj resolve(const Obj& o) const;

 private:
  Obj section(long off);
  std::string_view s_;
  Obj trailer_;
  long startxref_ = 0, size_ = 0;
  std::map<long, std::pair<long, long>> xref_;  // num → (offset or -1 when free, generation)
  mutable int depth_ = 0;
};

struct Box {
  double x0 = 0, y0 = 0, x1 = 595.2756, y1 = 841.8898;
};

Box last_page(const PdfFile& f, const Obj& catalog, Obj& page_ref, Obj& page);

}  // namespace motcua::documents::pdf
