#pragma once
// Regions of the frame as users type them: "x,y,w,h", fractions 0..1 of the width and height.
#include <string_view>

#include "lib/media/box.hpp"

namespace footage::search {

// "0.1,0.5,0.3,0.4". Throws ParseError naming the text when it is not four numbers that
// describe a non-empty box inside the frame.
media::Box parse_region(std::string_view text);

}  // namespace footage::search
