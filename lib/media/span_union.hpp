#pragma once
// Spans of a recording joined: what a decode pass decodes when several readers each name theirs.
#include <vector>

#include "lib/media/frame_source.hpp"

namespace footage::media {

// Sorted, with overlapping or touching spans joined; an empty list would mean "everything"
// (FrameSourceOptions::decode_spans), so nothing wanted is one empty span.
std::vector<Span> union_of(std::vector<Span> spans);

}  // namespace footage::media
