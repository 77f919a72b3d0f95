// The PDF object reader of pades.cpp (see pdf_objects.h).
#include "services/documents/pdf_objects.h"

#include <set>
#include <stdexcept>

namespace motcua::documents::pdf {

long Obj::integer() const {
  if (kind != Num) throw std::runtime_error("Tệp PDF không hợp lệ: cần một số nguyên");
  try {
    return std::stol(raw);
  } catch (const std::exception&) {
    throw std::runtime_error("Tệp PDF không hợp lệ: số không đọc được");
  }
}

std::string serialize(const Obj& o) {
  switch (o.kind) {
    case Obj::Null: return "null";
    case Obj::Ref: return std::to_string(o.num) + " " + std::to_string(o.gen) + " R";
    case Obj::Arr: {
      std::string s = "[";
      for (size_t i = 0; i < o.items.size(); ++i) s += (i ? " " : "") + serialize(o.items[i]);
      return s + "]";
    }
    case Obj::Dict: {
      std::string s = "<<";
      for (const auto& [k, v] : o.entries) s += "\n/" + k + " " + serialize(v);
      return s + "\n>>";
    }
    default: return o.raw;
  }
}

void malformed(const char* what) { throw std::runtime_error(std::string("Tệp PDF không hợp lệ: ") + what); }

namespace {

bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }
bool is_delim(char c) { return std::string_view("()<>[]{}/%").find(c) != std::string_view::npos; }

class Lexer {
 public:
  Lexer(std::string_view s, size_t pos) : s_(s), p_(pos) {
    if (p_ > s_.size()) malformed("vị trí vượt quá cuối tệp");
  }
  size_t pos() const { return p_; }

  void skip_ws() {
    while (p_ < s_.size()) {
      if (is_ws(s_[p_])) {
        ++p_;
      } else if (s_[p_] == '%') {
        while (p_ < s_.size() && s_[p_] != '\n' && s_[p_] != '\r') ++p_;
      } else {
        break;
      }
    }
  }
  bool keyword(std::string_view k) {
    skip_ws();
    if (s_.substr(p_, k.size()) != k) return false;
    size_t e = p_ + k.size();
    if (e < s_.size() && !is_ws(s_[e]) && !is_delim(s_[e])) return false;
    p_ = e;
    return true;
  }
  long integer() {
    Obj o = value();
    return o.integer();
  }
  char peek() {
    skip_ws();
    return p_ < s_.size() ? s_[p_] : '\0';
  }
  void advance() { ++p_; }

  Obj value(int depth = 0) {
    if (depth > 64) malformed("lồng nhau quá sâu");
    skip_ws();
    if (p_ >= s_.size()) malformed("hết tệp giữa chừng");
    char c = s_[p_];
    if (c == '<' && p_ + 1 < s_.size() && s_[p_ + 1] == '<') {
      p_ += 2;
      Obj d;
      d.kind = Obj::Dict;
      for (;;) {
        skip_ws();
        if (s_.substr(p_, 2) == ">>") {
          p_ += 2;
          return d;
        }
        if (p_ >= s_.size() || s_[p_] != '/') malformed("khóa từ điển không phải tên");
        std::string key = name().substr(1);
        d.entries.emplace_back(std::move(key), value(depth + 1));
      }
    }
    if (c == '<') {
      size_t e = s_.find('>', p_);
      if (e == std::string_view::npos) malformed("chuỗi hex không đóng");
      Obj o = token(Obj::Str, std::string(s_.substr(p_, e + 1 - p_)));
      p_ = e + 1;
      return o;
    }
    if (c == '[') {
      ++p_;
      Obj a;
      a.kind = Obj::Arr;
      while (peek() != ']') {
        if (p_ >= s_.size()) malformed("mảng không đóng");
        a.items.push_back(value(depth + 1));
      }
      ++p_;
      return a;
    }
    if (c == '(') {
      size_t b = p_++;
      int level = 1;
      while (p_ < s_.size() && level > 0) {
        char d = s_[p_++];
        if (d == '\\') ++p_;
        else if (d == '(') ++level;
        else if (d == ')') --level;
      }
      if (level > 0) malformed("chuỗi không đóng");
      return token(Obj::Str, std::string(s_.substr(b, p_ - b)));
    }
    if (c == '/') return token(Obj::Name, name());
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      std::string n = word();
      bool integral = n.find('.') == std::string::npos;
      if (integral) {  // "num gen R"?
        size_t save = p_;
        skip_ws();
        if (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9') {
          std::string g = word();
          if (keyword("R")) {
            try {
              return ref(std::stol(n), std::stol(g));
            } catch (const std::exception&) {
              malformed("tham chiếu không đọc được");
            }
          }
        }
        p_ = save;
      }
      return token(Obj::Num, n);
    }
    std::string w = word();
    if (w == "true" || w == "false") return token(Obj::Bool, w);
    if (w == "null") return Obj{};
    malformed("gặp từ khóa không mong đợi");
  }

