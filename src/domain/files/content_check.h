// What an uploaded attachment is, decided by its content alone (never the name or the declared type), and
// the refusals of files that are of an accepted type but must not be stored. Pure: no I/O, no clock.
//
// Contract
//  - check_content(data) returns "application/pdf", "image/jpeg" or "image/png", or throws DomainError with
//    a Vietnamese message (NFC) that tells the person what to do. The codes, in the order they are checked:
//      · unsupported_media (415): none of the three types — the first bytes are not "%PDF-x.y", FF D8 FF or
//        the PNG signature (a file starting with a ZIP local header "PK\3\4", "MZ", "\x7FELF" or "#!" is
//        refused here unless it also carries a PDF header, see polyglot_file). Also a PDF whose object
//        stream cannot be checked (a filter other than FlateDecode, a predictor other than PNG's, or more
//        than kMaxInflated bytes once inflated).
//      · polyglot_file (415): the file is also another format: a "%PDF-" header within the first 1024 bytes
//        but not at offset 0 (data before the header, e.g. a ZIP or an executable at offset 0 — PDF readers
//        look that far), "%PDF-" within the first 1024 bytes of a JPEG or PNG, or a plausible ZIP
//        end-of-central-directory record ("PK\5\6" within the last 64 KiB + 22 bytes whose counts agree,
//        whose comment fits in the file and whose central directory ends at or before it, starting with
//        "PK\1\2" when it has entries — random bytes in compressed data do not pass).
//      · damaged_file (415): truncated or malformed structure. PDF: no "%%EOF". JPEG: the marker segments
//        from SOI walked through every scan — each length must fit, a frame header (SOF0–3, 5–7, 9–11,
//        13–15) with width > 0 and 1–4 components must come before the first SOS, and EOI must be reached.
//        PNG: every chunk's length fits and its CRC-32 matches, IHDR first (13 bytes, width and height > 0,
//        a valid bit depth / colour type pair), at least one IDAT, no unknown critical chunk, IEND present.
//      · trailing_data (415): bytes after the end of the file format: after the last "%%EOF" of a PDF
//        anything but whitespace, or more than 1 KiB of whitespace; after a JPEG's EOI anything but padding
//        (00, space, tab, CR, LF) — except further complete JPEG images when the first carries an MPF
//        (APP2 "MPF\0") index, as phones write for depth maps and HDR gain maps; after a PNG's IEND chunk
//        anything at all (IEND must be the last 12 bytes).
//      · encrypted_pdf (422): a /Encrypt name (trailer or cross-reference stream dictionary) — the message
//        asks for the file without password protection.
//      · active_content (422): a PDF name among /JavaScript, /JS, /Launch, /EmbeddedFile, /EmbeddedFiles,
//        /RichMedia, /SubmitForm, /ImportData, /XFA. An /OpenAction or /AA is refused exactly when it runs
//        JavaScript (the action then carries /S /JavaScript and /JS); one that merely opens a page, as Word
//        exports write, is kept.
//    PDF names are matched as tokens: '/' then regular characters up to a delimiter or whitespace, with
//    #xx escapes decoded before comparing (/J#61vaScript is /JavaScript), case-sensitive as readers are.
//    The PDF is lexed outside strings, comments and stream data; object streams (/Type /ObjStm, or a stream
//    with /N and /First) are inflated (FlateDecode, PNG predictors) and lexed the same way. Because readers
//    reach objects by xref offset, an object may hide inside another stream's raw bytes or after an
//    unbalanced string: every byte of the file (and of each inflated object stream) is therefore also scanned
//    for the long active names (all but /JS and /XFA), which random or compressed bytes do not spell out.
//  - Accepted as before: any PDF with a header at 0 and nothing but up to 1 KiB of whitespace after its last
//    %%EOF (incremental updates and signatures included), any structurally sound JPEG (baseline, progressive,
//    EXIF thumbnails inside APP1) and PNG (APNG's ancillary chunks included).
//  - Thread-safe; linear time in the size of the input (inflating is capped at kMaxInflated bytes in total).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace motcua::files {

inline constexpr size_t kMaxInflated = 64 * 1024 * 1024;

std::string check_content(std::string_view data);

// Exposed for tests: a PDF name's characters after '/' with #xx escapes decoded ("J#61vaScript" →
// "JavaScript"); a '#' not followed by two hex digits is kept as is.
std::string decode_pdf_name(std::string_view raw);

}  // namespace motcua::files
