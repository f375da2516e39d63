#pragma once
// The OSD reader's slots for a clock's text, as the reader would name them, for tests of the
// layout parser: one slot per character (UTF-8), digits and separators by kind, every character
// with what the text recogniser read over it, an M (of AM/PM) with its shape sure.
#include <string>
#include <vector>

#include "indexers/osd/osd_format.hpp"

namespace footage::test {

inline std::vector<indexers::osd::Slot> slots_of(const std::string& text) {
    using indexers::osd::Slot;
    using indexers::osd::SlotKind;
    std::vector<Slot> slots;
    bool space = false;
    for (size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        const std::string c = text.substr(i, length);
        i += length;
        if (c == " ") {
            space = true;
            continue;
        }
        Slot s;
        s.space_before = space;
        space = false;
        s.text = c;
        s.m_shape = c == "M";
        s.m_sure = c == "M";
        if (c.size() == 1 && c[0] >= '0' && c[0] <= '9') {
            s.kind = SlotKind::digit;
        } else if (c == ":" || c == "-" || c == "/" || c == ".") {
            s.kind = SlotKind::separator;
            s.separator = c[0];
        }
        slots.push_back(s);
    }
    return slots;
}

}  // namespace footage::test