 private:
  std::string word() {
    size_t b = p_;
    while (p_ < s_.size() && !is_ws(s_[p_]) && !is_delim(s_[p_])) ++p_;
    if (b == p_) malformed("gặp ký tự không mong đợi");
    return std::string(s_.substr(b, p_ - b));
  }
  std::string name() {
    size_t b = p_++;
    while (p_ < s_.size() && !is_ws(s_[p_]) && !is_delim(s_[p_])) ++p_;
    return std::string(s_.substr(b, p_ - b));
  }
  std::string_view s_;
  size_t p_;
};

}  // namespace

PdfFile::PdfFile(std::string_view pdf) : s_(pdf) {
  size_t sx = s_.rfind("startxref");
  if (sx == std::string_view::npos) malformed("không có startxref");
  Lexer l(s_, sx + 9);
  startxref_ = l.integer();
  std::set<long> seen;
  long off = startxref_;
  bool first = true;
  while (off >= 0) {
    if (!seen.insert(off).second || seen.size() > 1000) malformed("chuỗi /Prev lặp");
    Obj t = section(off);
    if (first) trailer_ = t;
    first = false;
    if (t.get("Encrypt")) throw std::runtime_error("Tệp PDF đã được mã hóa: chưa hỗ trợ");
    const Obj* prev = t.get("Prev");
    off = prev ? prev->integer() : -1;
  }
  const Obj* size = trailer_.get("Size");
  if (!size) malformed("trailer không có /Size");
  size_ = size->integer();
}

PdfFile::Loaded PdfFile::load(long num) const {
  struct Depth {  // a /Length that refers back to its own stream must not recurse forever
    int& d;
    explicit Depth(int& v) : d(v) {
      if (++d > 16) malformed("tham chiếu vòng hoặc lồng quá sâu");
    }
    ~Depth() { --d; }
  } guard(depth_);
  Loaded r;
  auto it = xref_.find(num);
  if (it == xref_.end() || it->second.first < 0) return r;
  Lexer l(s_, static_cast<size_t>(it->second.first));
  if (l.integer() != num || l.integer() != it->second.second || !l.keyword("obj")) malformed("đối tượng không khớp bảng xref");
  r.value = l.value();
  if (r.value.kind == Obj::Dict && l.keyword("stream")) {
    size_t p = l.pos();
    if (p < s_.size() && s_[p] == '\r') ++p;
    if (p < s_.size() && s_[p] == '\n') ++p;
    const Obj* len = r.value.get("Length");
    long n = len ? resolve(*len).integer() : -1;
    if (n < 0 || static_cast<size_t>(n) > s_.size() - p) malformed("độ dài luồng sai");
    r.is_stream = true;
    r.data = std::string(s_.substr(p, static_cast<size_t>(n)));
  }
  return r;
}

Obj PdfFile::resolve(const Obj& o) const {
  Obj r = o;
  for (int i = 0; i < 16 && r.kind == Obj::Ref; ++i) r = object(r.num);
  return r;
}

Obj PdfFile::section(long off) {
  if (off < 0 || static_cast<size_t>(off) >= s_.size()) malformed("startxref ngoài tệp");
  Lexer l(s_, static_cast<size_t>(off));
  if (!l.keyword("xref")) {
    throw std::runtime_error(
        "Tệp PDF dùng luồng tham chiếu chéo (cross-reference stream) hoặc bảng xref hỏng: chưa hỗ trợ ký tệp này");
  }
  for (;;) {
    if (l.keyword("trailer")) break;
    long start = l.integer(), count = l.integer();
    if (start < 0 || count < 0 || count > 10000000) malformed("phân đoạn xref sai");
    for (long i = 0; i < count; ++i) {
      long o = l.integer(), g = l.integer();
      char kind = l.peek();
      if (kind != 'n' && kind != 'f') malformed("mục xref sai");
      l.advance();
      xref_.emplace(start + i, std::make_pair(kind == 'n' ? o : -1L, g));  // the newest section wins
    }
  }
  Obj t = l.value();
  if (t.kind != Obj::Dict) malformed("trailer không phải từ điển");
  return t;
}

Box last_page(const PdfFile& f, const Obj& catalog, Obj& page_ref, Obj& page) {
  page_ref = catalog.get("Pages") ? *catalog.get("Pages") : Obj{};
  Obj media_box;
  for (int depth = 0;; ++depth) {
    if (page_ref.kind != Obj::Ref || depth > 32) malformed("cây trang không hợp lệ");
    page = f.object(page_ref.num);
    if (page.kind != Obj::Dict) malformed("nút trang không phải từ điển");
    if (const Obj* mb = page.get("MediaBox")) media_box = f.resolve(*mb);
    if (page.get("Type") && page.get("Type")->is_name("Page")) break;
    Obj kids = page.get("Kids") ? f.resolve(*page.get("Kids")) : Obj{};
    if (kids.kind != Obj::Arr || kids.items.empty()) malformed("trang không có /Kids");
    page_ref = kids.items.back();
  }
  Box b;
  if (media_box.kind == Obj::Arr && media_box.items.size() == 4) {
    try {
      b = {std::stod(media_box.items[0].raw), std::stod(media_box.items[1].raw), std::stod(media_box.items[2].raw),
           std::stod(media_box.items[3].raw)};
    } catch (const std::exception&) {
      malformed("/MediaBox không đọc được");
    }
  }
  return b;
}

}  // namespace motcua::documents::pdf
